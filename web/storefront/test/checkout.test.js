import { describe, it, expect } from 'vitest'
import { checkoutUrl, sourceFromQuery, checkoutBody, uuid4, createAttempt } from '../src/lib/checkout.js'

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
