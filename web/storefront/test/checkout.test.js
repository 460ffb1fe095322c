import { describe, it, expect } from 'vitest'
import { checkoutUrl, sourceFromQuery, checkoutBody, uuid4, createAttempt, quoteWithOffers } from '../src/lib/checkout.js'
import { ApiError } from '../src/lib/problem.js'

describe('checkout requests', () => {
  it('round-trips buy-now and cart sources through the page query', () => {
    expect(checkoutUrl({ skuId: 7, quantity: 2 })).toBe('/pages/checkout/checkout?sku=7&qty=2')
    expect(checkoutUrl()).toBe('/pages/checkout/checkout?from=cart')
    expect(sourceFromQuery({ sku: '7', qty: '2' })).toEqual({ items: [{ sku_id: 7, quantity: 2 }] })
    expect(sourceFromQuery({ sku: '7', qty: '0' })).toEqual({ items: [{ sku_id: 7, quantity: 1 }] })
    expect(sourceFromQuery({ from: 'cart' })).toEqual({ from_cart: true })
    expect(sourceFromQuery({ sku: 'x' })).toEqual({ from_cart: true })
  })
  it('builds quote/order bodies', () => {
    expect(checkoutBody({ from_cart: true })).toEqual({ from_cart: true })
    expect(checkoutBody({ from_cart: true }, { addressId: 3, note: '  放门口 ' })).toEqual({ from_cart: true, address_id: 3, note: '放门口' })
    expect(checkoutBody({ items: [{ sku_id: 1, quantity: 2 }] }, { addressId: 4, note: '' })).toEqual({ items: [{ sku_id: 1, quantity: 2 }], address_id: 4 })
    expect(checkoutBody({ from_cart: true }, { note: 'x'.repeat(300) }).note.length).toBe(200)
  })
  it('makes v4 uuids', () => {
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    expect(uuid4()).toMatch(re)
    let x = 0
    expect(uuid4(() => ((x = (x + 0.37) % 1)))).toMatch(re)
    expect(uuid4()).not.toBe(uuid4())
  })
  it('keeps one Idempotency-Key per attempt', () => {
    let n = 0
    const a = createAttempt(() => `k${++n}`)
    const body = { from_cart: true, address_id: 1 }
    expect(a.keyFor(body)).toBe('k1')
    expect(a.keyFor({ ...body })).toBe('k1')
    expect(a.keyFor({ ...body, note: 'hi' })).toBe('k2')
    a.reset()
    expect(a.keyFor(body)).toBe('k3')
  })
})

