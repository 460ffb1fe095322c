// Marketing in the console (docs/marketing.md): coupon templates, flash sales, group buys and the
// points settings — form ↔ API body with the server's checks run first (so staff hear about a bad field
// before anything is sent), shop-time ↔ UTC conversion for the date pickers, status tags and labels.
// Money is fen in the API and yuan text in the forms; percentages are % in the forms and basis points
// in the API.
import { yuanToFen, fenToYuanText } from './catalog.js'
import { formatTime } from './format.js'
import { bpToPct, pctToBp } from './distribution.js'

export const COUPON_KINDS = ['amount_off', 'percent_off']
export const COUPON_SCOPES = ['all', 'categories', 'products']
export const VALIDITY_MODES = ['window', 'days']
export const ACTIVITY_STATUSES = ['upcoming', 'running', 'ended', 'stopped']
export const GROUP_STATUSES = ['open', 'succeeded', 'failed']

// The server's limits (crates/domain/src/marketing.rs).
export const LIMITS = {
  money: 100_000_000, // fen
  couponTotal: 10_000_000,
  perUser: 100,
  validDays: 3650,
  scopeIds: 200,
  activityQuantity: 1_000_000,
  groupSize: [2, 50],
  hours: [1, 720],
  leaderReward: 100_000,
  activityDays: 366,
}

const ACTIVITY_TAG = { upcoming: 'primary', running: 'success', ended: 'info', stopped: 'warning' }
const GROUP_TAG = { open: 'warning', succeeded: 'success', failed: 'danger' }
export const activityTag = (s) => ACTIVITY_TAG[s] || 'info'
export const groupTag = (s) => GROUP_TAG[s] || 'info'

/** Marketing pages: operators and super admins (like the catalogue and distribution). */
export const canManageMarketing = (role) => role === 'super_admin' || role === 'operator'

// ---- shop time ------------------------------------------------------------------------------------
// The pickers show the shop's wall clock (Asia/Shanghai, UTC+8 all year, no DST), whatever the
// browser's zone; the API takes and answers UTC.

/** "2026-11-25 10:00:00" (or without seconds) in shop time → "2026-11-25T02:00:00.000Z"; null if invalid. */
export function shopTimeToIso(text) {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$/.exec(String(text ?? ''))
  if (!m) return null
  const [, y, mo, d, h, mi, s = '00'] = m
  const ms = Date.UTC(+y, +mo - 1, +d, +h - 8, +mi, +s)
  const back = new Date(ms + 8 * 3600e3)
  // Reject 2026-02-30 and the like instead of rolling them over.
  if (back.getUTCFullYear() !== +y || back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return null
  return new Date(ms).toISOString()
}

/** API time → the picker's "YYYY-MM-DD HH:mm:ss" in shop time; '' when absent. */
export function isoToShopTime(iso) {
  if (!iso) return ''
  const s = formatTime(iso)
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s) ? s : ''
}

/** upcoming / running / ended by the window at `now`; 'stopped' when staff switched it off. */
export function activityStatus(a, now = Date.now()) {
  if (!a) return 'ended'
  if (a.active === false) return 'stopped'
  const start = Date.parse(a.starts_at)
  const end = Date.parse(a.ends_at)
  if (!Number.isFinite(start) || !Number.isFinite(end)) return ACTIVITY_STATUSES.includes(a.status) ? a.status : 'ended'
  if (now < start) return 'upcoming'
  if (now < end) return 'running'
  return 'ended'
}

// ---- small parsers ------------------------------------------------------------------------------

const intIn = (v, lo, hi) => {
  if (v === '' || v == null) return null
  const n = Number(String(v).trim())
  return Number.isSafeInteger(n) && n >= lo && n <= hi ? n : null
}
const moneyIn = (text, lo, hi = LIMITS.money) => {
  const fen = yuanToFen(text)
  return fen != null && fen >= lo && fen <= hi ? fen : null
}

