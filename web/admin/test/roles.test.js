import { describe, it, expect } from 'vitest'
import { canOpen, menuFor, homeFor, validateStaff, staffPatch, ROLES } from '../src/lib/roles.js'

describe('roles', () => {
  it('shows staff and audit log to super admins only', () => {
    expect(menuFor('super_admin').map((m) => m.key)).toEqual(['dashboard', 'staff', 'orders', 'afterSales', 'payments', 'paymentRefunds', 'reconciliation', 'products', 'categories', 'freight', 'coupons', 'flashSales', 'groupBuys', 'marketingSettings', 'distSettings', 'distributors', 'distApplications', 'withdrawals', 'orderSettings', 'jobs', 'audit', 'account'])
    expect(canOpen('operator', '/staff')).toBe(false)
    expect(canOpen('finance', '/account')).toBe(true)
    expect(homeFor('super_admin')).toBe('/dashboard')
  })
  it('gives operators the catalogue, orders and money views, support orders and payments, finance the money pages', () => {
    expect(menuFor('operator').map((m) => m.key)).toEqual(['dashboard', 'orders', 'afterSales', 'payments', 'paymentRefunds', 'reconciliation', 'products', 'categories', 'freight', 'coupons', 'flashSales', 'groupBuys', 'marketingSettings', 'distSettings', 'distributors', 'distApplications', 'withdrawals', 'account'])
    expect(menuFor('support').map((m) => m.key)).toEqual(['dashboard', 'orders', 'afterSales', 'payments', 'paymentRefunds', 'account'])
    expect(menuFor('finance').map((m) => m.key)).toEqual(['dashboard', 'payments', 'paymentRefunds', 'reconciliation', 'withdrawals', 'account'])
    expect(canOpen('support', '/reconciliation')).toBe(false)
    expect(canOpen('finance', '/orders')).toBe(false)
    expect(homeFor('finance')).toBe('/dashboard')
    expect(canOpen('operator', '/products/12')).toBe(true)
    expect(canOpen('support', '/products/12')).toBe(false)
    expect(canOpen('support', '/jobs')).toBe(false)
    expect(canOpen('operator', '/order-settings')).toBe(false)
    expect(homeFor('support')).toBe('/dashboard')
    expect(homeFor('operator')).toBe('/dashboard')
  })
  it('gives distribution pages to operators, withdrawals also to finance', () => {
    expect(canOpen('operator', '/distribution-settings')).toBe(true)
    expect(canOpen('operator', '/distributor-applications')).toBe(true)
    expect(canOpen('finance', '/withdrawals')).toBe(true)
    expect(canOpen('finance', '/distributors')).toBe(false)
    expect(canOpen('support', '/withdrawals')).toBe(false)
    expect(canOpen('support', '/distribution-settings')).toBe(false)
  })
  it('validates staff forms like the server', () => {
    expect(validateStaff({ username: 'op1', password: 'operator-pass', role: 'operator' }, { creating: true })).toEqual({})
    expect(validateStaff({ username: 'a', password: 'short', role: 'boss' }, { creating: true })).toEqual({ username: 'username', password: 'password', role: 'role' })
    expect(validateStaff({ username: 'with space', password: 'operator-pass', role: 'finance' }, { creating: true })).toEqual({ username: 'username' })
    expect(validateStaff({ role: 'support', password: '' }, { creating: false })).toEqual({})
    expect(ROLES).toContain('super_admin')
  })
  it('sends only changed fields when editing', () => {
    const before = { role: 'operator', display_name: 'Op', active: true }
    expect(staffPatch(before, { role: 'operator', display_name: 'Op', active: true, password: '' })).toEqual({})
    expect(staffPatch(before, { role: 'finance', display_name: ' 小王 ', active: false, password: 'new-password-1' })).toEqual({
      role: 'finance', display_name: '小王', active: false, password: 'new-password-1',
    })
  })
  it('gives the marketing pages to operators and super admins only', () => {
    for (const p of ['/coupons', '/flash-sales', '/group-buys', '/marketing-settings']) {
      expect(canOpen('operator', p)).toBe(true)
      expect(canOpen('super_admin', p)).toBe(true)
      expect(canOpen('finance', p)).toBe(false)
      expect(canOpen('support', p)).toBe(false)
    }
  })
  it('lands every role on the dashboard, first in the menu, as the server allows it (operator, finance, support)', () => {
    for (const r of ROLES) {
      expect(menuFor(r)[0].key).toBe('dashboard')
      expect(homeFor(r)).toBe('/dashboard')
      expect(canOpen(r, '/dashboard')).toBe(true)
    }
    // Every role that sees orders sees the dashboard.
    for (const r of ROLES.filter((x) => canOpen(x, '/orders'))) expect(canOpen(r, '/dashboard')).toBe(true)
  })
  it('gives freight templates to operators and super admins', () => {
    expect(canOpen('operator', '/freight-templates')).toBe(true)
    expect(canOpen('super_admin', '/freight-templates')).toBe(true)
    expect(canOpen('finance', '/freight-templates')).toBe(false)
    expect(canOpen('support', '/freight-templates')).toBe(false)
  })
})
