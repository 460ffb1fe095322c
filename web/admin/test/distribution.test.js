import { describe, it, expect } from 'vitest'
import {
  settingsToForm, formToSettings, pctToBp, bpToPct, ratesSumPct, showThreeTierWarning, withdrawalActions, statusActions,
  rebindRequest, designateUserId, canManageDistribution, canReviewWithdrawals, distTag, applicationTag, withdrawalTag,
  MODES, BASES, BIND_MODES, BIND_TRIGGERS, METHODS, DIST_STATUSES, APPLICATION_STATUSES, WITHDRAWAL_STATUSES,
} from '../src/lib/distribution.js'
import { problemText, ApiError } from '../src/lib/problem.js'
import { messages } from '../src/lib/messages.js'

const get = (l, k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), messages[l])
const t = (k) => get('zh-CN', k) ?? k
const te = (k) => typeof get('zh-CN', k) === 'string'

const DEFAULTS = {
  enabled: true, mode: 'apply', tiers: 2, bind_mode: 'permanent', bind_days: 30, bind_trigger: 'visit', commission_base: 'paid',
  rates_bp: [1000, 500, 0], self_purchase: false, freeze_days: 7, threshold_spend: 0, apply_min_spend: 0, auto_approve: false,
  withdrawal: { min: 100, max: 500000, fee_bp: 0, fee_fixed: 0, fee_min: 0, daily_count: 3, daily_amount: 0, monthly_count: 0, monthly_amount: 0, methods: ['wechat', 'balance'], auto_approve_max: 0 },
  new_member_reward: 0, new_member_daily_cap: 0,
}

describe('distribution settings form', () => {
  it('round-trips the server settings (percent ↔ basis points, yuan ↔ fen), keeping fields it does not show', () => {
    const form = settingsToForm(DEFAULTS)
    expect(form.rates).toEqual([10, 5, 0])
    expect(form.w_min).toBe('1.00')
    expect(form.w_max).toBe('5000.00')
    expect(formToSettings(form, DEFAULTS)).toEqual({ settings: DEFAULTS })
  })
  it('converts edits', () => {
    const form = settingsToForm(DEFAULTS)
    Object.assign(form, { tiers: 3, rates: [12.5, 5, 2.25], w_fee_pct: 0.6, w_fee_fixed: '1', w_max: '2000', w_methods: ['bank', 'wechat'] })
    const { settings } = formToSettings(form, DEFAULTS)
    expect(settings.tiers).toBe(3)
    expect(settings.rates_bp).toEqual([1250, 500, 225])
    expect(settings.withdrawal).toMatchObject({ fee_bp: 60, fee_fixed: 100, max: 200000, methods: ['bank', 'wechat'] })
    expect(settings.new_member_reward).toBe(0)
  })
  it('checks rates: each 0..100, the tiers in use sum ≤ 100 %', () => {
    const form = settingsToForm(DEFAULTS)
    form.rates = [60, 50, 90]
    expect(formToSettings(form, DEFAULTS).errors).toEqual({ rates: 'dist.invalid.ratesSum' })
    form.tiers = 1 // only tier 1 in use: 60 % is fine, the others are kept
    expect(formToSettings(form, DEFAULTS).settings.rates_bp).toEqual([6000, 5000, 9000])
    form.rates = [101, 0, 0]
    expect(formToSettings(form, DEFAULTS).errors).toEqual({ rate1: 'dist.invalid.rate' })
    form.rates = [10.555, 0, 0]
    expect(formToSettings(form, DEFAULTS).errors).toEqual({ rate1: 'dist.invalid.rate' })
    expect(ratesSumPct({ tiers: 2, rates: [10, 5, 50] })).toBe(15)
  })
  it('checks tiers, money, limits and methods', () => {
    const form = settingsToForm(DEFAULTS)
    Object.assign(form, { tiers: 4, w_min: '10', w_max: '5', w_methods: [], w_daily_count: -1, apply_min_spend: 'abc' })
    expect(formToSettings(form, DEFAULTS).errors).toEqual({
      tiers: 'errors.tiers_exceed_limit', w_max: 'dist.invalid.minMax', w_methods: 'dist.invalid.methods', w_daily_count: 'dist.invalid.count', apply_min_spend: 'dist.invalid.money',
    })
    expect(formToSettings({ ...settingsToForm(DEFAULTS), tiers: 0 }, DEFAULTS).errors.tiers).toBe('dist.invalid.tiers')
    expect(formToSettings({ ...settingsToForm(DEFAULTS), bind_mode: 'expiring', bind_days: 0 }, DEFAULTS).errors).toEqual({ bind_days: 'dist.invalid.days' })
    expect(pctToBp('')).toBe(null)
    expect(pctToBp(0.01)).toBe(1)
    expect(bpToPct(1250)).toBe(12.5)
  })
  it('shows the three-tier warning for 3 tiers or when the server warns', () => {
    expect(showThreeTierWarning({ tiers: 3 })).toBe(true)
    expect(showThreeTierWarning({ tiers: 2 }, ['three_tiers'])).toBe(true)
    expect(showThreeTierWarning({ tiers: 2 }, [])).toBe(false)
    expect(te('dist.threeTierWarning')).toBe(true)
  })
  it('translates tiers_exceed_limit and binding reasons', () => {
    expect(problemText(new ApiError({ status: 422, code: 'tiers_exceed_limit', detail: 'x' }), t, te)).toBe(messages['zh-CN'].errors.tiers_exceed_limit)
    expect(problemText(new ApiError({ status: 409, code: 'binding_not_allowed', reason: 'cycle' }), t, te)).toBe(messages['zh-CN'].errors.binding.cycle)
    expect(problemText(new ApiError({ status: 409, code: 'binding_not_allowed', reason: 'new_rule' }), t, te)).toBe(messages['zh-CN'].errors.binding_not_allowed)
  })
})

