// The distributor centre and the rules page, apart from the pages: status labels, what the centre
// shows in each state, the share link, commission/withdrawal labels and explanations, the withdraw
// form's checks (the server's rules, from GET /distribution/rules) and its Idempotency-Key handling.
import { yuanToFen, formatMoney } from './money.js'
import { uuid4 } from './checkout.js'

export const DIST_STATUSES = ['none', 'pending', 'active', 'disabled']
export const distStatusKey = (s) => `dist.status.${DIST_STATUSES.includes(s) ? s : 'none'}`

export const COMMISSION_STATUSES = ['frozen', 'settled', 'reversed']
export const commissionStatusKey = (s) => (COMMISSION_STATUSES.includes(s) ? `dist.commissionStatus.${s}` : 'dist.commissionStatus.unknown')

export const WITHDRAWAL_STATUSES = ['requested', 'approved', 'transferring', 'paid', 'rejected', 'failed']
export const withdrawalStatusKey = (s) => (WITHDRAWAL_STATUSES.includes(s) ? `dist.withdrawalStatus.${s}` : 'dist.withdrawalStatus.unknown')

export const WITHDRAW_METHODS = ['wechat', 'balance', 'bank', 'alipay']
export const methodKey = (m) => (WITHDRAW_METHODS.includes(m) ? `dist.method.${m}` : 'dist.method.other')

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected']

export const BIND_REASONS = ['self', 'cycle', 'not_distributor', 'unknown_code', 'already_bound', 'has_paid_order', 'disabled', 'distribution_off']
export const bindReasonKey = (r) => (BIND_REASONS.includes(r) ? `errors.binding.${r}` : 'errors.binding.other')

/**
 * What the centre shows for GET /me/distributor (+ the rules' mode):
 * { state: 'active'|'pending'|'disabled'|'apply'|'none', rejected: reject reason or '' }.
 * 'apply' = not a distributor and the mode takes applications; 'none' = not a distributor, nothing to do.
 */
export function centreState(dist, mode = dist && dist.mode) {
  if (!dist) return { state: 'none', rejected: '' }
  const app = dist.application
  const rejected = app && app.status === 'rejected' ? app.reject_reason || '' : ''
  if (dist.status === 'active') return { state: 'active', rejected: '' }
  if (dist.status === 'disabled') return { state: 'disabled', rejected: '' }
  if (dist.status === 'pending' || (app && app.status === 'pending')) return { state: 'pending', rejected: '' }
  if (mode === 'apply') return { state: 'apply', rejected, wasRejected: !!(app && app.status === 'rejected') }
  return { state: 'none', rejected }
}

/** The H5 share link of an invite code. `origin` is the site (location.origin on H5, the API base elsewhere). */
export function shareLink(origin, code) {
  const base = String(origin || '').replace(/\/+$/, '')
  return `${base}/h5/#/pages/index/index?invite=${encodeURIComponent(code || '')}`
}

/** A product page to share, with the sharer's invite code: `<origin>/h5/#/pages/product/product?id=ID&invite_code=CODE`
 * (the share poster's QR code; the product page reads `invite_code` like `invite`). */
export function productShareLink(origin, productId, code) {
  const base = String(origin || '').replace(/\/+$/, '')
  const invite = code ? `&invite_code=${encodeURIComponent(code)}` : ''
  return `${base}/h5/#/pages/product/product?id=${encodeURIComponent(productId)}${invite}`
}

/** 1000 bp → "10%", 1250 → "12.5%", 333 → "3.33%". */
export function bpToPercent(bp) {
  const n = Number(bp) || 0
  const s = (n / 100).toFixed(2).replace(/\.?0+$/, '')
  return `${s}%`
}

/** The tiers in use and their rates, for the rules table: [{tier: 1, rate: '10%'}, …]. */
export function rulesTable(settings) {
  if (!settings) return []
  const tiers = Math.max(0, Math.min(3, Number(settings.tiers) || 0))
  const rates = settings.rates_bp || []
  return Array.from({ length: tiers }, (_, i) => ({ tier: i + 1, rate: bpToPercent(rates[i] || 0), bp: rates[i] || 0 }))
}

/** The rules text in the page's language ('zh-CN' → text.zh, else text.en). */
export function rulesText(rules, locale) {
  const text = (rules && rules.text) || {}
  return (String(locale || '').startsWith('zh') ? text.zh : text.en) || text.zh || text.en || ''
}

