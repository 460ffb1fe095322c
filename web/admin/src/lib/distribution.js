// Distribution in the console: the settings form ↔ API settings (rates in % ↔ basis points, money in
// yuan text ↔ fen) with the server's checks, status tags, who may do what, and the small forms
// (status change, rebind, reject reasons).
import { yuanToFen, fenToYuanText } from './catalog.js'

export const MODES = ['everyone', 'apply', 'threshold', 'designated']
export const BASES = ['paid', 'list', 'paid_with_shipping']
export const BIND_MODES = ['permanent', 'expiring', 'latest']
export const BIND_TRIGGERS = ['visit', 'first_paid_order']
export const METHODS = ['wechat', 'balance', 'bank', 'alipay']
export const MAX_TIERS = 3

export const DIST_STATUSES = ['active', 'pending', 'disabled', 'none']
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected']
export const WITHDRAWAL_STATUSES = ['requested', 'approved', 'transferring', 'paid', 'rejected', 'failed']

const DIST_TAG = { active: 'success', pending: 'warning', disabled: 'danger', none: 'info' }
const APP_TAG = { pending: 'warning', approved: 'success', rejected: 'danger' }
const WD_TAG = { requested: 'warning', approved: 'primary', transferring: 'primary', paid: 'success', rejected: 'info', failed: 'danger' }
export const distTag = (s) => DIST_TAG[s] || 'info'
export const applicationTag = (s) => APP_TAG[s] || 'info'
export const withdrawalTag = (s) => WD_TAG[s] || 'info'

/** Settings, distributors, applications: operators and super admins. */
export const canManageDistribution = (role) => role === 'super_admin' || role === 'operator'
/** Approving, rejecting and marking withdrawals: finance (and super admins); operators only look. */
export const canReviewWithdrawals = (role) => role === 'super_admin' || role === 'finance'

/** What a withdrawal allows now: review while requested; bank/alipay ones are marked paid/failed by hand once approved. */
export function withdrawalActions(w) {
  const s = w && w.status
  const manual = !!w && (w.method === 'bank' || w.method === 'alipay')
  return {
    approve: s === 'requested',
    reject: s === 'requested',
    markPaid: manual && s === 'approved',
    markFailed: manual && s === 'approved',
  }
}

/** Status changes offered for a distributor row: designate/enable, disable, remove (back to none). */
export function statusActions(status) {
  return {
    active: status !== 'active',
    disabled: status === 'active',
    none: status === 'active' || status === 'disabled',
  }
}

/** 1000 bp → 10 (percent, a number for el-input-number); 1250 → 12.5. */
export const bpToPct = (bp) => Math.round(Number(bp) || 0) / 100
/** 12.5 % → 1250 bp; null when it is not a percentage 0..100 with at most two decimals. */
export function pctToBp(pct) {
  if (pct === '' || pct == null) return null
  const n = Number(pct)
  if (!Number.isFinite(n) || n < 0 || n > 100) return null
  const bp = Math.round(n * 100)
  return Math.abs(bp - n * 100) < 1e-6 ? bp : null
}

/** GET answer's settings → the form (percent numbers, yuan text). */
export function settingsToForm(s = {}) {
  const w = s.withdrawal || {}
  const rates = (s.rates_bp || []).slice(0, MAX_TIERS)
  while (rates.length < MAX_TIERS) rates.push(0)
  return {
    enabled: s.enabled !== false,
    mode: s.mode || 'apply',
    tiers: s.tiers || 2,
    rates: rates.map(bpToPct),
    commission_base: s.commission_base || 'paid',
    self_purchase: !!s.self_purchase,
    bind_mode: s.bind_mode || 'permanent',
    bind_days: s.bind_days ?? 30,
    bind_trigger: s.bind_trigger || 'visit',
    freeze_days: s.freeze_days ?? 7,
    threshold_spend: fenToYuanText(s.threshold_spend ?? 0),
    apply_min_spend: fenToYuanText(s.apply_min_spend ?? 0),
    auto_approve: !!s.auto_approve,
    w_min: fenToYuanText(w.min ?? 100),
    w_max: fenToYuanText(w.max ?? 500000),
    w_fee_pct: bpToPct(w.fee_bp ?? 0),
    w_fee_fixed: fenToYuanText(w.fee_fixed ?? 0),
    w_fee_min: fenToYuanText(w.fee_min ?? 0),
    w_daily_count: w.daily_count ?? 0,
    w_daily_amount: fenToYuanText(w.daily_amount ?? 0),
    w_monthly_count: w.monthly_count ?? 0,
    w_monthly_amount: fenToYuanText(w.monthly_amount ?? 0),
    w_methods: [...(w.methods || ['wechat', 'balance'])],
    w_auto_approve_max: fenToYuanText(w.auto_approve_max ?? 0),
  }
}

const isCount = (v) => Number.isSafeInteger(Number(v)) && Number(v) >= 0 && String(v).trim() !== ''

/**
 * The form → the PUT body (the whole settings object: fields the form does not show are kept from
 * `base`, the settings as loaded), or {errors: {field: message key}}.
 * Checks: tiers 1..3, each rate 0..100 %, the tiers in use sum ≤ 100 %, money fields, min ≤ max, a method.
 */
