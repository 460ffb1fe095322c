// Every API call the storefront makes, in one place. New areas (cart, orders, distribution) add
// their functions here when the server has them.
import { createClient } from './request.js'
import { getToken, clearSession } from './session.js'

let localeGetter = () => 'zh-CN'
export function setLocaleGetter(fn) {
  localeGetter = fn
}

export const API_BASE = (import.meta.env && import.meta.env.VITE_API_BASE) || ''

export const request = createClient({
  base: API_BASE,
  getToken,
  getLocale: () => localeGetter(),
  onUnauthorized: () => clearSession(),
  // Named statically so uni's H5 build keeps uni.request.
  uni: { request: (options) => uni.request(options) },
})

/** Image paths from the API are site-relative ("/static/demo/p1.svg"); mini-programs need them absolute. */
/** On H5 with a same-origin API the base is the page's origin: uni's <image> would otherwise read a
 * "/static/..." path as one of the app's own files and prefix the router base (/h5/). */
export function assetUrl(path, base = API_BASE) {
  if (!path) return ''
  if (/^(https?:)?\/\//.test(path) || path.startsWith('data:') || path.startsWith('blob:')) return path
  if (!base && typeof location !== 'undefined' && location.origin && /^https?:/.test(location.origin)) base = location.origin
  return `${base}${path.startsWith('/') ? '' : '/'}${path}`
}

/** The site share links point at: the page's origin on H5, the API base in the mini-programs. */
export function siteOrigin() {
  // #ifdef H5
  if (typeof location !== 'undefined' && location.origin) return location.origin
  // #endif
  return API_BASE
}

export const api = {
  categories: () => request('GET', '/api/v1/categories', { auth: false }),
  products: ({ category_id, q, page = 1, page_size = 20 } = {}) =>
    request('GET', '/api/v1/products', { query: { category_id, q, page, page_size }, auth: false }),
  product: (id) => request('GET', `/api/v1/products/${encodeURIComponent(id)}`, { auth: false }),
  login: (code, invite_code) =>
    request('POST', '/api/v1/auth/wechat/login', { body: invite_code ? { code, invite_code } : { code }, auth: false }),
  logout: () => request('POST', '/api/v1/auth/logout'),
  me: () => request('GET', '/api/v1/me'),
  updateMe: (patch) => request('PATCH', '/api/v1/me', { body: patch }),
  deleteMe: () => request('DELETE', '/api/v1/me'),
  exportMe: () => request('GET', '/api/v1/me/export'),

  cart: () => request('GET', '/api/v1/cart/items'),
  addToCart: (sku_id, quantity) => request('POST', '/api/v1/cart/items', { body: { sku_id, quantity } }),
  setCartQuantity: (id, quantity) => request('PATCH', `/api/v1/cart/items/${id}`, { body: { quantity } }),
  removeCartItem: (id) => request('DELETE', `/api/v1/cart/items/${id}`),

  addresses: () => request('GET', '/api/v1/me/addresses'),
  createAddress: (body) => request('POST', '/api/v1/me/addresses', { body }),
  updateAddress: (id, body) => request('PUT', `/api/v1/me/addresses/${id}`, { body }),
  deleteAddress: (id) => request('DELETE', `/api/v1/me/addresses/${id}`),

  quote: (body) => request('POST', '/api/v1/checkout/quote', { body }),
  placeOrder: (body, idempotencyKey) => request('POST', '/api/v1/orders', { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  orders: ({ status, page = 1, page_size = 10 } = {}) => request('GET', '/api/v1/orders', { query: { status, page, page_size } }),
  order: (id) => request('GET', `/api/v1/orders/${id}`),
  cancelOrder: (id, reason) => request('POST', `/api/v1/orders/${id}/cancel`, { body: reason ? { reason } : {} }),
  confirmReceipt: (id) => request('POST', `/api/v1/orders/${id}/confirm-receipt`),
  requestRefund: (id, body) => request('POST', `/api/v1/orders/${id}/refunds`, { body }),

  /** method 'balance' answers the paid order; 'wechat' answers {out_trade_no, amount, sandbox, wechat:{…}}. */
  pay: (id, method) => request('POST', `/api/v1/orders/${id}/pay`, { body: { method } }),
  wallet: () => request('GET', '/api/v1/me/wallet'),
  walletTransactions: ({ page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/me/wallet/transactions', { query: { page, page_size } }),
  topUp: (amount) => request('POST', '/api/v1/me/wallet/top-ups', { body: { amount } }),
  /** The bundled WeChat Pay sandbox (dev servers only): "the shopper pays" a prepay id. */
  sandboxPay: (prepay_id) => request('POST', '/sandbox/wechatpay/pay', { body: { prepay_id }, auth: false }),

  // Distribution (docs/distribution.md).
  distributionRules: () => request('GET', '/api/v1/distribution/rules', { auth: false }),
  applyDistributor: (reason) => request('POST', '/api/v1/distribution/apply', { body: reason ? { reason } : {} }),
  myDistributor: () => request('GET', '/api/v1/me/distributor'),
  commissions: ({ status, page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/me/commissions', { query: { status, page, page_size } }),
  team: ({ depth = 1, page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/me/team', { query: { depth, page, page_size } }),
  withdrawals: ({ status, page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/me/withdrawals', { query: { status, page, page_size } }),
  withdraw: (body, idempotencyKey) => request('POST', '/api/v1/me/withdrawals', { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  /** Binds the logged-in shopper to an inviter: {outcome: bound|unchanged|deferred, referrer_id} or 409 binding_not_allowed {reason}. */
  bindReferrer: (invite_code, channel = 'link') => request('POST', '/api/v1/me/referrer', { body: { invite_code, channel } }),

  // Marketing (docs/marketing.md). The quote/order bodies carry user_coupon_id, points and the activity ids.
  // The token goes along whenever the shopper is logged in (claimed_by_me, can_claim); lists also load without one.
  coupons: () => request('GET', '/api/v1/coupons'),
  /** 201 user coupon, or 409 sold_out / limit_reached / coupon_not_claimable / distributors_only. */
  claimCoupon: (id, body = {}) => request('POST', `/api/v1/coupons/${id}/claim`, { body }),
  myCoupons: ({ status, page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/me/coupons', { query: { status, page, page_size } }),
  flashSales: () => request('GET', '/api/v1/flash-sales'),
  flashSale: (id) => request('GET', `/api/v1/flash-sales/${id}`),
  groupBuys: () => request('GET', '/api/v1/group-buys'),
  groupBuy: (id) => request('GET', `/api/v1/group-buys/${id}`),
  group: (id) => request('GET', `/api/v1/groups/${id}`),
  points: ({ page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/me/points', { query: { page, page_size } }),
  /** {points, streak, balance}, or 409 already_checked_in. */
  checkIn: () => request('POST', '/api/v1/me/check-in'),
}