/** "3, 7，12 15" → [3, 7, 12, 15] (deduplicated, in order); null when something is not a positive id. */
export function parseIds(text) {
  const parts = String(text ?? '').split(/[\s,，;；、]+/).filter(Boolean)
  const ids = []
  for (const p of parts) {
    const n = Number(p)
    if (!Number.isSafeInteger(n) || n <= 0) return null
    if (!ids.includes(n)) ids.push(n)
  }
  return ids
}
export const idsText = (ids) => (ids || []).join(', ')

/** A problem's field errors mapped onto form fields (the API names some differently). */
export function fieldErrors(err, map = {}) {
  const out = {}
  for (const f of (err && err.errors) || []) out[map[f.field] || f.field] = f.message
  return out
}

/** Conflicts the server reports by code that belong to one field of the form: {field: message key}. */
export const CODE_FIELDS = { activity_overlaps: 'starts_at', total_below_claimed: 'total', quantity_below_sold: 'quantity', group_size_locked: 'group_size' }
export function codeFieldError(err) {
  const field = err && CODE_FIELDS[err.code]
  return field ? { [field]: `errors.${err.code}` } : {}
}

// ---- coupons --------------------------------------------------------------------------------------

/** Basis points off → 折 (what Chinese staff read): 1500 → "8.5", 1000 → "9", 1250 → "8.75"; '' out of range. */
export function bpToZhe(bp) {
  const n = Number(bp)
  if (!Number.isFinite(n) || n <= 0 || n >= 10000) return ''
  return ((10000 - n) / 1000).toFixed(3).replace(/\.?0+$/, '')
}

/** "¥10.00" off, or "15% (8.5折)" off: {key, params} for the table. */
export function couponValue(c, money) {
  if (c && c.kind === 'percent_off') {
    const zhe = bpToZhe(c.percent_bp)
    return { key: 'marketing.coupon.valuePercent', params: { pct: bpToPct(c.percent_bp), zhe, cap: c.cap ? money(c.cap) : '' } }
  }
  return { key: 'marketing.coupon.valueAmount', params: { amount: money((c && c.amount) || 0) } }
}

export function emptyCoupon(now = Date.now()) {
  return {
    name: '', kind: 'amount_off', amount: '', percent: null, cap: '0.00', threshold: '0.00', scope: 'all', category_ids: [], product_ids: '',
    total: 100, per_user_limit: 1, valid_from: isoToShopTime(new Date(Math.floor(now / 60e3) * 60e3).toISOString()), validity: 'window', valid_to: '', valid_days: 7,
    distributor_only: false, active: true,
  }
}

/** A template from the list → the dialog's form. */
export function couponToForm(c) {
  return {
    name: c.name || '',
    kind: COUPON_KINDS.includes(c.kind) ? c.kind : 'amount_off',
    amount: c.kind === 'amount_off' ? fenToYuanText(c.amount) : '',
    percent: c.kind === 'percent_off' ? bpToPct(c.percent_bp) : null,
    cap: fenToYuanText(c.cap || 0),
    threshold: fenToYuanText(c.threshold || 0),
    scope: COUPON_SCOPES.includes(c.scope) ? c.scope : 'all',
    category_ids: c.scope === 'categories' ? [...(c.scope_ids || [])] : [],
    product_ids: c.scope === 'products' ? idsText(c.scope_ids) : '',
    total: c.total,
    per_user_limit: c.per_user_limit,
    valid_from: isoToShopTime(c.valid_from),
    validity: c.valid_days ? 'days' : 'window',
    valid_to: isoToShopTime(c.valid_to),
    valid_days: c.valid_days || 7,
    distributor_only: !!c.distributor_only,
    active: c.active !== false,
  }
}

/**
 * The dialog's form → {body} for POST/PUT /admin/coupons, or {errors: {field: message key}}.
 * The server's rules: name 1–64; amount ¥0.01–¥1,000,000 and not above a threshold; percent 0.01–99.99 %;
 * cap/threshold ≥ 0; scope ids 1–200; total 1–10,000,000; per person 1–100; valid_to after valid_from;
 * valid_days 1–3650, or valid_to required without it.
 */
