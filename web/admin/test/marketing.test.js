import { describe, it, expect } from 'vitest'
import {
  shopTimeToIso, isoToShopTime, activityStatus, activityTag, groupTag, parseIds, idsText, fieldErrors, couponValue, bpToZhe,
  emptyCoupon, couponToForm, formToCoupon, emptyFlash, flashToForm, formToFlash, emptyGroupBuy, groupBuyToForm, formToGroupBuy,
  groupsQuery, codeFieldError, settingsToForm, formToSettings, settingsExample, settingsFromAnswer, canManageMarketing,
  COUPON_FIELDS, SETTINGS_FIELDS, ACTIVITY_STATUSES, GROUP_STATUSES, COUPON_KINDS, COUPON_SCOPES,
} from '../src/lib/marketing.js'
import { formatMoney } from '../src/lib/format.js'
import { problemText, ApiError } from '../src/lib/problem.js'
import { messages } from '../src/lib/messages.js'

const get = (l, k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), messages[l])
const t = (k) => get('zh-CN', k) ?? k
const te = (k) => typeof get('zh-CN', k) === 'string'
const NOW = Date.parse('2026-11-25T02:41:37Z')

describe('shop time', () => {
  it('reads the pickers as Beijing time and shows UTC back in it', () => {
    expect(shopTimeToIso('2026-11-25 10:00:00')).toBe('2026-11-25T02:00:00.000Z')
    expect(shopTimeToIso('2026-11-25 07:30')).toBe('2026-11-24T23:30:00.000Z')
    expect(shopTimeToIso('2026-02-30 10:00:00')).toBe(null)
    expect(shopTimeToIso('2026-11-25 24:00:00')).toBe(null)
    expect(shopTimeToIso('')).toBe(null)
    expect(isoToShopTime('2026-11-24T23:30:00Z')).toBe('2026-11-25 07:30:00')
    expect(isoToShopTime(null)).toBe('')
    expect(shopTimeToIso(isoToShopTime('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z')
  })
  it('tells an activity\'s status by its window and switch', () => {
    const a = { starts_at: '2026-11-25T02:00:00Z', ends_at: '2026-11-25T04:00:00Z', active: true }
    expect(activityStatus(a, NOW)).toBe('running')
    expect(activityStatus(a, Date.parse('2026-11-25T01:00:00Z'))).toBe('upcoming')
    expect(activityStatus(a, Date.parse('2026-11-25T04:00:00Z'))).toBe('ended')
    expect(activityStatus({ ...a, active: false }, NOW)).toBe('stopped')
    for (const s of ACTIVITY_STATUSES) for (const l of ['zh-CN', 'en']) expect(get(l, `marketing.statuses.${s}`)).toBeTruthy()
    expect(activityTag('running')).toBe('success')
    expect(groupTag('failed')).toBe('danger')
    expect(groupTag('x')).toBe('info')
    for (const s of GROUP_STATUSES) for (const l of ['zh-CN', 'en']) expect(get(l, `marketing.group.statuses.${s}`)).toBeTruthy()
  })
})

describe('coupon form', () => {
  const TEMPLATE = {
    id: 3, name: '满99减10', kind: 'amount_off', amount: 1000, percent_bp: 0, cap: 0, threshold: 9900, scope: 'all', scope_ids: [],
    total: 30, per_user_limit: 1, valid_from: '2026-11-01T00:00:00Z', valid_to: '2026-12-01T00:00:00Z', valid_days: null,
    distributor_only: false, active: true, claimed: 3, used: 1, created_at: '2026-10-30T00:00:00Z',
  }
  it('round-trips a template', () => {
    const form = couponToForm(TEMPLATE)
    expect(form).toMatchObject({ amount: '10.00', threshold: '99.00', valid_from: '2026-11-01 08:00:00', validity: 'window' })
    expect(formToCoupon(form)).toEqual({
      body: {
        name: '满99减10', kind: 'amount_off', amount: 1000, percent_bp: 0, cap: 0, threshold: 9900, scope: 'all', scope_ids: [], total: 30,
        per_user_limit: 1, valid_from: '2026-11-01T00:00:00.000Z', valid_to: '2026-12-01T00:00:00.000Z', valid_days: null, distributor_only: false, active: true,
      },
    })
  })
  it('builds percent coupons with a cap, scopes and N-day validity', () => {
    const form = {
      ...emptyCoupon(NOW), name: ' 会员 85 折 ', kind: 'percent_off', percent: 15, cap: '30', threshold: '', scope: 'products', product_ids: '7, 12，7',
      validity: 'days', valid_days: 7, valid_to: '',
    }
    const { body } = formToCoupon(form)
    expect(body).toMatchObject({ name: '会员 85 折', amount: 0, percent_bp: 1500, cap: 3000, threshold: 0, scope: 'products', scope_ids: [7, 12], valid_days: 7, valid_to: null })
    expect(formToCoupon({ ...form, scope: 'categories', category_ids: [4, 4, 5] }).body.scope_ids).toEqual([4, 5])
    expect(couponToForm({ ...TEMPLATE, kind: 'percent_off', percent_bp: 1500, cap: 3000, scope: 'products', scope_ids: [7, 12], valid_days: 7 })).toMatchObject({
      percent: 15, cap: '30.00', product_ids: '7, 12', validity: 'days', valid_days: 7,
    })
  })
  it('checks what the server checks before sending', () => {
    const bad = {
      ...emptyCoupon(NOW), name: '', amount: '20', threshold: '10', scope: 'categories', category_ids: [], total: 0, per_user_limit: 101,
      valid_from: '2026-11-25 10:00:00', valid_to: '2026-11-25 09:00:00',
    }
    expect(formToCoupon(bad).errors).toEqual({
      name: 'marketing.invalid.name', amount: 'marketing.invalid.amountAboveThreshold', scope_ids: 'marketing.invalid.scopeIds',
      total: 'marketing.invalid.total', per_user_limit: 'marketing.invalid.perUser', valid_to: 'marketing.invalid.timeOrder',
    })
    const base = { ...emptyCoupon(NOW), name: 'x', amount: '5' }
    expect(formToCoupon({ ...base, valid_to: '' }).errors).toEqual({ valid_to: 'marketing.invalid.validToRequired' })
    expect(formToCoupon({ ...base, amount: '0' }).errors.amount).toBe('marketing.invalid.amount')
    expect(formToCoupon({ ...base, kind: 'percent_off', percent: 100, valid_to: '2027-01-01 00:00:00' }).errors).toEqual({ percent: 'marketing.invalid.percent' })
    expect(formToCoupon({ ...base, validity: 'days', valid_days: 0 }).errors).toEqual({ valid_days: 'marketing.invalid.days' })
    expect(formToCoupon({ ...base, scope: 'products', product_ids: '3, x', valid_to: '2027-01-01 00:00:00' }).errors).toEqual({ scope_ids: 'marketing.invalid.scopeIds' })
    for (const l of ['zh-CN', 'en']) for (const k of Object.keys(messages['zh-CN'].marketing.invalid)) expect(get(l, `marketing.invalid.${k}`)).toBeTruthy()
  })
  it('shows the value in the table', () => {
    expect(couponValue({ kind: 'amount_off', amount: 1000 }, formatMoney)).toEqual({ key: 'marketing.coupon.valueAmount', params: { amount: '¥10.00' } })
    expect(couponValue({ kind: 'percent_off', percent_bp: 1500, cap: 3000 }, formatMoney)).toEqual({ key: 'marketing.coupon.valuePercent', params: { pct: 15, zhe: '8.5', cap: '¥30.00' } })
    expect(bpToZhe(1250)).toBe('8.75')
    expect(bpToZhe(0)).toBe('')
    for (const l of ['zh-CN', 'en']) {
      for (const k of COUPON_KINDS) expect(get(l, `marketing.coupon.kinds.${k}`)).toBeTruthy()
      for (const s of COUPON_SCOPES) expect(get(l, `marketing.coupon.scopes.${s}`)).toBeTruthy()
    }
  })
  it('maps the server\'s field errors onto the form', () => {
    const e = new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'percent_bp', reason: 'out_of_range', message: '超出范围' }, { field: 'total', reason: 'out_of_range', message: '太多' }] })
    expect(fieldErrors(e, COUPON_FIELDS)).toEqual({ percent: '超出范围', total: '太多' })
    expect(fieldErrors(null)).toEqual({})
    expect(codeFieldError(new ApiError({ status: 409, code: 'total_below_claimed' }))).toEqual({ total: 'errors.total_below_claimed' })
    expect(codeFieldError(new ApiError({ status: 409, code: 'activity_overlaps' }))).toEqual({ starts_at: 'errors.activity_overlaps' })
    expect(codeFieldError(new ApiError({ status: 409, code: 'conflict' }))).toEqual({})
    for (const l of ['zh-CN', 'en']) for (const c of ['activity_overlaps', 'total_below_claimed', 'quantity_below_sold', 'group_size_locked', 'group_not_complete']) expect(get(l, `errors.${c}`), c).toBeTruthy()
  })
  it('parses id lists', () => {
    expect(parseIds('3, 7，12 15;3')).toEqual([3, 7, 12, 15])
    expect(parseIds('')).toEqual([])
    expect(parseIds('3,-1')).toBe(null)
    expect(idsText([3, 7])).toBe('3, 7')
  })
})

