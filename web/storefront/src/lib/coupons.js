// Coupons apart from the pages (docs/marketing.md): what a coupon is worth and on what conditions, as
// {key, params} for `t`; the coupon centre's claim button state; "my coupons" tabs; and the checkout
// picker's options built from the quote's `coupons` and `best_user_coupon_id`.
import { formatMoney } from './money.js'
import { bpToPercent } from './distribution.js'

export const COUPON_KINDS = ['amount_off', 'percent_off']
export const COUPON_SCOPES = ['all', 'categories', 'products']
/** Tabs of "my coupons", in order. */
export const COUPON_STATUSES = ['usable', 'used', 'expired']
/** Why a coupon cannot pay for an order (`coupon_unusable` reason, quote `coupons[].reason`). */
export const COUPON_REASONS = ['not_found', 'used', 'expired', 'not_started', 'out_of_scope', 'below_threshold']

export const couponStatusKey = (s) => `coupon.status.${COUPON_STATUSES.includes(s) ? s : 'usable'}`
export const couponReasonKey = (r) => (COUPON_REASONS.includes(r) ? `coupon.reason.${r}` : 'coupon.reason.other')
export const couponScopeKey = (s) => `coupon.scope.${COUPON_SCOPES.includes(s) ? s : 'all'}`

/** 1500 bp off → "8.5" (折, what Chinese shoppers read); 1000 → "9"; 1250 → "8.75". */
export function bpToZhe(bp) {
  const n = Math.max(0, Math.min(10000, Number(bp) || 0))
  return ((10000 - n) / 1000).toFixed(3).replace(/\.?0+$/, '')
}

/**
 * The big figure on a coupon: amount_off → "¥10.00"; percent_off → "8.5折" / "15% off".
 * {key, params} for `t`.
 */
export function couponValue(c) {
  if (c && c.kind === 'percent_off') return { key: 'coupon.value.percent', params: { zhe: bpToZhe(c.percent_bp), pct: bpToPercent(c.percent_bp) } }
  return { key: 'coupon.value.amount', params: { amount: formatMoney((c && c.amount) || 0) } }
}

/** The lines under the figure: threshold (or none), the cap of a percent coupon, the scope. */
export function couponConditions(c) {
  if (!c) return []
  const out = []
  out.push(c.threshold > 0 ? { key: 'coupon.threshold', params: { amount: formatMoney(c.threshold) } } : { key: 'coupon.noThreshold', params: {} })
  if (c.kind === 'percent_off' && c.cap > 0) out.push({ key: 'coupon.cap', params: { amount: formatMoney(c.cap) } })
  out.push({ key: couponScopeKey(c.scope), params: {} })
  return out
}

/**
 * How long a coupon lasts. A template (coupon centre): N days from the claim, or its window
 * (from – to, or from onwards). A claimed coupon: used at / expired / usable until its expiry.
 * `fmt` formats an ISO time.
 */
export function couponValidity(c, fmt = (x) => x) {
  if (!c) return { key: 'coupon.validUnknown', params: {} }
  if (c.template_id != null || c.expires_at !== undefined) {
    if (c.status === 'used' && c.used_at) return { key: 'coupon.usedAt', params: { time: fmt(c.used_at) } }
    if (c.status === 'expired') return { key: 'coupon.expiredAt', params: { time: fmt(c.expires_at) } }
    return { key: 'coupon.expiresAt', params: { time: fmt(c.expires_at) } }
  }
  if (c.valid_days) return { key: 'coupon.validDays', params: { n: c.valid_days } }
  if (c.valid_to) return { key: 'coupon.validRange', params: { from: fmt(c.valid_from), to: fmt(c.valid_to) } }
  return { key: 'coupon.validFrom', params: { from: fmt(c.valid_from) } }
}

/**
 * The coupon centre's button: 'claim' (can_claim), else why not — 'sold_out' (none left), 'claimed'
 * (the shopper holds their limit), 'distributors' (distributor-only), 'unavailable' (stopped, not yet
 * or no longer claimable). Only 'claim' is clickable; the label is `coupon.action.<state>`.
 */
export function claimState(c) {
  if (!c) return 'unavailable'
  if (c.can_claim) return 'claim'
  if (c.remaining != null && c.remaining <= 0) return 'sold_out'
  if (c.claimed_by_me) return 'claimed'
  if (c.distributor_only) return 'distributors'
  return 'unavailable'
}

/** Share of a template already claimed, 0..100 (for the progress bar). */
export function claimedPercent(c) {
  if (!c || !(c.total > 0)) return 0
  return Math.max(0, Math.min(100, Math.round(((c.claimed || 0) * 100) / c.total)))
}

/** Body of POST /coupons/{id}/claim: the invite code the page was opened with, if any. */
export const claimBody = (inviteCode) => (inviteCode ? { invite_code: inviteCode } : {})

/**
 * The checkout picker: "no coupon" first, then the usable coupons by discount (largest first, the
 * quote's order on ties), then the unusable ones with their reason key. Each option:
 * {id, name, discount, usable, reasonKey, best}.
 */
export function couponOptions(quote) {
  const coupons = (quote && quote.coupons) || []
  const best = quote ? quote.best_user_coupon_id : null
  const usable = coupons.filter((c) => c.usable).map((c, i) => ({ c, i }))
  usable.sort((a, b) => (b.c.discount || 0) - (a.c.discount || 0) || a.i - b.i)
  const opt = (c) => ({
    id: c.user_coupon_id,
    name: c.name,
    discount: c.discount || 0,
    usable: !!c.usable,
    reasonKey: c.usable ? '' : couponReasonKey(c.reason),
    best: best != null && c.user_coupon_id === best,
  })
  return [
    { id: null, name: '', discount: 0, usable: true, reasonKey: '', best: false },
    ...usable.map((x) => opt(x.c)),
    ...coupons.filter((c) => !c.usable).map(opt),
  ]
}

/** How many of the quote's coupons can be used on this order. */
export const usableCount = (quote) => ((quote && quote.coupons) || []).filter((c) => c.usable).length

/**
 * The coupon line of checkout: {key, params} — the chosen coupon's discount, "no coupon" (when the
 * shopper has usable ones but chose none), or "none usable".
 */
export function couponLine(quote, couponId) {
  const chosen = couponId != null && ((quote && quote.coupons) || []).find((c) => c.user_coupon_id === couponId)
  if (chosen) return { key: 'checkout.couponOff', params: { amount: formatMoney((quote && quote.coupon_discount) || chosen.discount || 0) } }
  const n = usableCount(quote)
  return n ? { key: 'checkout.couponAvailable', params: { n } } : { key: 'checkout.couponNone', params: {} }
}
