// Checkout request building. "Buy now" passes one SKU through the page query; the cart checks out
// its buyable lines (from_cart). A buy-now may carry an activity (flash_sale_id, or group_buy_id with
// group_id to join an open group). Each checkout attempt gets one Idempotency-Key, reused on retry so a
// double tap or a lost response never creates two orders. The coupon and points choices are resolved
// against the quote by `quoteWithOffers` (docs/marketing.md: the best coupon is pre-selected, points
// never above the quote's max_usable).
import { pointsToSend } from './points.js'

const posInt = (v) => {
  const n = Number(v)
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/** Query string for the checkout page: buy-now (sku + qty, optionally an activity) or the cart. */
export function checkoutUrl({ skuId, quantity, flashSaleId, groupBuyId, groupId } = {}) {
  if (skuId) {
    let url = `/pages/checkout/checkout?sku=${encodeURIComponent(skuId)}&qty=${encodeURIComponent(quantity || 1)}`
    if (flashSaleId) url += `&flash_sale_id=${encodeURIComponent(flashSaleId)}`
    else if (groupBuyId) {
      url += `&group_buy_id=${encodeURIComponent(groupBuyId)}`
      if (groupId) url += `&group_id=${encodeURIComponent(groupId)}`
    }
    return url
  }
  return '/pages/checkout/checkout?from=cart'
}

/**
 * Reads the page query back into a source: {items:[{sku_id,quantity}], activity?} or {from_cart:true}.
 * activity is {flash_sale_id} or {group_buy_id, group_id?}; only a buy-now carries one.
 */
export function sourceFromQuery(query = {}) {
  const sku = Number(query.sku)
  if (Number.isSafeInteger(sku) && sku > 0) {
    const qty = Math.max(1, Math.floor(Number(query.qty) || 1))
    const source = { items: [{ sku_id: sku, quantity: qty }] }
    const flash = posInt(query.flash_sale_id)
    const groupBuy = posInt(query.group_buy_id)
    if (flash) source.activity = { flash_sale_id: flash }
    else if (groupBuy) {
      source.activity = { group_buy_id: groupBuy }
      const group = posInt(query.group_id)
      if (group) source.activity.group_id = group
    }
    return source
  }
  return { from_cart: true }
}

/** Body for /checkout/quote and /orders. */
export function checkoutBody(source, { addressId = null, note = '', userCouponId = null, points = 0 } = {}) {
  const body = source.items ? { items: source.items.map((i) => ({ sku_id: i.sku_id, quantity: i.quantity })) } : { from_cart: true }
  if (source.items && source.activity) Object.assign(body, source.activity)
  if (addressId != null) body.address_id = addressId
  const n = String(note || '').trim()
  if (n) body.note = n.slice(0, 200)
  if (userCouponId != null) body.user_coupon_id = userCouponId
  if (Number.isSafeInteger(points) && points > 0) body.points = points
  return body
}

/** Errors of a quote/order that mean "drop the coupon" or "drop the points" and ask again. */
export const COUPON_ERRORS = ['coupon_unusable']
export const POINTS_ERRORS = ['points_above_cap', 'insufficient_points']

/**
 * Quotes with the shopper's offers and settles them against the answer, in a few requests at most:
 * - coupon 'auto' (nothing chosen yet): the quote's best_user_coupon_id is taken when there is one;
 *   null = no coupon; an id = that coupon (dropped, with the error kept in `notices`, if the server
 *   refuses it with coupon_unusable);
 * - points {use, amount}: amount null = as many as allowed; the amount sent is clamped to the last
 *   answer's points (max_usable, balance), so a coupon that lowers the cap lowers the points too;
 *   points_above_cap / insufficient_points drop the points and ask again.
 * Returns {quote, couponId, points, notices} — what was sent for the quote that is returned.
 */
export async function quoteWithOffers(quote, source, { addressId = null, note = '', coupon = 'auto', points = { use: false, amount: null } } = {}, maxRequests = 5) {
  let couponId = coupon === 'auto' ? null : coupon
  let autoDone = coupon !== 'auto'
  let sendPoints = 0
  let pointsFailed = false
  const notices = []
  let last = null
  for (let i = 0; i < maxRequests; i++) {
    let q
    try {
      q = await quote(checkoutBody(source, { addressId, note, userCouponId: couponId, points: sendPoints }))
    } catch (e) {
      if (e && COUPON_ERRORS.includes(e.code) && couponId != null) {
        notices.push(e)
        couponId = null
        autoDone = true
        continue
      }
      if (e && POINTS_ERRORS.includes(e.code) && sendPoints > 0) {
        notices.push(e)
        sendPoints = 0
        pointsFailed = true
        continue
      }
      throw e
    }
    last = { quote: q, couponId, points: sendPoints, notices }
    if (!autoDone) {
      autoDone = true
      if (q && q.best_user_coupon_id != null) {
        couponId = q.best_user_coupon_id
        continue
      }
    }
    const target = pointsFailed ? 0 : pointsToSend(points, q && q.points)
    if (target !== sendPoints) {
      sendPoints = target
      continue
    }
    return last
  }
  if (last) return last
  throw new Error('quote failed')
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
