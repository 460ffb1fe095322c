// API errors shown to a person: translated from the problem's `code` when we know it, else the
// server's localized detail/title (it answers in the Accept-Language we send), never raw JSON.
import { ApiError, errorMessage } from './problem.js'

export const KNOWN_CODES = [
  'out_of_stock', 'validation_failed', 'not_found', 'conflict', 'invalid_state', 'unauthorized', 'forbidden',
  'network_error', 'cart_empty', 'address_required', 'rate_limited',
  'insufficient_balance', 'invalid_transition', 'payment_method_unavailable', 'payment_provider_error', 'payment_failed',
]

/** `t` is vue-i18n's t; `has` tells whether a key exists (i18n.global.te). */
export function problemText(err, t, has = () => false) {
  if (!err) return ''
  const code = err instanceof ApiError ? err.code : err && err.code
  if (code && has(`errors.${code}`)) {
    return t(`errors.${code}`)
  }
  return errorMessage(err, t('common.error'))
}
