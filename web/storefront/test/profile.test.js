import { describe, it, expect } from 'vitest'
import { needsConsent, compareVersions, validateProfile } from '../src/lib/consent.js'
import { profilePatch } from '../src/lib/profile.js'
import { findCategory, topLevelOf, flattenTree } from '../src/lib/category.js'
import { createPager } from '../src/lib/pager.js'

describe('privacy consent', () => {
  it('is needed when missing or older than the current policy', () => {
    expect(needsConsent({ privacy_policy_version: '2026-11', privacy_consent: null })).toBe(true)
    expect(needsConsent({ privacy_policy_version: '2026-11', privacy_consent: { version: '2026-03' } })).toBe(true)
    expect(needsConsent({ privacy_policy_version: '2026-11', privacy_consent: { version: '2026-11' } })).toBe(false)
    expect(needsConsent(null)).toBe(false)
  })
  it('compares versions numerically', () => {
    expect(compareVersions('2026-3', '2026-11')).toBe(-1)
    expect(compareVersions('2026-11', '2026-11')).toBe(0)
    expect(compareVersions('2027-1', '2026-12')).toBe(1)
  })
})

describe('profile form', () => {
  const me = { nickname: 'Alice', avatar_url: '', phone: '138****5678' }
  it('sends only what changed', () => {
    expect(profilePatch(me, { nickname: 'Alice', avatar_url: '', phone: '' })).toEqual({})
    expect(profilePatch(me, { nickname: ' 爱丽丝 ', avatar_url: '', phone: '139 1234 5678' })).toEqual({ nickname: '爱丽丝', phone: '13912345678' })
    expect(profilePatch(me, { nickname: 'Alice', avatar_url: '', phone: '' }, { removePhone: true })).toEqual({ phone: '' })
  })
  it('validates before sending', () => {
    expect(validateProfile({ nickname: '' })).toEqual({ nickname: 'nickname' })
    expect(validateProfile({ phone: '12' })).toEqual({ phone: 'phone' })
    expect(validateProfile({ phone: '13912345678', avatar_url: 'https://x/y.png' })).toEqual({})
    expect(validateProfile({ avatar_url: 'javascript:alert(1)' })).toEqual({ avatar_url: 'avatar_url' })
  })
})

describe('category tree', () => {
  const tree = [
    { id: 1, name: '服饰', children: [{ id: 2, name: 'T恤', children: [] }] },
    { id: 9, name: '家居', children: [] },
  ]
  it('finds nodes and their top-level ancestor', () => {
    expect(findCategory(tree, 2).name).toBe('T恤')
    expect(findCategory(tree, 99)).toBe(null)
    expect(topLevelOf(tree, 2).id).toBe(1)
    expect(topLevelOf(tree, 9).id).toBe(9)
    expect(flattenTree(tree).map((c) => c.depth)).toEqual([0, 1, 0])
  })
})

describe('pager', () => {
  it('appends pages until total is reached', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: i }))
    const fetchPage = async (page, size) => ({ items: all.slice((page - 1) * size, page * size), total: all.length, page, page_size: size })
    const p = createPager(fetchPage, { pageSize: 2 })
    await p.load()
    await p.load()
    expect(p.state.items.length).toBe(4)
    expect(p.state.done).toBe(false)
    await p.load()
    expect(p.state.done).toBe(true)
    await p.load()
    expect(p.state.items.length).toBe(5)
    await p.load(true)
    expect(p.state.items.length).toBe(2)
  })
  it('keeps the error', async () => {
    const p = createPager(async () => {
      throw new Error('boom')
    })
    await p.load()
    expect(p.state.error.message).toBe('boom')
    expect(p.state.loading).toBe(false)
  })
})