/** The team tabs: depth 1..tiers. */
export function teamDepths(tiers) {
  const n = Math.max(1, Math.min(3, Number(tiers) || 1))
  return Array.from({ length: n }, (_, i) => i + 1)
}

/**
 * A commission line explained in the shopper's language: {key, params} for `t`, e.g.
 * "第 1 级 · ¥39.00 × 10%". The server's `rule` text goes underneath as it is.
 */
export function commissionExplain(c) {
  if (!c) return { key: 'dist.explain.unknown', params: {} }
  if (c.fixed_per_unit != null) return { key: 'dist.explain.fixed', params: { tier: c.tier, amount: formatMoney(c.fixed_per_unit) } }
  if (c.rate_bp != null) return { key: 'dist.explain.rate', params: { tier: c.tier, base: formatMoney(c.base), rate: bpToPercent(c.rate_bp) } }
  return { key: 'dist.explain.unknown', params: { tier: c.tier } }
}

/** Net commission of a line after refunds. */
export const commissionNet = (c) => (c ? (c.amount || 0) - (c.reversed || 0) : 0)

/**
 * The withdraw form {amount (yuan text), method} → {body:{amount, method}} or {error: message key, params}.
 * Checks what the server checks first (so the shopper hears it before sending): method allowed, an
 * amount, minimum/maximum, debt, available balance.
 */
export function withdrawRequest(form, { withdrawal = {}, commission = {} } = {}) {
  const methods = withdrawal.methods || []
  const method = form && form.method
  if (!method || (methods.length && !methods.includes(method))) return { error: 'dist.invalid.method' }
  const amount = yuanToFen(form.amount)
  if (amount == null || amount <= 0) return { error: 'dist.invalid.amount' }
  if (commission.debt > 0) return { error: 'errors.in_debt' }
  if (withdrawal.min && amount < withdrawal.min) return { error: 'dist.invalid.min', params: { min: formatMoney(withdrawal.min) } }
  if (withdrawal.max && amount > withdrawal.max) return { error: 'dist.invalid.max', params: { max: formatMoney(withdrawal.max) } }
  if (Number.isSafeInteger(commission.settled) && amount > commission.settled) return { error: 'dist.invalid.available', params: { amount: formatMoney(commission.settled) } }
  return { body: { amount, method } }
}

/** The fee the server will take: amount × fee_bp + fee_fixed, at least fee_min, at most the amount. */
export function withdrawFee(amount, w = {}) {
  if (!Number.isSafeInteger(amount) || amount <= 0) return 0
  let fee = Math.floor((amount * (w.fee_bp || 0)) / 10000) + (w.fee_fixed || 0)
  if (w.fee_min && fee < w.fee_min) fee = w.fee_min
  return Math.min(fee, amount)
}

/** Errors after which the same request may be sent again with the same key (it may have landed). */
export const isRetryable = (e) => !!e && (e.code === 'network_error' || e.status === 0 || e.status >= 500)

/**
 * One withdrawal per submit: `keyFor(body)` hands out a fresh key for a new submit, and the same key
 * when the previous submit of the same body ended without a definite answer (network error, 5xx) —
 * that is a retry of the same submit. `done(err)` closes a submit (err = null on success).
 */
export function createWithdrawAttempt(gen = uuid4) {
  let key = null
  let lastBody = null
  let open = false
  return {
    keyFor(body) {
      const s = JSON.stringify(body)
      if (!open || !key || s !== lastBody) key = gen()
      lastBody = s
      open = true
      return key
    },
    done(err = null) {
      open = isRetryable(err)
    },
    get key() {
      return key
    },
  }
}

/**
 * Sends a withdrawal: a network failure is retried (up to `retries` times) with the same key, so a lost
 * answer never makes two withdrawals.
 */
export async function submitWithdrawal(send, attempt, body, { retries = 1 } = {}) {
  const key = attempt.keyFor(body)
  let lastErr = null
  for (let i = 0; i <= retries; i++) {
    try {
      const res = await send(body, key)
      attempt.done(null)
      return res
    } catch (e) {
      lastErr = e
      if (!isRetryable(e)) break
    }
  }
  attempt.done(lastErr)
  throw lastErr
}