describe('flash sale and group buy forms', () => {
  it('round-trips a flash sale and checks it', () => {
    const f = { id: 4, sku_id: 17, price: 1990, quantity: 50, sold: 3, per_user_limit: 1, starts_at: '2026-11-25T02:00:00Z', ends_at: '2026-11-25T04:00:00Z', pays_commission: false, active: true }
    expect(formToFlash(flashToForm(f))).toEqual({
      body: { sku_id: 17, price: 1990, quantity: 50, per_user_limit: 1, starts_at: '2026-11-25T02:00:00.000Z', ends_at: '2026-11-25T04:00:00.000Z', pays_commission: false, active: true },
    })
    const empty = emptyFlash(NOW)
    expect(empty.starts_at).toBe('2026-11-25 11:00:00')
    expect(empty.ends_at).toBe('2026-11-25 13:00:00')
    expect(formToFlash(empty).errors).toEqual({ sku_id: 'marketing.invalid.sku', price: 'marketing.invalid.money' })
    expect(formToFlash({ ...empty, sku_id: '17', price: '19.9', quantity: 0, ends_at: empty.starts_at }).errors).toEqual({
      quantity: 'marketing.invalid.quantity', ends_at: 'marketing.invalid.timeOrder',
    })
    expect(formToFlash({ ...empty, sku_id: '17', price: '0', ends_at: '2027-12-01 00:00:00' }).errors).toEqual({ ends_at: 'marketing.invalid.windowTooLong' })
  })
  it('round-trips a group buy and checks it', () => {
    const g = {
      id: 6, sku_id: 21, group_price: 2990, group_size: 3, hours: 24, per_user_limit: 2, starts_at: '2026-11-25T02:00:00Z', ends_at: '2026-12-01T02:00:00Z',
      pays_commission: true, virtual_completion: true, leader_reward_points: 100, active: true,
    }
    expect(formToGroupBuy(groupBuyToForm(g)).body).toEqual({
      sku_id: 21, group_price: 2990, group_size: 3, hours: 24, per_user_limit: 2, starts_at: '2026-11-25T02:00:00.000Z', ends_at: '2026-12-01T02:00:00.000Z',
      pays_commission: true, virtual_completion: true, leader_reward_points: 100, active: true,
    })
    const e = formToGroupBuy({ ...emptyGroupBuy(NOW), sku_id: '21', group_price: '29.9', group_size: 1, hours: 721, leader_reward_points: -1 }).errors
    expect(e).toEqual({ group_size: 'marketing.invalid.groupSize', hours: 'marketing.invalid.hours', leader_reward_points: 'marketing.invalid.leaderReward' })
  })
  it('builds the groups query from the filters that are set', () => {
    expect(groupsQuery({ group_buy_id: '6', status: 'open', page: 2 })).toEqual({ group_buy_id: 6, status: 'open', page: 2, page_size: 20 })
    expect(groupsQuery({ group_buy_id: 'x', status: 'weird' })).toEqual({ page: 1, page_size: 20 })
  })
})

