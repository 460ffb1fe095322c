import { createRouter, createWebHashHistory } from 'vue-router'
import { session } from './lib/session.js'
import { canOpen, homeFor } from './lib/roles.js'
import Layout from './views/Layout.vue'
import Login from './views/Login.vue'

// Each page is its own chunk; the dashboard (the landing page) brings ECharts in its own chunk only.
const routes = [
  { path: '/login', component: Login, meta: { public: true } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: 'dashboard', component: () => import('./views/Dashboard.vue') },
      { path: 'staff', component: () => import('./views/Staff.vue') },
      { path: 'audit-log', component: () => import('./views/AuditLog.vue') },
      { path: 'orders', component: () => import('./views/Orders.vue') },
      { path: 'after-sales', component: () => import('./views/AfterSales.vue') },
      { path: 'products', component: () => import('./views/Products.vue') },
      { path: 'products/:id', component: () => import('./views/ProductEdit.vue') },
      { path: 'categories', component: () => import('./views/Categories.vue') },
      { path: 'freight-templates', component: () => import('./views/FreightTemplates.vue') },
      { path: 'coupons', component: () => import('./views/Coupons.vue') },
      { path: 'flash-sales', component: () => import('./views/FlashSales.vue') },
      { path: 'group-buys', component: () => import('./views/GroupBuys.vue') },
      { path: 'marketing-settings', component: () => import('./views/MarketingSettings.vue') },
      { path: 'order-settings', component: () => import('./views/OrderSettings.vue') },
      { path: 'jobs', component: () => import('./views/Jobs.vue') },
      { path: 'payments', component: () => import('./views/Payments.vue') },
      { path: 'payment-refunds', component: () => import('./views/PaymentRefunds.vue') },
      { path: 'reconciliation', component: () => import('./views/Reconciliation.vue') },
      { path: 'distribution-settings', component: () => import('./views/DistributionSettings.vue') },
      { path: 'distributors', component: () => import('./views/Distributors.vue') },
      { path: 'distributor-applications', component: () => import('./views/DistributorApplications.vue') },
      { path: 'withdrawals', component: () => import('./views/Withdrawals.vue') },
      { path: 'account', component: () => import('./views/Account.vue') },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHashHistory(), routes })

router.beforeEach((to) => {
  if (to.meta.public) return true
  if (!session.token) return to.path === '/' ? '/login' : { path: '/login', query: { next: to.fullPath } }
  // The landing page depends on the role, so it is decided here, after login, not in a static redirect.
  if (to.path === '/') return homeFor(session.admin && session.admin.role)
  if (session.admin && !canOpen(session.admin.role, to.path)) return homeFor(session.admin.role)
  return true
})
