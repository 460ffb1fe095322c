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

describe('marketing problems', () => {
  it('says why a coupon is unusable, from its reason', () => {
    const e = new ApiError({ status: 409, code: 'coupon_unusable', reason: 'below_threshold' })
    expect(problemText(e, t, has)).toBe('未达到优惠券的使用门槛')
    expect(problemText(new ApiError({ status: 409, code: 'coupon_unusable', reason: 'new_reason' }), t, has)).toBe('优惠券不可用于本单')
  })
  it('reads limit_reached and sold_out in their context', () => {
    const e = new ApiError({ status: 409, code: 'limit_reached' })
    expect(problemText(e, t, has)).toContain('提现')
    expect(problemText(e, t, has, 'coupon')).toBe('你已领满这张优惠券')
    expect(problemText(e, t, has, 'activity')).toBe('已达到每人限购数量')
    expect(problemText(new ApiError({ status: 409, code: 'group_full' }), t, has, 'activity')).toContain('满员')
    for (const l of ['zh-CN', 'en']) for (const c of ['coupon', 'activity']) for (const code of ['limit_reached', 'sold_out']) {
      expect(messages[l].errors[c][code], `${l} ${c} ${code}`).toBeTruthy()
    }
  })
})
