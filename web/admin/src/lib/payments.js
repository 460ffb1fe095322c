// Payments, money refunds, wallet adjustments and reconciliation in the console: status tags, list
// queries, the adjustment form's checks (the server's rules), labels with raw-name fallbacks.
export const PAYMENT_STATUSES = ['pending', 'paid', 'closed']
export const PAYMENT_METHODS = ['balance', 'wechat']
export const REFUND_STATUSES = ['processing', 'succeeded', 'failed']

const PAY_TAG = { pending: 'warning', paid: 'success', closed: 'info' }
const REFUND_TAG = { processing: 'warning', succeeded: 'success', failed: 'danger' }
export const paymentTag = (s) => PAY_TAG[s] || 'info'
export const refundTag = (s) => REFUND_TAG[s] || 'info'

/** Who may move money by hand (adjust a wallet, send a failed refund again): finance and super admins. */
export const canAdjustWallet = (role) => role === 'super_admin' || role === 'finance'

/** Query for GET /admin/payments from the filter form (empty values dropped by the client). */
export function paymentQuery({ status = '', method = '', user_id = '' } = {}, page = 1, page_size = 20) {
  const q = { page, page_size }
  if (PAYMENT_STATUSES.includes(status)) q.status = status
  if (PAYMENT_METHODS.includes(method)) q.method = method
  const uid = positiveId(user_id)
  if (uid) q.user_id = uid
  return q
}

function positiveId(v) {
  const s = String(v ?? '').trim()
  if (!/^\d+$/.test(s)) return null
  const n = Number(s)
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/** "-5", "+12.5", "100.00" (yuan, signed) → fen; null when it is not an amount. */
export function signedYuanToFen(text) {
  const m = /^\s*([+-]?)\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(String(text ?? ''))
  if (!m) return null
  const fen = Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0'))
  if (!Number.isSafeInteger(fen)) return null
  return m[1] === '-' ? -fen : fen
}

export const ADJUST_MAX = 10000000 // fen: ¥100,000.00 either way

/**
 * The wallet-adjustment form {user_id, amount (yuan text), reason} → {userId, body} or {errors}
 * with message keys per field.
 */
export function adjustmentRequest(form) {
  const errors = {}
  const userId = positiveId(form.user_id)
  if (!userId) errors.user_id = 'wallet.invalid.user_id'
  const amount = signedYuanToFen(form.amount)
  if (amount == null || amount === 0 || Math.abs(amount) > ADJUST_MAX) errors.amount = 'wallet.invalid.amount'
  const reason = String(form.reason || '').trim()
  if (!reason || reason.length > 200) errors.reason = 'wallet.invalid.reason'
  if (Object.keys(errors).length) return { errors }
  return { userId, body: { amount, reason } }
}

/** Reconciliation checks that count things (entries, accounts) rather than sum fen. */
export const COUNT_CHECKS = ['entries_balanced', 'balances_match_postings', 'no_negative_user_accounts']
export const isCountCheck = (name) => COUNT_CHECKS.includes(name)

/** A translated label when the messages have one, else the raw name (new checks show up as they are). */
export function labelOr(prefix, name, t, te) {
  const key = `${prefix}.${name}`
  return te(key) ? t(key) : name
}

/** A v4 uuid for Idempotency-Key (crypto.getRandomValues also works outside secure contexts). */
export function uuid4(rand = (a) => crypto.getRandomValues(a)) {
  const b = rand(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
