// Orders and after-sales in the console: status labels, which staff actions apply, form checks.
export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'refunded']
export const AFTER_SALE_STATUSES = ['refund_requested', 'refund_approved', 'refund_rejected', 'refunded']
const AS_TAG = { refund_requested: 'warning', refund_approved: 'success', refund_rejected: 'info', refunded: 'success' }
export const afterSaleTag = (s) => AS_TAG[s] || 'info'

const TAG = { pending_payment: 'warning', paid: 'danger', shipped: 'primary', received: 'success', completed: 'success', cancelled: 'info', refunded: 'info' }
export const statusTag = (s) => TAG[s] || 'info'

/** Ship once paid; cancel (staff) before shipping. */
export function staffActions(order) {
  const s = order && order.status
  return { ship: s === 'paid', cancel: s === 'pending_payment' || s === 'paid' }
}

export const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '京东物流', 'EMS']

/** {carrier?, tracking_no?} message keys; {} when good. */
export function validateShip(form) {
  const errors = {}
  const c = String(form.carrier || '').trim()
  const n = String(form.tracking_no || '').trim()
  if (!c || c.length > 32) errors.carrier = 'ship.invalid.carrier'
  if (!/^[A-Za-z0-9-]{6,40}$/.test(n)) errors.tracking_no = 'ship.invalid.tracking_no'
  return errors
}

export function validateReason(reason, max = 200) {
  const r = String(reason || '').trim()
  return r && r.length <= max ? null : 'common.reasonRequired'
}

/** Query for GET /admin/orders from the filter form (empty values dropped by the client). */
export function orderQuery({ status = '', order_no = '', user_id = '' } = {}, page = 1, page_size = 20) {
  const q = { page, page_size }
  if (status) q.status = status
  if (String(order_no).trim()) q.order_no = String(order_no).trim()
  const uid = Number(String(user_id).trim())
  if (String(user_id).trim() && Number.isSafeInteger(uid) && uid > 0) q.user_id = uid
  return q
}

/** "纯棉圆领T恤 ×1" lines of an after-sale request, looked up in its order. */
export function afterSaleLines(afterSale, order) {
  const byId = new Map(((order && order.lines) || []).map((l) => [l.id, l]))
  return (afterSale.lines || []).map((l) => {
    const ol = byId.get(l.order_line_id)
    return { ...l, name: ol ? `${ol.product_name} ${Object.values(ol.specs || {}).join('/')}`.trim() : `#${l.order_line_id}` }
  })
}
