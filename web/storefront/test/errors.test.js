import { describe, it, expect } from 'vitest'
import { problemText, KNOWN_CODES } from '../src/lib/errors.js'
import { ApiError, problemFromResponse } from '../src/lib/problem.js'
import { messages } from '../src/lib/messages.js'

const dict = messages['zh-CN']
const t = (k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), dict) ?? k
const has = (k) => typeof k.split('.').reduce((o, p) => (o ? o[p] : undefined), dict) === 'string'

describe('problem text', () => {
  it('translates known codes', () => {
    const e = problemFromResponse(409, JSON.stringify({ type: 'x', title: 'Conflict', status: 409, code: 'out_of_stock', detail: 'SKU 3 has 1 left' }))
    expect(problemText(e, t, has)).toBe('库存不足，请调整数量')
    for (const c of KNOWN_CODES) for (const l of ['zh-CN', 'en']) expect(messages[l].errors[c], `${l} ${c}`).toBeTruthy()
  })
  it('falls back to the server detail, never raw JSON', () => {
    const e = new ApiError({ status: 418, code: 'teapot', title: '我是茶壶', detail: '' })
    expect(problemText(e, t, has)).toBe('我是茶壶')
    expect(problemText(problemFromResponse(502, '<html>bad gateway</html>'), t, has)).toBe('HTTP 502')
    expect(problemText(null, t, has)).toBe('')
  })
})