describe('checkout offers', () => {
  it('puts the activity, coupon and points into the body', () => {
    const src = { items: [{ sku_id: 17, quantity: 1 }], activity: { flash_sale_id: 4 } }
    expect(checkoutBody(src, { addressId: 2, userCouponId: 9, points: 300 })).toEqual({
      items: [{ sku_id: 17, quantity: 1 }], flash_sale_id: 4, address_id: 2, user_coupon_id: 9, points: 300,
    })
    expect(checkoutBody(src, { points: 0 })).toEqual({ items: [{ sku_id: 17, quantity: 1 }], flash_sale_id: 4 })
    // The cart never carries an activity.
    expect(checkoutBody({ from_cart: true, activity: { flash_sale_id: 4 } })).toEqual({ from_cart: true })
    expect(checkoutUrl({ skuId: 21, quantity: 1, groupBuyId: 6 })).toBe('/pages/checkout/checkout?sku=21&qty=1&group_buy_id=6')
    expect(checkoutUrl({ skuId: 21, quantity: 1, groupBuyId: 6, groupId: 40 })).toBe('/pages/checkout/checkout?sku=21&qty=1&group_buy_id=6&group_id=40')
  })

  // A fake quote endpoint: coupon 12 takes ¥10 off, coupon 11 ¥5; points are capped at 50 % of the goods
  // after the coupon, and the balance is 800.
  function fakeQuote({ refuse = {} } = {}) {
    const calls = []
    const fn = async (body) => {
      calls.push(body)
      if (refuse.coupon && body.user_coupon_id === refuse.coupon) throw new ApiError({ status: 409, code: 'coupon_unusable', reason: 'expired' })
      const goods = 3900
      const coupon = { 12: 1000, 11: 500 }[body.user_coupon_id] || 0
      const max = Math.min(800, Math.floor((goods - coupon) / 2))
      if ((body.points || 0) > max) throw new ApiError({ status: 422, code: 'points_above_cap' })
      const used = body.points || 0
      return {
        goods_amount: goods, coupon_discount: coupon, points_discount: used, total: goods - coupon - used,
        coupons: [{ user_coupon_id: 11, discount: 500, usable: true }, { user_coupon_id: 12, discount: 1000, usable: true }],
        best_user_coupon_id: 12, points: { balance: 800, max_usable: max, used },
      }
    }
    return { fn, calls }
  }
  const src = { items: [{ sku_id: 17, quantity: 1 }] }

  it('pre-selects the best coupon', async () => {
    const { fn, calls } = fakeQuote()
    const r = await quoteWithOffers(fn, src, { addressId: 2 })
    expect(r.couponId).toBe(12)
    expect(r.quote.total).toBe(2900)
    expect(calls.map((b) => b.user_coupon_id)).toEqual([undefined, 12])
    expect(calls[1].address_id).toBe(2)
  })
  it('keeps "no coupon" and a chosen coupon', async () => {
    let q = fakeQuote()
    let r = await quoteWithOffers(q.fn, src, { coupon: null })
    expect(r.couponId).toBe(null)
    expect(q.calls).toHaveLength(1)
    q = fakeQuote()
    r = await quoteWithOffers(q.fn, src, { coupon: 11 })
    expect(r.couponId).toBe(11)
    expect(r.quote.coupon_discount).toBe(500)
    expect(q.calls).toHaveLength(1)
  })
  it('uses as many points as allowed, capped after the coupon', async () => {
    const { fn, calls } = fakeQuote()
    const r = await quoteWithOffers(fn, src, { points: { use: true, amount: null } })
    // best coupon 12 → goods 2900 → cap 1450, balance 800.
    expect(r).toMatchObject({ couponId: 12, points: 800 })
    expect(r.quote.total).toBe(2100)
    expect(calls).toHaveLength(3)
  })
  it('clamps typed points to the cap instead of sending a refused amount', async () => {
    const { fn, calls } = fakeQuote()
    const r = await quoteWithOffers(fn, src, { coupon: null, points: { use: true, amount: '5000' } })
    expect(r.points).toBe(800)
    expect(calls.every((b) => !(b.points > 800))).toBe(true)
    const r2 = await quoteWithOffers(fn, src, { coupon: null, points: { use: true, amount: '120' } })
    expect(r2.points).toBe(120)
  })
  it('drops a refused coupon and says why', async () => {
    const { fn } = fakeQuote({ refuse: { coupon: 11 } })
    const r = await quoteWithOffers(fn, src, { coupon: 11 })
    expect(r.couponId).toBe(null)
    expect(r.notices[0].code).toBe('coupon_unusable')
    expect(r.notices[0].reason).toBe('expired')
  })
  it('drops points the server refuses', async () => {
    const fn = async (body) => {
      if (body.points) throw new ApiError({ status: 409, code: 'insufficient_points' })
      return { total: 100, coupons: [], best_user_coupon_id: null, points: { balance: 50, max_usable: 50, used: 0 } }
    }
    const r = await quoteWithOffers(fn, src, { points: { use: true, amount: null } })
    expect(r.points).toBe(0)
    expect(r.notices.map((e) => e.code)).toEqual(['insufficient_points'])
  })
  it('passes other errors on', async () => {
    const fn = async () => {
      throw new ApiError({ status: 409, code: 'activity_not_running' })
    }
    await expect(quoteWithOffers(fn, src)).rejects.toMatchObject({ code: 'activity_not_running' })
  })
})