export function formToCoupon(form) {
  const errors = {}
  const name = String(form.name || '').trim()
  if (!name || name.length > 64) errors.name = 'marketing.invalid.name'
  const kind = form.kind
  if (!COUPON_KINDS.includes(kind)) errors.kind = 'marketing.invalid.choice'
  let amount = 0
  let percent_bp = 0
  let cap = 0
  const threshold = moneyIn(form.threshold === '' ? '0' : form.threshold, 0)
  if (threshold == null) errors.threshold = 'marketing.invalid.money'
  if (kind === 'amount_off') {
    amount = moneyIn(form.amount, 1)
    if (amount == null) errors.amount = 'marketing.invalid.amount'
    else if (threshold != null && threshold > 0 && amount > threshold) errors.amount = 'marketing.invalid.amountAboveThreshold'
  } else if (kind === 'percent_off') {
    const bp = pctToBp(form.percent)
    if (bp == null || bp < 1 || bp > 9999) errors.percent = 'marketing.invalid.percent'
    else percent_bp = bp
    cap = moneyIn(form.cap === '' ? '0' : form.cap, 0)
    if (cap == null) errors.cap = 'marketing.invalid.money'
  }
  const scope = form.scope
  let scope_ids = []
  if (!COUPON_SCOPES.includes(scope)) errors.scope = 'marketing.invalid.choice'
  else if (scope === 'categories') scope_ids = [...new Set((form.category_ids || []).map(Number))].filter((n) => Number.isSafeInteger(n) && n > 0)
  else if (scope === 'products') scope_ids = parseIds(form.product_ids)
  if (scope !== 'all' && COUPON_SCOPES.includes(scope) && (!scope_ids || !scope_ids.length || scope_ids.length > LIMITS.scopeIds)) errors.scope_ids = 'marketing.invalid.scopeIds'
  const total = intIn(form.total, 1, LIMITS.couponTotal)
  if (total == null) errors.total = 'marketing.invalid.total'
  const per_user_limit = intIn(form.per_user_limit, 1, LIMITS.perUser)
  if (per_user_limit == null) errors.per_user_limit = 'marketing.invalid.perUser'
  const valid_from = shopTimeToIso(form.valid_from)
  if (!valid_from) errors.valid_from = 'marketing.invalid.time'
  const validTo = form.valid_to ? shopTimeToIso(form.valid_to) : null
  if (form.valid_to && !validTo) errors.valid_to = 'marketing.invalid.time'
  else if (validTo && valid_from && Date.parse(validTo) <= Date.parse(valid_from)) errors.valid_to = 'marketing.invalid.timeOrder'
  let valid_days = null
  if (form.validity === 'days') {
    valid_days = intIn(form.valid_days, 1, LIMITS.validDays)
    if (valid_days == null) errors.valid_days = 'marketing.invalid.days'
  } else if (!validTo && !errors.valid_to) errors.valid_to = 'marketing.invalid.validToRequired'
  if (Object.keys(errors).length) return { errors }
  return {
    body: {
      name, kind, amount, percent_bp, cap, threshold, scope, scope_ids, total, per_user_limit,
      valid_from, valid_to: validTo, valid_days, distributor_only: !!form.distributor_only, active: form.active !== false,
    },
  }
}
/** API field names → coupon form fields. */
export const COUPON_FIELDS = { percent_bp: 'percent' }

// ---- flash sales ----------------------------------------------------------------------------------

function windowDefaults(now) {
  const start = new Date(Math.ceil(now / 3600e3) * 3600e3)
  return { starts_at: isoToShopTime(start.toISOString()), ends_at: isoToShopTime(new Date(start.getTime() + 2 * 3600e3).toISOString()) }
}

export function emptyFlash(now = Date.now()) {
  return { sku_id: '', price: '', quantity: 100, per_user_limit: 1, ...windowDefaults(now), pays_commission: false, active: true }
}

