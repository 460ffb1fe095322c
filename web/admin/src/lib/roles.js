// Staff roles and what each may open. The server enforces every rule; this only hides what a role
// cannot use (payments and money refunds: finance, operator, support; reconciliation: finance and
// operator; freight templates: operator, the one role the server lets change them; distribution
// settings, distributors and applications: operator; withdrawals: finance, who approves, and operator,
// who looks; marketing — coupons, flash sales, group buys and their settings: operator; the dashboard:
// every role, as on the server — operator, finance and support, who see orders or money; super_admin
// everything). Later areas add their entry here.
export const ROLES = ['super_admin', 'operator', 'finance', 'support']

// Order matters: a role lands on its first entry (the dashboard, for every role).
export const MENU = [
  { path: '/dashboard', key: 'dashboard', roles: ['super_admin', 'operator', 'finance', 'support'] },
  { path: '/staff', key: 'staff', roles: ['super_admin'] },
  { path: '/orders', key: 'orders', roles: ['super_admin', 'operator', 'support'] },
  { path: '/after-sales', key: 'afterSales', roles: ['super_admin', 'operator', 'support'] },
  { path: '/payments', key: 'payments', roles: ['super_admin', 'finance', 'operator', 'support'] },
  { path: '/payment-refunds', key: 'paymentRefunds', roles: ['super_admin', 'finance', 'operator', 'support'] },
  { path: '/reconciliation', key: 'reconciliation', roles: ['super_admin', 'finance', 'operator'] },
  { path: '/products', key: 'products', roles: ['super_admin', 'operator'] },
  { path: '/categories', key: 'categories', roles: ['super_admin', 'operator'] },
  { path: '/freight-templates', key: 'freight', roles: ['super_admin', 'operator'] },
  { path: '/coupons', key: 'coupons', roles: ['super_admin', 'operator'] },
  { path: '/flash-sales', key: 'flashSales', roles: ['super_admin', 'operator'] },
  { path: '/group-buys', key: 'groupBuys', roles: ['super_admin', 'operator'] },
  { path: '/marketing-settings', key: 'marketingSettings', roles: ['super_admin', 'operator'] },
  { path: '/distribution-settings', key: 'distSettings', roles: ['super_admin', 'operator'] },
  { path: '/distributors', key: 'distributors', roles: ['super_admin', 'operator'] },
  { path: '/distributor-applications', key: 'distApplications', roles: ['super_admin', 'operator'] },
  { path: '/withdrawals', key: 'withdrawals', roles: ['super_admin', 'finance', 'operator'] },
  { path: '/order-settings', key: 'orderSettings', roles: ['super_admin'] },
  { path: '/jobs', key: 'jobs', roles: ['super_admin'] },
  { path: '/audit-log', key: 'audit', roles: ['super_admin'] },
  { path: '/account', key: 'account', roles: ROLES },
]

export function canOpen(role, path) {
  const item = MENU.find((m) => path === m.path || path.startsWith(`${m.path}/`))
  return !item || item.roles.includes(role)
}

export function menuFor(role) {
  return MENU.filter((m) => m.roles.includes(role))
}

export function homeFor(role) {
  const first = menuFor(role)[0]
  return first ? first.path : '/account'
}

/** Client-side checks matching the server's rules for staff accounts. */
export function validateStaff(form, { creating }) {
  const errors = {}
  if (creating) {
    if (!/^[a-z0-9_.-]{3,32}$/i.test(form.username || '')) errors.username = 'username'
  }
  if (creating || form.password) {
    const n = (form.password || '').length
    if (n < 10 || n > 128) errors.password = 'password'
  }
  if (!ROLES.includes(form.role)) errors.role = 'role'
  if (String(form.display_name || '').length > 64) errors.display_name = 'display_name'
  return errors
}

/** The PUT body for an edit: only fields that changed, password only when typed. */
export function staffPatch(before, form) {
  const body = {}
  if (form.role !== before.role) body.role = form.role
  const name = String(form.display_name || '').trim()
  if (name && name !== before.display_name) body.display_name = name
  if (form.active !== before.active) body.active = form.active
  if (form.password) body.password = form.password
  return body
}
