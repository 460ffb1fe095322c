import { describe, it, expect } from 'vitest'
import { formatTime, formatMoney, formatDetail } from '../src/lib/format.js'
import { messages, pickLocale, LOCALES } from '../src/lib/messages.js'

function keys(o, p = '') {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]))
}

describe('format', () => {
  it('shows UTC times in Asia/Shanghai', () => {
    expect(formatTime('2026-11-25T02:41:37.595Z')).toBe('2026-11-25 10:41:37')
    expect(formatTime(null)).toBe('—')
  })
  it('formats fen', () => {
    expect(formatMoney(123456)).toBe('¥1,234.56')
    expect(formatMoney(-5)).toBe('-¥0.05')
    expect(() => formatMoney(1.2)).toThrow()
  })
  it('flattens audit details', () => {
    expect(formatDetail({ role: 'operator', username: 'op1' })).toBe('role=operator, username=op1')
    expect(formatDetail({ changes: { active: false } })).toBe('changes={"active":false}')
    expect(formatDetail(null)).toBe('')
  })
})

describe('messages', () => {
  it('keeps locales in step', () => {
    const zh = keys(messages['zh-CN']).sort()
    for (const l of LOCALES) expect(keys(messages[l]).sort()).toEqual(zh)
    expect(pickLocale('en-GB')).toBe('en')
    expect(pickLocale('zh-TW')).toBe('zh-CN')
  })
})