describe('marketing settings', () => {
  const S = { points_per_yuan: 1, points_max_deduct_bp: 5000, check_in_points: 10, check_in_streak_bonus: 20, flash_pay_minutes: 5, future_field: 'kept' }
  it('round-trips, keeping fields the form does not show', () => {
    const form = settingsToForm(S)
    expect(form.points_max_deduct_pct).toBe(50)
    expect(formToSettings(form, S)).toEqual({ settings: S })
    expect(formToSettings({ ...form, points_max_deduct_pct: 12.5 }, S).settings.points_max_deduct_bp).toBe(1250)
  })
  it('checks the ranges', () => {
    const form = { ...settingsToForm(S), points_per_yuan: 101, points_max_deduct_pct: 100.5, flash_pay_minutes: 0 }
    expect(formToSettings(form).errors).toEqual({ points_per_yuan: 'marketing.invalid.range', points_max_deduct_pct: 'marketing.invalid.pct', flash_pay_minutes: 'marketing.invalid.range' })
    expect(SETTINGS_FIELDS.points_max_deduct_bp).toBe('points_max_deduct_pct')
  })
  it('works an example and reads either answer shape', () => {
    expect(settingsExample(settingsToForm(S))).toEqual({ earn: 100, maxPoints: 5000 })
    expect(settingsFromAnswer(S)).toBe(S)
    expect(settingsFromAnswer({ settings: S })).toBe(S)
    expect(settingsFromAnswer(null, S)).toBe(S)
  })
  it('is for operators and super admins; problems are translated', () => {
    expect(canManageMarketing('operator')).toBe(true)
    expect(canManageMarketing('finance')).toBe(false)
    expect(problemText(new ApiError({ status: 409, code: 'activity_overlaps' }), t, te)).toContain('重叠')
    for (const l of ['zh-CN', 'en']) expect(get(l, 'jobs.names.expire-groups')).toBeTruthy()
  })
})