describe('distributors, applications, withdrawals', () => {
  it('offers the status changes that make sense', () => {
    expect(statusActions('none')).toEqual({ active: true, disabled: false, none: false })
    expect(statusActions('active')).toEqual({ active: false, disabled: true, none: true })
    expect(statusActions('disabled')).toEqual({ active: true, disabled: false, none: true })
  })
  it('reviews requested withdrawals; bank and alipay are marked by hand once approved', () => {
    expect(withdrawalActions({ status: 'requested', method: 'wechat' })).toEqual({ approve: true, reject: true, markPaid: false, markFailed: false })
    expect(withdrawalActions({ status: 'approved', method: 'bank' })).toEqual({ approve: false, reject: false, markPaid: true, markFailed: true })
    expect(withdrawalActions({ status: 'approved', method: 'wechat' })).toEqual({ approve: false, reject: false, markPaid: false, markFailed: false })
    expect(withdrawalActions({ status: 'paid', method: 'alipay' }).markPaid).toBe(false)
  })
  it('lets finance review withdrawals and operators manage distributors', () => {
    expect(canReviewWithdrawals('finance')).toBe(true)
    expect(canReviewWithdrawals('operator')).toBe(false)
    expect(canReviewWithdrawals('super_admin')).toBe(true)
    expect(canManageDistribution('operator')).toBe(true)
    expect(canManageDistribution('finance')).toBe(false)
  })
  it('checks the rebind dialog', () => {
    expect(rebindRequest({ user_id: ' 5 ', invite_code: ' YXQMTU4R ', reason: '客服核实' })).toEqual({ userId: 5, body: { invite_code: 'YXQMTU4R', reason: '客服核实' } })
    expect(rebindRequest({ user_id: 'x', invite_code: '<>', reason: ' ' }).errors).toEqual({ user_id: 'dist.invalid.userId', invite_code: 'dist.invalid.inviteCode', reason: 'common.reasonRequired' })
    expect(designateUserId('12')).toBe(12)
    expect(designateUserId('0')).toBe(null)
  })
  it('labels and tags every option and status in both locales', () => {
    for (const l of ['zh-CN', 'en']) {
      for (const m of MODES) expect(get(l, `dist.modes.${m}`), `${l} ${m}`).toBeTruthy()
      for (const b of BASES) expect(get(l, `dist.bases.${b}`)).toBeTruthy()
      for (const b of BIND_MODES) expect(get(l, `dist.bindModes.${b}`)).toBeTruthy()
      for (const b of BIND_TRIGGERS) expect(get(l, `dist.bindTriggers.${b}`)).toBeTruthy()
      for (const m of METHODS) expect(get(l, `dist.methods.${m}`)).toBeTruthy()
      for (const s of DIST_STATUSES) expect(get(l, `dist.statuses.${s}`)).toBeTruthy()
      for (const s of APPLICATION_STATUSES) expect(get(l, `dist.appStatuses.${s}`)).toBeTruthy()
      for (const s of WITHDRAWAL_STATUSES) expect(get(l, `dist.wdStatuses.${s}`)).toBeTruthy()
      for (const k of ['distSettings', 'distributors', 'distApplications', 'withdrawals']) expect(get(l, `menu.${k}`)).toBeTruthy()
    }
    expect(distTag('active')).toBe('success')
    expect(applicationTag('rejected')).toBe('danger')
    expect(withdrawalTag('paid')).toBe('success')
    expect(withdrawalTag('???')).toBe('info')
  })
})
