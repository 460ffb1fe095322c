// API errors shown to a person: translated from the problem's `code` when we know it, else the
// server's localized detail/title (it answers in the Accept-Language we send), never raw JSON.
import { ApiError, errorMessage } from './problem.js'

export const KNOWN_CODES = [
  'out_of_stock', 'validation_failed', 'not_found', 'conflict', 'invalid_state', 'unauthorized', 'forbidden',
  'network_error', 'cart_empty', 'address_required', 'rate_limited',
  'insufficient_balance', 'invalid_transition', 'payment_method_unavailable', 'payment_provider_error', 'payment_failed',
  'in_debt', 'below_minimum', 'limit_reached', 'already_applied', 'binding_not_allowed',
]

/** binding_not_allowed says why in `reason`; each has its own message (errors.binding.<reason>). */
export const BINDING_REASONS = ['self', 'cycle', 'not_distributor', 'unknown_code', 'already_bound', 'has_paid_order', 'disabled', 'distribution_off']

/** `t` is vue-i18n's t; `has` tells whether a key exists (i18n.global.te). */
export function problemText(err, t, has = () => false) {
  if (!err) return ''
  const code = err instanceof ApiError ? err.code : err && err.code
  const reason = err && err.reason
  if (code === 'binding_not_allowed' && reason && has(`errors.binding.${reason}`)) {
    return t(`errors.binding.${reason}`)
  }
  if (code && has(`errors.${code}`)) {
    return t(`errors.${code}`)
  }
  return errorMessage(err, t('common.error'))
}