export function flashToForm(f) {
  return {
    sku_id: f.sku_id != null ? String(f.sku_id) : '',
    price: fenToYuanText(f.price),
    quantity: f.quantity,
    per_user_limit: f.per_user_limit,
    starts_at: isoToShopTime(f.starts_at),
    ends_at: isoToShopTime(f.ends_at),
    pays_commission: !!f.pays_commission,
    active: f.active !== false,
  }
}

/** Checks of an activity window: both times, start before end, at most 366 days. */
function checkWindow(form, errors) {
  const starts_at = shopTimeToIso(form.starts_at)
  const ends_at = shopTimeToIso(form.ends_at)
  if (!starts_at) errors.starts_at = 'marketing.invalid.time'
  if (!ends_at) errors.ends_at = 'marketing.invalid.time'
  else if (starts_at && Date.parse(ends_at) <= Date.parse(starts_at)) errors.ends_at = 'marketing.invalid.timeOrder'
  else if (starts_at && Date.parse(ends_at) - Date.parse(starts_at) > LIMITS.activityDays * 86400e3) errors.ends_at = 'marketing.invalid.windowTooLong'
  return { starts_at, ends_at }
}

/** Flash-sale form → {body} or {errors}: SKU id, price ¥0–¥1,000,000, quantity 1–1,000,000, per person 1–100, window. */
export function formToFlash(form) {
  const errors = {}
  const sku_id = intIn(form.sku_id, 1, Number.MAX_SAFE_INTEGER)
  if (sku_id == null) errors.sku_id = 'marketing.invalid.sku'
  const price = moneyIn(form.price, 0)
  if (price == null) errors.price = 'marketing.invalid.money'
  const quantity = intIn(form.quantity, 1, LIMITS.activityQuantity)
  if (quantity == null) errors.quantity = 'marketing.invalid.quantity'
  const per_user_limit = intIn(form.per_user_limit, 1, LIMITS.perUser)
  if (per_user_limit == null) errors.per_user_limit = 'marketing.invalid.perUser'
  const { starts_at, ends_at } = checkWindow(form, errors)
  if (Object.keys(errors).length) return { errors }
  return { body: { sku_id, price, quantity, per_user_limit, starts_at, ends_at, pays_commission: !!form.pays_commission, active: form.active !== false } }
}

// ---- group buys -----------------------------------------------------------------------------------

export function emptyGroupBuy(now = Date.now()) {
  const w = windowDefaults(now)
  const end = new Date(Date.parse(shopTimeToIso(w.starts_at)) + 7 * 86400e3)
  return {
    sku_id: '', group_price: '', group_size: 3, hours: 24, per_user_limit: 1, starts_at: w.starts_at, ends_at: isoToShopTime(end.toISOString()),
    pays_commission: false, virtual_completion: false, leader_reward_points: 0, active: true,
  }
}

export function groupBuyToForm(g) {
  return {
    sku_id: g.sku_id != null ? String(g.sku_id) : '',
    group_price: fenToYuanText(g.group_price),
    group_size: g.group_size,
    hours: g.hours,
    per_user_limit: g.per_user_limit,
    starts_at: isoToShopTime(g.starts_at),
    ends_at: isoToShopTime(g.ends_at),
    pays_commission: !!g.pays_commission,
    virtual_completion: !!g.virtual_completion,
    leader_reward_points: g.leader_reward_points || 0,
    active: g.active !== false,
  }
}

