// Order statuses, what a shopper can do in each, and after-sale request building.

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'refunded']
/** Tabs of the orders page: '' is "all". */
export const ORDER_TABS = ['', 'pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled']

export const AFTER_SALE_STATUSES = ['refund_requested', 'refund_approved', 'refund_rejected', 'refunded']
export const afterSaleStatusKey = (s) => (AFTER_SALE_STATUSES.includes(s) ? `afterSale.status.${s}` : 'afterSale.status.unknown')

/** History events the shopper sees by name; others show the status they led to. */
export const ORDER_EVENTS = ['place', 'pay', 'ship', 'confirm_receipt', 'cancel', 'after_sale_requested', 'after_sale_approved', 'after_sale_rejected']
export const eventKey = (h) => (h && ORDER_EVENTS.includes(h.event) ? `order.event.${h.event}` : statusKey(h && h.to_status))

export const statusKey = (status) => (ORDER_STATUSES.includes(status) ? `order.status.${status}` : 'order.status.unknown')

/** Shopper actions: pay or cancel while pending payment, confirm receipt while shipped, after-sale once paid. */
export function orderActions(order) {
  const s = order && order.status
  return {
    pay: s === 'pending_payment',
    cancel: s === 'pending_payment',
    confirmReceipt: s === 'shipped',
    afterSale: ['paid', 'shipped', 'received', 'completed'].includes(s) && refundableLines(order).length > 0,
  }
}

/** Lines with units not yet refunded (and not tied up in an open request). */
export function refundableLines(order) {
  const pending = new Map()
  for (const a of (order && order.after_sales) || []) {
    if (a.status !== 'refund_requested') continue
    for (const l of a.lines || []) pending.set(l.order_line_id, (pending.get(l.order_line_id) || 0) + l.quantity)
  }
  return ((order && order.lines) || [])
    .map((l) => ({ ...l, refundable: l.quantity - (l.refunded_quantity || 0) - (pending.get(l.id) || 0) }))
    .filter((l) => l.refundable > 0)
}

/** Milliseconds left to pay (≥ 0), or null without a deadline. */
export function msLeft(deadline, now = Date.now()) {
  if (!deadline) return null
  const t = Date.parse(deadline)
  if (!Number.isFinite(t)) return null
  return Math.max(0, t - now)
}

/** "12:05" style countdown (h:mm:ss beyond an hour). */
export function formatCountdown(ms) {
  if (ms == null) return ''
  const s = Math.floor(ms / 1000)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

/** "2026-11-25 11:05" in the device's time zone. */
export function formatTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

/**
 * After-sale request body. `picked` maps line id → quantity; lines with 0 are dropped; when every
 * unit of every refundable line is picked the lines are left out (whole-order request).
 * Returns {body} or {error: message key}.
 */
export function refundBody(order, { kind = 'refund_only', reason = '', picked = {} } = {}) {
  const r = String(reason || '').trim()
  if (!r) return { error: 'afterSale.invalid.reason' }
  if (!['refund_only', 'return_and_refund'].includes(kind)) return { error: 'afterSale.invalid.kind' }
  const refundable = refundableLines(order)
  const lines = []
  for (const l of refundable) {
    const q = Math.floor(Number(picked[l.id] || 0))
    if (q < 0 || q > l.refundable) return { error: 'afterSale.invalid.quantity' }
    if (q > 0) lines.push({ line_id: l.id, quantity: q })
  }
  if (!lines.length) return { error: 'afterSale.invalid.lines' }
  const whole = lines.length === refundable.length && lines.every((x) => refundable.find((l) => l.id === x.line_id).refundable === x.quantity)
  const body = { reason: r.slice(0, 200), kind }
  if (!whole) body.lines = lines
  return { body }
}
