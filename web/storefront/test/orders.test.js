import { describe, it, expect } from 'vitest'
import { statusKey, afterSaleStatusKey, eventKey, AFTER_SALE_STATUSES, ORDER_EVENTS, orderActions, refundableLines, refundBody, msLeft, formatCountdown, formatTime, ORDER_STATUSES } from '../src/lib/orders.js'
import { messages } from '../src/lib/messages.js'

const order = (o) => ({
  id: 1, status: 'paid',
  lines: [{ id: 10, quantity: 2, refunded_quantity: 0 }, { id: 11, quantity: 1, refunded_quantity: 0 }],
  after_sales: [],
  ...o,
})

describe('order statuses', () => {
  it('labels every status in both locales', () => {
    for (const s of ORDER_STATUSES) {
      expect(statusKey(s)).toBe(`order.status.${s}`)
      for (const l of ['zh-CN', 'en']) expect(messages[l].order.status[s]).toBeTruthy()
    }
    expect(statusKey('weird')).toBe('order.status.unknown')
    expect(messages['zh-CN'].order.status.pending_payment).toBe('待付款')
  })
  it('labels after-sale statuses and history events', () => {
    for (const l of ['zh-CN', 'en']) {
      for (const s of AFTER_SALE_STATUSES) expect(messages[l].afterSale.status[s]).toBeTruthy()
      for (const e of ORDER_EVENTS) expect(messages[l].order.event[e]).toBeTruthy()
    }
    expect(afterSaleStatusKey('refund_requested')).toBe('afterSale.status.refund_requested')
    expect(afterSaleStatusKey('x')).toBe('afterSale.status.unknown')
    expect(eventKey({ event: 'ship', to_status: 'shipped' })).toBe('order.event.ship')
    expect(eventKey({ event: 'auto_confirm', to_status: 'received' })).toBe('order.status.received')
  })
  it('offers the right actions', () => {
    expect(orderActions(order({ status: 'pending_payment' }))).toEqual({ pay: true, cancel: true, confirmReceipt: false, afterSale: false })
    expect(orderActions(order({ status: 'shipped' }))).toEqual({ pay: false, cancel: false, confirmReceipt: true, afterSale: true })
    expect(orderActions(order({ status: 'received' })).afterSale).toBe(true)
    expect(orderActions(order({ status: 'cancelled' }))).toEqual({ pay: false, cancel: false, confirmReceipt: false, afterSale: false })
    expect(orderActions(null)).toEqual({ pay: false, cancel: false, confirmReceipt: false, afterSale: false })
  })
  it('counts refundable units, minus refunded and pending requests', () => {
    const o = order({
      lines: [{ id: 10, quantity: 2, refunded_quantity: 1 }, { id: 11, quantity: 1, refunded_quantity: 0 }],
      after_sales: [{ status: 'refund_requested', lines: [{ order_line_id: 11, quantity: 1 }] }, { status: 'refund_rejected', lines: [{ order_line_id: 10, quantity: 1 }] }],
    })
    expect(refundableLines(o).map((l) => [l.id, l.refundable])).toEqual([[10, 1]])
    expect(orderActions({ ...o, lines: [{ id: 11, quantity: 1, refunded_quantity: 0 }] }).afterSale).toBe(false)
  })
})

describe('after-sale request', () => {
  it('asks for a reason and at least one unit', () => {
    expect(refundBody(order(), { reason: ' ', picked: { 10: 1 } }).error).toBe('afterSale.invalid.reason')
    expect(refundBody(order(), { reason: '坏了', picked: {} }).error).toBe('afterSale.invalid.lines')
    expect(refundBody(order(), { reason: '坏了', picked: { 10: 3 } }).error).toBe('afterSale.invalid.quantity')
    expect(refundBody(order(), { reason: '坏了', kind: 'x', picked: { 10: 1 } }).error).toBe('afterSale.invalid.kind')
  })
  it('sends lines for a partial refund and none for the whole order', () => {
    expect(refundBody(order(), { reason: '坏了', picked: { 10: 1 } }).body).toEqual({ reason: '坏了', kind: 'refund_only', lines: [{ line_id: 10, quantity: 1 }] })
    expect(refundBody(order(), { reason: '不要了', kind: 'return_and_refund', picked: { 10: 2, 11: 1 } }).body).toEqual({ reason: '不要了', kind: 'return_and_refund' })
  })
})

describe('payment deadline', () => {
  it('counts down', () => {
    const now = Date.parse('2026-11-25T10:00:00Z')
    expect(msLeft('2026-11-25T10:15:30Z', now)).toBe(930000)
    expect(msLeft('2026-11-25T09:00:00Z', now)).toBe(0)
    expect(msLeft(null, now)).toBe(null)
    expect(formatCountdown(930000)).toBe('15:30')
    expect(formatCountdown(3723000)).toBe('1:02:03')
    expect(formatCountdown(null)).toBe('')
    expect(formatTime('2026-11-25T10:05:00')).toBe('2026-11-25 10:05')
    expect(formatTime('junk')).toBe('')
  })
})
