// Checkout request building. "Buy now" passes one SKU through the page query; the cart checks out
// its buyable lines (from_cart). Each checkout attempt gets one Idempotency-Key, reused on retry so a
// double tap or a lost response never creates two orders.

/** Query string for the checkout page: buy-now (sku + qty) or the cart. */
export function checkoutUrl({ skuId, quantity } = {}) {
  if (skuId) return `/pages/checkout/checkout?sku=${encodeURIComponent(skuId)}&qty=${encodeURIComponent(quantity || 1)}`
  return '/pages/checkout/checkout?from=cart'
}

/** Reads the page query back into a source: {items:[{sku_id,quantity}]} or {from_cart:true}. */
export function sourceFromQuery(query = {}) {
  const sku = Number(query.sku)
  if (Number.isSafeInteger(sku) && sku > 0) {
    const qty = Math.max(1, Math.floor(Number(query.qty) || 1))
    return { items: [{ sku_id: sku, quantity: qty }] }
  }
  return { from_cart: true }
}

/** Body for /checkout/quote and /orders. */
export function checkoutBody(source, { addressId = null, note = '' } = {}) {
  const body = source.items ? { items: source.items.map((i) => ({ sku_id: i.sku_id, quantity: i.quantity })) } : { from_cart: true }
  if (addressId != null) body.address_id = addressId
  const n = String(note || '').trim()
  if (n) body.note = n.slice(0, 200)
  return body
}

/** RFC 4122 v4 uuid from crypto when present (H5, newer mini-program runtimes), else Math.random. */
export function uuid4(rand = null) {
  const c = typeof globalThis !== 'undefined' ? globalThis.crypto : null
  if (!rand && c && typeof c.randomUUID === 'function') return c.randomUUID()
  const bytes = new Array(16)
  if (!rand && c && typeof c.getRandomValues === 'function') {
    const a = new Uint8Array(16)
    c.getRandomValues(a)
    for (let i = 0; i < 16; i++) bytes[i] = a[i]
  } else {
    const r = rand || Math.random
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(r() * 256) & 0xff
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const h = bytes.map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * One checkout attempt: the key stays the same until the body changes (then it is a new attempt) or
 * an order was placed.
 */
export function createAttempt(gen = uuid4) {
  let key = null
  let lastBody = null
  return {
    keyFor(body) {
      const s = JSON.stringify(body)
      if (!key || s !== lastBody) {
        key = gen()
        lastBody = s
      }
      return key
    },
    reset() {
      key = null
      lastBody = null
    },
  }
}