export function formToSettings(form, base = {}) {
  const errors = {}
  const tiers = Number(form.tiers)
  if (!Number.isInteger(tiers) || tiers < 1) errors.tiers = 'dist.invalid.tiers'
  else if (tiers > MAX_TIERS) errors.tiers = 'errors.tiers_exceed_limit'
  if (!MODES.includes(form.mode)) errors.mode = 'dist.invalid.mode'
  const rates_bp = (form.rates || []).slice(0, MAX_TIERS).map(pctToBp)
  while (rates_bp.length < MAX_TIERS) rates_bp.push(0)
  rates_bp.forEach((bp, i) => {
    if (bp == null) errors[`rate${i + 1}`] = 'dist.invalid.rate'
  })
  const inUse = Math.min(Math.max(tiers || 0, 0), MAX_TIERS)
  if (!rates_bp.slice(0, inUse).some((bp) => bp == null) && rates_bp.slice(0, inUse).reduce((a, b) => a + b, 0) > 10000) errors.rates = 'dist.invalid.ratesSum'
  if (!BASES.includes(form.commission_base)) errors.commission_base = 'dist.invalid.choice'
  if (!BIND_MODES.includes(form.bind_mode)) errors.bind_mode = 'dist.invalid.choice'
  if (!BIND_TRIGGERS.includes(form.bind_trigger)) errors.bind_trigger = 'dist.invalid.choice'
  if (!isCount(form.bind_days) || (form.bind_mode === 'expiring' && Number(form.bind_days) < 1)) errors.bind_days = 'dist.invalid.days'
  if (!isCount(form.freeze_days)) errors.freeze_days = 'dist.invalid.days'
  const money = {}
  for (const f of ['threshold_spend', 'apply_min_spend', 'w_min', 'w_max', 'w_fee_fixed', 'w_fee_min', 'w_daily_amount', 'w_monthly_amount', 'w_auto_approve_max']) {
    money[f] = yuanToFen(form[f])
    if (money[f] == null) errors[f] = 'dist.invalid.money'
  }
  if (money.w_max === 0) errors.w_max = 'dist.invalid.money'
  if (money.w_min != null && money.w_max != null && money.w_min > money.w_max) errors.w_max = 'dist.invalid.minMax'
  const fee_bp = pctToBp(form.w_fee_pct)
  if (fee_bp == null) errors.w_fee_pct = 'dist.invalid.rate'
  for (const f of ['w_daily_count', 'w_monthly_count']) if (!isCount(form[f])) errors[f] = 'dist.invalid.count'
  const methods = (form.w_methods || []).filter((m) => METHODS.includes(m))
  if (!methods.length) errors.w_methods = 'dist.invalid.methods'
  if (Object.keys(errors).length) return { errors }
  const settings = {
    ...base,
    enabled: !!form.enabled,
    mode: form.mode,
    tiers,
    rates_bp,
    commission_base: form.commission_base,
    self_purchase: !!form.self_purchase,
    bind_mode: form.bind_mode,
    bind_days: Number(form.bind_days),
    bind_trigger: form.bind_trigger,
    freeze_days: Number(form.freeze_days),
    threshold_spend: money.threshold_spend,
    apply_min_spend: money.apply_min_spend,
    auto_approve: !!form.auto_approve,
    withdrawal: {
      ...(base.withdrawal || {}),
      min: money.w_min,
      max: money.w_max,
      fee_bp,
      fee_fixed: money.w_fee_fixed,
      fee_min: money.w_fee_min,
      daily_count: Number(form.w_daily_count),
      daily_amount: money.w_daily_amount,
      monthly_count: Number(form.w_monthly_count),
      monthly_amount: money.w_monthly_amount,
      methods,
      auto_approve_max: money.w_auto_approve_max,
    },
  }
  return { settings }
}

/** Sum of the rates of the tiers in use, in percent (for the form's hint). */
export function ratesSumPct(form) {
  const n = Math.min(Math.max(Number(form.tiers) || 0, 0), MAX_TIERS)
  const bp = (form.rates || []).slice(0, n).map((r) => pctToBp(r) || 0).reduce((a, b) => a + b, 0)
  return bp / 100
}

/** The compliance warning shows for 3 tiers in the form, or when the server's answer says so. */
export const showThreeTierWarning = (form, warnings = []) => Number(form && form.tiers) >= 3 || (warnings || []).includes('three_tiers')

function positiveId(v) {
  const s = String(v ?? '').trim()
  if (!/^\d+$/.test(s)) return null
  const n = Number(s)
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/** The rebind dialog {user_id, invite_code, reason} → {userId, body} or {errors}. */
export function rebindRequest(form) {
  const errors = {}
  const userId = positiveId(form.user_id)
  if (!userId) errors.user_id = 'dist.invalid.userId'
  const code = String(form.invite_code || '').trim()
  if (!/^[A-Za-z0-9]{4,32}$/.test(code)) errors.invite_code = 'dist.invalid.inviteCode'
  const reason = String(form.reason || '').trim()
  if (!reason || reason.length > 200) errors.reason = 'common.reasonRequired'
  if (Object.keys(errors).length) return { errors }
  return { userId, body: { invite_code: code, reason } }
}

/** The designate-by-id field → a user id or null. */
export const designateUserId = positiveId
