// Every admin API call. Later areas add theirs here.
import { createClient } from './request.js'
import { session, signOut } from './session.js'
import { currentLocale } from './i18n.js'

export const request = createClient({
  base: import.meta.env.VITE_API_BASE || '',
  getToken: () => session.token,
  getLocale: () => currentLocale(),
  onUnauthorized: () => {
    signOut()
    if (!location.hash.startsWith('#/login')) location.hash = '#/login'
  },
})

export const api = {
  login: (username, password) => request('POST', '/api/v1/admin/auth/login', { body: { username, password }, auth: false }),
  logout: () => request('POST', '/api/v1/auth/logout'),
  me: () => request('GET', '/api/v1/admin/me'),
  staff: () => request('GET', '/api/v1/admin/staff'),
  createStaff: (body) => request('POST', '/api/v1/admin/staff', { body }),
  updateStaff: (id, body) => request('PUT', `/api/v1/admin/staff/${id}`, { body }),
  auditLog: ({ page = 1, page_size = 20, action, admin_id } = {}) =>
    request('GET', '/api/v1/admin/audit-log', { query: { page, page_size, action, admin_id } }),

  categories: () => request('GET', '/api/v1/categories'),
  createCategory: (body) => request('POST', '/api/v1/admin/categories', { body }),
  updateCategory: (id, body) => request('PUT', `/api/v1/admin/categories/${id}`, { body }),
  deleteCategory: (id) => request('DELETE', `/api/v1/admin/categories/${id}`),
  products: ({ q, category_id, page = 1, page_size = 20 } = {}) =>
    request('GET', '/api/v1/admin/products', { query: { q, category_id, page, page_size } }),
  product: (id) => request('GET', `/api/v1/admin/products/${id}`),
  createProduct: (body) => request('POST', '/api/v1/admin/products', { body }),
  updateProduct: (id, body) => request('PUT', `/api/v1/admin/products/${id}`, { body }),
  setShelf: (id, on_shelf) => request('POST', `/api/v1/admin/products/${id}/shelf`, { body: { on_shelf } }),
  stockMoves: (skuId) => request('GET', `/api/v1/admin/skus/${skuId}/stock-adjustments`),
  adjustStock: (skuId, delta, reason) => request('POST', `/api/v1/admin/skus/${skuId}/stock-adjustments`, { body: { delta, reason } }),
  freightTemplates: () => request('GET', '/api/v1/admin/freight-templates'),
  createFreightTemplate: (body) => request('POST', '/api/v1/admin/freight-templates', { body }),
  updateFreightTemplate: (id, body) => request('PUT', `/api/v1/admin/freight-templates/${id}`, { body }),
  deleteFreightTemplate: (id) => request('DELETE', `/api/v1/admin/freight-templates/${id}`),
  orders: (query) => request('GET', '/api/v1/admin/orders', { query }),
  order: (id) => request('GET', `/api/v1/admin/orders/${id}`),
  ship: (id, carrier, tracking_no) => request('POST', `/api/v1/admin/orders/${id}/ship`, { body: { carrier, tracking_no } }),
  cancelOrder: (id, reason) => request('POST', `/api/v1/admin/orders/${id}/cancel`, { body: { reason } }),
  refunds: ({ status, page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/admin/refunds', { query: { status, page, page_size } }),
  approveRefund: (id) => request('POST', `/api/v1/admin/refunds/${id}/approve`),
  rejectRefund: (id, reason) => request('POST', `/api/v1/admin/refunds/${id}/reject`, { body: { reason } }),
  orderSettings: () => request('GET', '/api/v1/admin/settings/orders'),
  saveOrderSettings: (body) => request('PUT', '/api/v1/admin/settings/orders', { body }),
  runJob: (name) => request('POST', `/api/v1/admin/jobs/${name}/run`),

  payments: (query) => request('GET', '/api/v1/admin/payments', { query }),
  paymentRefunds: ({ page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/admin/payment-refunds', { query: { page, page_size } }),
  retryPaymentRefund: (id) => request('POST', `/api/v1/admin/payment-refunds/${id}/retry`),
  adjustWallet: (userId, body, idempotencyKey) =>
    request('POST', `/api/v1/admin/users/${userId}/wallet-adjustments`, { body, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} }),
  reconciliation: () => request('GET', '/api/v1/admin/reports/reconciliation'),
  /** GMV, orders, visitors, buyers per shop day of the last `days` (1..366), totals and top distributors. */
  dashboard: (days = 30) => request('GET', '/api/v1/admin/reports/dashboard', { query: { days } }),

  // Distribution (docs/distribution.md).
  distributionSettings: () => request('GET', '/api/v1/admin/distribution/settings'),
  saveDistributionSettings: (settings) => request('PUT', '/api/v1/admin/distribution/settings', { body: settings }),
  distributors: ({ status, page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/admin/distributors', { query: { status, page, page_size } }),
  setDistributorStatus: (userId, status, reason) =>
    request('POST', `/api/v1/admin/distributors/${userId}/status`, { body: reason ? { status, reason } : { status } }),
  rebind: (userId, body) => request('POST', `/api/v1/admin/users/${userId}/referrer`, { body }),
  applications: ({ status, page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/admin/distributor-applications', { query: { status, page, page_size } }),
  approveApplication: (userId) => request('POST', `/api/v1/admin/distributors/${userId}/approve`, { body: {} }),
  rejectApplication: (userId, reason) => request('POST', `/api/v1/admin/distributors/${userId}/reject`, { body: { reason } }),
  withdrawals: ({ status, page = 1, page_size = 20 } = {}) => request('GET', '/api/v1/admin/withdrawals', { query: { status, page, page_size } }),
  /** action: approve | reject | mark-paid | mark-failed */
  withdrawalAction: (id, action, reason) => request('POST', `/api/v1/admin/withdrawals/${id}/${action}`, { body: reason ? { reason } : {} }),

  // Marketing (docs/marketing.md).
  coupons: () => request('GET', '/api/v1/admin/coupons'),
  createCoupon: (body) => request('POST', '/api/v1/admin/coupons', { body }),
  updateCoupon: (id, body) => request('PUT', `/api/v1/admin/coupons/${id}`, { body }),
  couponStats: (id) => request('GET', `/api/v1/admin/coupons/${id}/stats`),
  flashSales: () => request('GET', '/api/v1/admin/flash-sales'),
  createFlashSale: (body) => request('POST', '/api/v1/admin/flash-sales', { body }),
  updateFlashSale: (id, body) => request('PUT', `/api/v1/admin/flash-sales/${id}`, { body }),
  groupBuys: () => request('GET', '/api/v1/admin/group-buys'),
  createGroupBuy: (body) => request('POST', '/api/v1/admin/group-buys', { body }),
  updateGroupBuy: (id, body) => request('PUT', `/api/v1/admin/group-buys/${id}`, { body }),
  groups: (query) => request('GET', '/api/v1/admin/groups', { query }),
  marketingSettings: () => request('GET', '/api/v1/admin/marketing/settings'),
  saveMarketingSettings: (body) => request('PUT', '/api/v1/admin/marketing/settings', { body }),
}
