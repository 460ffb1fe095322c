// Points (积分) apart from the pages: 1 point = 1 fen. What checkout may spend (the quote's
// points.max_usable, never above the balance), the typed amount clamped to it, history labels and
// signed deltas, and the check-in answer as a message.
import { formatMoney } from './money.js'

/** What checkout allows: min(max_usable, balance), never negative. `info` is the quote's `points`. */
export function pointsCap(info) {
  if (!info) return 0
  const max = Math.max(0, Math.floor(Number(info.max_usable) || 0))
  const bal = info.balance == null ? max : Math.max(0, Math.floor(Number(info.balance) || 0))
  return Math.min(max, bal)
}

/**
 * A typed amount → whole points within 0..cap. Empty/null means "as many as allowed"; junk means 0.
 */
export function clampPoints(value, info) {
  const cap = pointsCap(info)
  if (value === '' || value == null) return cap
  const n = Math.floor(Number(String(value).trim()))
  if (!Number.isFinite(n) || n <= 0) return 0
  return Math.min(n, cap)
}

/** Points to send with a quote/order: 0 when switched off, else the typed amount clamped. */
export function pointsToSend({ use = false, amount = null } = {}, info = null) {
  if (!use) return 0
  return clampPoints(amount, info)
}

/** What N points take off, as money (1 point = 1 fen): 500 → "¥5.00". */
export const pointsMoney = (points) => formatMoney(Math.max(0, Math.floor(Number(points) || 0)))

/** Kinds of points entries the server writes; others show their memo. */
export const POINTS_KINDS = ['check_in', 'order_earn', 'order_spend', 'order_cancel', 'refund_restore', 'refund_reverse', 'group_leader']
export const pointsKindKey = (kind) => (POINTS_KINDS.includes(kind) ? `points.kind.${kind}` : 'points.kind.other')

/** +10 / -500 / 0. */
export const signedPoints = (delta) => {
  const n = Math.trunc(Number(delta) || 0)
  return n > 0 ? `+${n}` : String(n)
}

/** Every 7th day of a run gets the streak bonus: days until the next one (1..7). */
export function daysToBonus(streak) {
  const s = Math.max(0, Math.floor(Number(streak) || 0))
  return 7 - (s % 7)
}

/** The check-in answer {points, streak, balance} as a toast: {key, params}. */
export function checkInMessage(r) {
  if (!r) return { key: 'points.checkedIn', params: { points: 0, streak: 0 } }
  return { key: 'points.checkedIn', params: { points: r.points, streak: r.streak } }
}
