// API errors shown to a person: translated from the problem's `code` when we know it, else the
// server's localized detail/title (it answers in the Accept-Language we send), never raw JSON.
import { ApiError, errorMessage } from './problem.js'

export const KNOWN_CODES = [
  'out_of_stock', 'validation_failed', 'not_found', 'conflict', 'invalid_state', 'unauthorized', 'forbidden',
  'network_error', 'cart_empty', 'address_required', 'rate_limited',
  'insufficient_balance', 'invalid_transition', 'payment_method_unavailable', 'payment_provider_error', 'payment_failed',
  'in_debt', 'below_minimum', 'limit_reached', 'already_applied', 'binding_not_allowed',
  // Marketing (docs/marketing.md).
  'sold_out', 'coupon_not_claimable', 'distributors_only', 'coupon_unusable', 'insufficient_points', 'points_above_cap',
  'group_full', 'group_closed', 'already_in_group', 'activity_not_running', 'already_checked_in',
]

/** Codes that say why in `reason`; each reason has its own message: errors.<group>.<reason>. */
export const REASON_GROUPS = { binding_not_allowed: 'binding', coupon_unusable: 'couponReason' }

/**
 * Where a code means something narrower than its general message: limit_reached is the withdrawal
 * limit in the distributor centre, the per-shopper limit when claiming a coupon ('coupon') and when
 * buying in a flash sale or group buy ('activity'). Messages: errors.<context>.<code>.
 */
export const CONTEXTS = ['coupon', 'activity']

/** binding_not_allowed says why in `reason`; each has its own message (errors.binding.<reason>). */
export const BINDING_REASONS = ['self', 'cycle', 'not_distributor', 'unknown_code', 'already_bound', 'has_paid_order', 'disabled', 'distribution_off']

/** `t` is vue-i18n's t; `has` tells whether a key exists (i18n.global.te); `context` one of CONTEXTS. */
export function problemText(err, t, has = () => false, context = '') {
  if (!err) return ''
  const code = err instanceof ApiError ? err.code : err && err.code
  const reason = err && err.reason
  const group = code && REASON_GROUPS[code]
  if (group && reason && has(`errors.${group}.${reason}`)) {
    return t(`errors.${group}.${reason}`)
  }
  if (context && code && has(`errors.${context}.${code}`)) {
    return t(`errors.${context}.${code}`)
  }
  if (code && has(`errors.${code}`)) {
    return t(`errors.${code}`)
  }
  return errorMessage(err, t('common.error'))
}