/** Group-buy form → {body} or {errors}: group size 2–50, 1–720 hours, leader reward 0–100,000 points. */
export function formToGroupBuy(form) {
  const errors = {}
  const sku_id = intIn(form.sku_id, 1, Number.MAX_SAFE_INTEGER)
  if (sku_id == null) errors.sku_id = 'marketing.invalid.sku'
  const group_price = moneyIn(form.group_price, 0)
  if (group_price == null) errors.group_price = 'marketing.invalid.money'
  const group_size = intIn(form.group_size, ...LIMITS.groupSize)
  if (group_size == null) errors.group_size = 'marketing.invalid.groupSize'
  const hours = intIn(form.hours, ...LIMITS.hours)
  if (hours == null) errors.hours = 'marketing.invalid.hours'
  const per_user_limit = intIn(form.per_user_limit, 1, LIMITS.perUser)
  if (per_user_limit == null) errors.per_user_limit = 'marketing.invalid.perUser'
  const leader_reward_points = intIn(form.leader_reward_points === '' ? 0 : form.leader_reward_points, 0, LIMITS.leaderReward)
  if (leader_reward_points == null) errors.leader_reward_points = 'marketing.invalid.leaderReward'
  const { starts_at, ends_at } = checkWindow(form, errors)
  if (Object.keys(errors).length) return { errors }
  return {
    body: {
      sku_id, group_price, group_size, hours, per_user_limit, starts_at, ends_at,
      pays_commission: !!form.pays_commission, virtual_completion: !!form.virtual_completion, leader_reward_points, active: form.active !== false,
    },
  }
}
/** The groups list's query: only the filters that are set. */
export function groupsQuery({ group_buy_id = '', status = '', page = 1, page_size = 20 } = {}) {
  const q = { page, page_size }
  const id = intIn(group_buy_id, 1, Number.MAX_SAFE_INTEGER)
  if (id) q.group_buy_id = id
  if (GROUP_STATUSES.includes(status)) q.status = status
  return q
}

// ---- settings -------------------------------------------------------------------------------------

export const SETTINGS_DEFAULTS = { points_per_yuan: 1, points_max_deduct_bp: 5000, check_in_points: 10, check_in_streak_bonus: 20, flash_pay_minutes: 5 }

export function settingsToForm(s = {}) {
  const v = { ...SETTINGS_DEFAULTS, ...s }
  return {
    points_per_yuan: v.points_per_yuan,
    points_max_deduct_pct: bpToPct(v.points_max_deduct_bp),
    check_in_points: v.check_in_points,
    check_in_streak_bonus: v.check_in_streak_bonus,
    flash_pay_minutes: v.flash_pay_minutes,
  }
}

/** Settings form → {settings} (fields the form does not show kept from `base`) or {errors}. */
export function formToSettings(form, base = {}) {
  const errors = {}
  const points_per_yuan = intIn(form.points_per_yuan, 0, 100)
  if (points_per_yuan == null) errors.points_per_yuan = 'marketing.invalid.range'
  const bp = pctToBp(form.points_max_deduct_pct)
  if (bp == null) errors.points_max_deduct_pct = 'marketing.invalid.pct'
  const check_in_points = intIn(form.check_in_points, 0, 10000)
  if (check_in_points == null) errors.check_in_points = 'marketing.invalid.range'
  const check_in_streak_bonus = intIn(form.check_in_streak_bonus, 0, 10000)
  if (check_in_streak_bonus == null) errors.check_in_streak_bonus = 'marketing.invalid.range'
  const flash_pay_minutes = intIn(form.flash_pay_minutes, 1, 120)
  if (flash_pay_minutes == null) errors.flash_pay_minutes = 'marketing.invalid.range'
  if (Object.keys(errors).length) return { errors }
  return { settings: { ...base, points_per_yuan, points_max_deduct_bp: bp, check_in_points, check_in_streak_bonus, flash_pay_minutes } }
}
/** The settings in a GET/PUT answer: the object itself, or under `settings`; `fallback` when the answer has none. */
export function settingsFromAnswer(answer, fallback = {}) {
  if (answer && typeof answer === 'object') {
    if ('points_per_yuan' in answer) return answer
    if (answer.settings && typeof answer.settings === 'object') return answer.settings
  }
  return fallback
}
/** API field names → settings form fields. */
export const SETTINGS_FIELDS = { points_max_deduct_bp: 'points_max_deduct_pct' }

/** A worked example for the settings page: points a ¥100 order earns, and what at most it may pay with points. */
export function settingsExample(form, goods = 10000) {
  const perYuan = Number(form.points_per_yuan) || 0
  const bp = pctToBp(form.points_max_deduct_pct) || 0
  return { earn: Math.floor(goods / 100) * perYuan, maxPoints: Math.floor((goods * bp) / 10000) }
}
