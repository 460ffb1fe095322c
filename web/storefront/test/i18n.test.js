import { describe, it, expect, beforeAll } from 'vitest'
import { installFakeUni } from './setup-uni.js'
import { messages, pickLocale, LOCALES } from '../src/lib/messages.js'

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('messages', () => {
  it('has the same keys in every locale', () => {
    const zh = keys(messages['zh-CN']).sort()
    for (const l of LOCALES) expect(keys(messages[l]).sort()).toEqual(zh)
  })
  it('picks a locale from the system language', () => {
    expect(pickLocale('en-US')).toBe('en')
    expect(pickLocale('zh_CN')).toBe('zh-CN')
    expect(pickLocale('zh-Hans')).toBe('zh-CN')
    expect(pickLocale('')).toBe('zh-CN')
  })
})

describe('i18n + session', () => {
  beforeAll(() => installFakeUni())
  it('switches locale, persists it and sends it to the API', async () => {
    const { setLocale, currentLocale, t } = await import('../src/lib/i18n.js')
    expect(currentLocale()).toBe('zh-CN')
    expect(t('tab.home')).toBe('首页')
    setLocale('en')
    expect(currentLocale()).toBe('en')
    expect(t('tab.home')).toBe('Home')
    expect(globalThis.uni.getStorageSync('fx_locale')).toBe('en')
    setLocale('fr')
    expect(currentLocale()).toBe('en')
    expect(t('login.outcome.recorded', { code: 'ABC' })).toContain('ABC')
  })
  it('keeps the token and user in storage', async () => {
    const s = await import('../src/lib/session.js')
    s.setToken('tok')
    s.setUser({ id: 1, nickname: 'A' })
    expect(s.isLoggedIn()).toBe(true)
    expect(s.getUser().nickname).toBe('A')
    s.clearSession()
    expect(s.isLoggedIn()).toBe(false)
    expect(s.getUser()).toBe(null)
  })
  it('makes asset paths absolute', async () => {
    const { assetUrl } = await import('../src/lib/api.js')
    expect(assetUrl('/static/demo/p1.svg', 'https://mall.example.com')).toBe('https://mall.example.com/static/demo/p1.svg')
    expect(assetUrl('https://cdn.x/a.png', 'https://mall.example.com')).toBe('https://cdn.x/a.png')
    expect(assetUrl('', 'x')).toBe('')
  })
})
