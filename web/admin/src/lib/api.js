// Every admin API call. Later areas (products, orders, withdrawals, reports) add theirs here.
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
}
