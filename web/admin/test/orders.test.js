import { describe, it, expect } from 'vitest'
import { afterSaleTag, staffActions, validateShip, validateReason, orderQuery, afterSaleLines, statusTag, ORDER_STATUSES, AFTER_SALE_STATUSES } from '../src/lib/orders.js'
import { messages } from '../src/lib/messages.js'

describe('admin orders', () => {
  it('labels every status in both locales', () => {
    for (const l of ['zh-CN', 'en']) {
      for (const s of ORDER_STATUSES) expect(messages[l].order.statuses[s]).toBeTruthy()
      for (const s of AFTER_SALE_STATUSES) expect(messages[l].afterSale.statuses[s]).toBeTruthy()
    }
    expect(statusTag('paid')).toBe('danger')
    expect(statusTag('nope')).toBe('info')
    expect(afterSaleTag('refund_requested')).toBe('warning')
  })
  it('ships paid orders and cancels before shipping', () => {
    expect(staffActions({ status: 'paid' })).toEqual({ ship: true, cancel: true })
    expect(staffActions({ status: 'pending_payment' })).toEqual({ ship: false, cancel: true })
    expect(staffActions({ status: 'shipped' })).toEqual({ ship: false, cancel: false })
    expect(staffActions(null)).toEqual({ ship: false, cancel: false })
  })
  it('checks the ship form and reasons', () => {
    expect(validateShip({ carrier: '顺丰速运', tracking_no: 'SF1234567890' })).toEqual({})
    expect(validateShip({ carrier: ' ', tracking_no: '12' })).toEqual({ carrier: 'ship.invalid.carrier', tracking_no: 'ship.invalid.tracking_no' })
    expect(validateShip({ carrier: 'x', tracking_no: 'SF 123 456' }).tracking_no).toBe('ship.invalid.tracking_no')
    expect(validateReason('  ')).toBe('common.reasonRequired')
    expect(validateReason('缺货')).toBe(null)
    expect(validateReason('x'.repeat(201))).toBe('common.reasonRequired')
  })
  it('builds the list query', () => {
    expect(orderQuery({}, 2)).toEqual({ page: 2, page_size: 20 })
    expect(orderQuery({ status: 'paid', order_no: ' FX1 ', user_id: '7' })).toEqual({ page: 1, page_size: 20, status: 'paid', order_no: 'FX1', user_id: 7 })
    expect(orderQuery({ user_id: 'abc' })).toEqual({ page: 1, page_size: 20 })
  })
  it('names after-sale lines from their order', () => {
    const order = { lines: [{ id: 5, product_name: 'T恤', specs: { 颜色: '白色', 尺码: 'M' } }] }
    expect(afterSaleLines({ lines: [{ order_line_id: 5, quantity: 1 }, { order_line_id: 9, quantity: 2 }] }, order).map((l) => l.name)).toEqual(['T恤 白色/M', '#9'])
  })
})
