import { describe, it, expect } from 'vitest'
import {
  couponValue, couponConditions, couponValidity, claimState, claimedPercent, claimBody, couponOptions, couponLine, usableCount,
  bpToZhe, couponStatusKey, couponReasonKey, COUPON_STATUSES, COUPON_REASONS,
} from '../src/lib/coupons.js'
import { messages } from '../src/lib/messages.js'

const get = (l, k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), messages[l])

const TEMPLATE = {
  id: 3, name: '满99减10', kind: 'amount_off', amount: 1000, percent_bp: 0, cap: 0, threshold: 9900, scope: 'all', scope_ids: [],
  total: 30, claimed: 12, remaining: 18, per_user_limit: 1, valid_from: '2026-11-01T00:00:00Z', valid_to: '2026-12-01T00:00:00Z', valid_days: null,
  distributor_only: false, claimed_by_me: false, can_claim: true,
}

describe('coupon display', () => {
  it('shows amount coupons in yuan and percent coupons as 折 / % off', () => {
    expect(couponValue(TEMPLATE)).toEqual({ key: 'coupon.value.amount', params: { amount: '¥10.00' } })
    expect(couponValue({ kind: 'percent_off', percent_bp: 1500 })).toEqual({ key: 'coupon.value.percent', params: { zhe: '8.5', pct: '15%' } })
    expect(bpToZhe(1000)).toBe('9')
    expect(bpToZhe(1250)).toBe('8.75')
    expect(bpToZhe(5000)).toBe('5')
  })
  it('lists the threshold, the cap of a percent coupon and the scope', () => {
    expect(couponConditions(TEMPLATE)).toEqual([
      { key: 'coupon.threshold', params: { amount: '¥99.00' } },
      { key: 'coupon.scope.all', params: {} },
    ])
    expect(couponConditions({ kind: 'percent_off', percent_bp: 2000, cap: 3000, threshold: 0, scope: 'categories' })).toEqual([
      { key: 'coupon.noThreshold', params: {} },
      { key: 'coupon.cap', params: { amount: '¥30.00' } },
      { key: 'coupon.scope.categories', params: {} },
    ])
    expect(couponConditions({ kind: 'percent_off', percent_bp: 2000, cap: 0, threshold: 0, scope: 'weird' }).map((c) => c.key)).toEqual(['coupon.noThreshold', 'coupon.scope.all'])
  })
  it('says how long templates and claimed coupons last', () => {
    const fmt = (iso) => iso.slice(0, 10)
    expect(couponValidity(TEMPLATE, fmt)).toEqual({ key: 'coupon.validRange', params: { from: '2026-11-01', to: '2026-12-01' } })
    expect(couponValidity({ ...TEMPLATE, valid_days: 7 }, fmt)).toEqual({ key: 'coupon.validDays', params: { n: 7 } })
    expect(couponValidity({ ...TEMPLATE, valid_to: null }, fmt)).toEqual({ key: 'coupon.validFrom', params: { from: '2026-11-01' } })
    const mine = { id: 9, template_id: 3, status: 'usable', expires_at: '2026-11-08T00:00:00Z', used_at: null }
    expect(couponValidity(mine, fmt)).toEqual({ key: 'coupon.expiresAt', params: { time: '2026-11-08' } })
    expect(couponValidity({ ...mine, status: 'used', used_at: '2026-11-03T00:00:00Z' }, fmt)).toEqual({ key: 'coupon.usedAt', params: { time: '2026-11-03' } })
    expect(couponValidity({ ...mine, status: 'expired' }, fmt).key).toBe('coupon.expiredAt')
  })
  it('has every label in both languages', () => {
    for (const l of ['zh-CN', 'en']) {
      for (const s of COUPON_STATUSES) expect(get(l, couponStatusKey(s)), `${l} ${s}`).toBeTruthy()
      for (const r of [...COUPON_REASONS, 'x']) expect(get(l, couponReasonKey(r)), `${l} ${r}`).toBeTruthy()
      for (const a of ['claim', 'claimed', 'sold_out', 'distributors', 'unavailable']) expect(get(l, `coupon.action.${a}`)).toBeTruthy()
    }
    expect(couponStatusKey('weird')).toBe('coupon.status.usable')
  })
})

describe('coupon centre', () => {
  it('knows what the claim button does', () => {
    expect(claimState(TEMPLATE)).toBe('claim')
    expect(claimState({ ...TEMPLATE, can_claim: false, remaining: 0 })).toBe('sold_out')
    expect(claimState({ ...TEMPLATE, can_claim: false, claimed_by_me: true })).toBe('claimed')
    expect(claimState({ ...TEMPLATE, can_claim: false, distributor_only: true })).toBe('distributors')
    expect(claimState({ ...TEMPLATE, can_claim: false })).toBe('unavailable')
    expect(claimState(null)).toBe('unavailable')
    // Holding one but allowed more: still claimable.
    expect(claimState({ ...TEMPLATE, claimed_by_me: true, per_user_limit: 2 })).toBe('claim')
  })
  it('shows the claimed share and passes the invite code on', () => {
    expect(claimedPercent(TEMPLATE)).toBe(40)
    expect(claimedPercent({ total: 0 })).toBe(0)
    expect(claimedPercent({ total: 3, claimed: 5 })).toBe(100)
    expect(claimBody('ALICE01')).toEqual({ invite_code: 'ALICE01' })
    expect(claimBody('')).toEqual({})
  })
})

describe('checkout coupon picker', () => {
  const quote = {
    coupon_discount: 1000,
    best_user_coupon_id: 12,
    coupons: [
      { user_coupon_id: 11, name: '9折', discount: 780, usable: true, reason: null },
      { user_coupon_id: 12, name: '满99减10', discount: 1000, usable: true, reason: null },
      { user_coupon_id: 13, name: '满199减30', discount: 0, usable: false, reason: 'below_threshold' },
      { user_coupon_id: 14, name: '减5', discount: 500, usable: true, reason: null },
    ],
  }
  it('offers no coupon, then usable ones by discount, then unusable ones with the reason', () => {
    const opts = couponOptions(quote)
    expect(opts.map((o) => o.id)).toEqual([null, 12, 11, 14, 13])
    expect(opts[1]).toMatchObject({ id: 12, discount: 1000, usable: true, best: true })
    expect(opts[4]).toMatchObject({ id: 13, usable: false, reasonKey: 'coupon.reason.below_threshold', best: false })
    expect(usableCount(quote)).toBe(3)
    expect(couponOptions(null)).toHaveLength(1)
  })
  it('describes the coupon line', () => {
    expect(couponLine(quote, 12)).toEqual({ key: 'checkout.couponOff', params: { amount: '¥10.00' } })
    expect(couponLine(quote, null)).toEqual({ key: 'checkout.couponAvailable', params: { n: 3 } })
    expect(couponLine({ coupons: [] }, null)).toEqual({ key: 'checkout.couponNone', params: {} })
  })
})
