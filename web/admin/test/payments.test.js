import { describe, it, expect } from 'vitest'
import {
  paymentQuery, signedYuanToFen, adjustmentRequest, canAdjustWallet, paymentTag, refundTag, labelOr, isCountCheck, uuid4,
  PAYMENT_STATUSES, PAYMENT_METHODS, REFUND_STATUSES, ADJUST_MAX,
} from '../src/lib/payments.js'
import { messages } from '../src/lib/messages.js'

const dict = messages['zh-CN']
const get = (k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), dict)
const t = (k) => get(k) ?? k
const te = (k) => typeof get(k) === 'string'

describe('payments list', () => {
  it('builds the query from the filters', () => {
    expect(paymentQuery({}, 1, 20)).toEqual({ page: 1, page_size: 20 })
    expect(paymentQuery({ status: 'paid', method: 'wechat', user_id: ' 12 ' }, 2, 20)).toEqual({ page: 2, page_size: 20, status: 'paid', method: 'wechat', user_id: 12 })
    expect(paymentQuery({ status: 'weird', method: 'cash', user_id: 'abc' })).toEqual({ page: 1, page_size: 20 })
    expect(paymentQuery({ user_id: '0' })).toEqual({ page: 1, page_size: 20 })
  })
  it('tags and labels every status and method in both locales', () => {
    expect(paymentTag('paid')).toBe('success')
    expect(paymentTag('x')).toBe('info')
    expect(refundTag('failed')).toBe('danger')
    for (const l of ['zh-CN', 'en']) {
      for (const s of PAYMENT_STATUSES) expect(messages[l].payment.statuses[s]).toBeTruthy()
      for (const m of PAYMENT_METHODS) expect(messages[l].payment.methods[m]).toBeTruthy()
      for (const s of REFUND_STATUSES) expect(messages[l].moneyRefund.statuses[s]).toBeTruthy()
    }
  })
})

describe('wallet adjustment', () => {
  it('reads signed yuan', () => {
    expect(signedYuanToFen('-5')).toBe(-500)
    expect(signedYuanToFen(' +12.5 ')).toBe(1250)
    expect(signedYuanToFen('100.05')).toBe(10005)
    expect(signedYuanToFen('1.234')).toBe(null)
    expect(signedYuanToFen('abc')).toBe(null)
  })
  it('checks the form like the server and builds the body', () => {
    expect(adjustmentRequest({ user_id: '2', amount: '-5', reason: ' 补偿冲正 ' })).toEqual({ userId: 2, body: { amount: -500, reason: '补偿冲正' } })
    expect(adjustmentRequest({ user_id: '', amount: '0', reason: '' }).errors).toEqual({
      user_id: 'wallet.invalid.user_id', amount: 'wallet.invalid.amount', reason: 'wallet.invalid.reason',
    })
    expect(adjustmentRequest({ user_id: '2', amount: '100000.01', reason: 'x' }).errors).toEqual({ amount: 'wallet.invalid.amount' })
    expect(adjustmentRequest({ user_id: '2', amount: '-100000', reason: 'x' }).body.amount).toBe(-ADJUST_MAX)
    expect(adjustmentRequest({ user_id: '2', amount: '1', reason: 'x'.repeat(201) }).errors).toEqual({ reason: 'wallet.invalid.reason' })
  })
  it('is for finance and super admins', () => {
    expect(canAdjustWallet('finance')).toBe(true)
    expect(canAdjustWallet('super_admin')).toBe(true)
    expect(canAdjustWallet('operator')).toBe(false)
    expect(canAdjustWallet(undefined)).toBe(false)
  })
  it('makes v4 idempotency keys', () => {
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    expect(uuid4()).toMatch(re)
    expect(uuid4()).not.toBe(uuid4())
    expect(uuid4((a) => a.fill(255))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
  })
})

describe('reconciliation labels', () => {
  it('translates known checks and account kinds, shows unknown ones raw', () => {
    expect(labelOr('recon.checkNames', 'postings_sum_to_zero', t, te)).toBe('全部分录合计为 0')
    expect(labelOr('recon.kinds', 'user_wallet', t, te)).toBe('用户余额')
    expect(labelOr('recon.checkNames', 'brand_new_check', t, te)).toBe('brand_new_check')
    expect(isCountCheck('entries_balanced')).toBe(true)
    expect(isCountCheck('postings_sum_to_zero')).toBe(false)
  })
})
