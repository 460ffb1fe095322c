import { describe, it, expect } from 'vitest'
import {
  activityPhase, activityCountdown, formatSpan, countdownLine, flashState, soldPercent, savings, flashCheckoutUrl, groupCheckoutUrl,
  groupPath, groupShareLink, memberSlots, groupState, groupLeft, groupStatusKey, GROUP_STATUSES, myGroupOrderId,
} from '../src/lib/activity.js'
import { sourceFromQuery } from '../src/lib/checkout.js'
import { messages } from '../src/lib/messages.js'

const get = (l, k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), messages[l])
const T0 = Date.parse('2026-11-25T02:00:00Z')
const sale = {
  id: 4, sku_id: 17, product_id: 9, price: 1990, original_price: 3900, quantity: 50, sold: 20, remaining: 30, per_user_limit: 1,
  starts_at: '2026-11-25T02:00:00Z', ends_at: '2026-11-25T04:00:00Z', status: 'running',
}

describe('activity clock', () => {
  it('reads the phase from the window, not only the loaded status', () => {
    expect(activityPhase(sale, T0 - 1)).toBe('upcoming')
    expect(activityPhase(sale, T0)).toBe('running')
    expect(activityPhase(sale, T0 + 2 * 3600e3)).toBe('ended')
    expect(activityPhase({ status: 'upcoming' }, T0)).toBe('upcoming')
    expect(activityPhase({ status: 'bogus' }, T0)).toBe('ended')
    expect(activityPhase(null)).toBe('ended')
  })
  it('counts down to the start, then to the end', () => {
    expect(activityCountdown(sale, T0 - 65e3)).toEqual({ phase: 'upcoming', left: 65e3 })
    expect(activityCountdown(sale, T0 + 3600e3)).toEqual({ phase: 'running', left: 3600e3 })
    expect(activityCountdown(sale, T0 + 9e9)).toEqual({ phase: 'ended', left: null })
  })
  it('formats spans with days beyond a day', () => {
    expect(formatSpan(3723e3)).toEqual({ key: 'activity.span', params: { hms: '01:02:03' } })
    expect(formatSpan((2 * 86400 + 5) * 1000)).toEqual({ key: 'activity.spanDays', params: { d: 2, hms: '00:00:05' } })
    expect(formatSpan(-5)).toEqual({ key: 'activity.span', params: { hms: '00:00:00' } })
    expect(formatSpan(null).params.hms).toBe('00:00:00')
    const tr = (k, p) => (k === 'activity.span' ? p.hms : `${p.d}d ${p.hms}`)
    expect(countdownLine(sale, T0 - 65e3, tr)).toEqual({ key: 'activity.startsIn', params: { span: '00:01:05' } })
    expect(countdownLine(sale, T0, tr)).toEqual({ key: 'activity.endsIn', params: { span: '02:00:00' } })
    expect(countdownLine(sale, T0 + 9e9, tr)).toEqual({ key: 'activity.ended', params: {} })
  })
})

describe('flash sales', () => {
  it('knows what the buy button does', () => {
    expect(flashState(sale, T0)).toBe('buy')
    expect(flashState({ ...sale, remaining: 0 }, T0)).toBe('sold_out')
    expect(flashState(sale, T0 - 1)).toBe('upcoming')
    expect(flashState(sale, T0 + 9e9)).toBe('ended')
    for (const l of ['zh-CN', 'en']) for (const s of ['buy', 'sold_out', 'upcoming', 'ended']) expect(get(l, `flash.action.${s}`)).toBeTruthy()
  })
  it('shows progress and savings', () => {
    expect(soldPercent(sale)).toBe(40)
    expect(soldPercent({ quantity: 0 })).toBe(0)
    expect(savings(1990, 3900)).toBe('¥19.10')
    expect(savings(3900, 3900)).toBe('')
  })
  it('goes to checkout with flash_sale_id, read back by the checkout page', () => {
    const url = flashCheckoutUrl(sale)
    expect(url).toBe('/pages/checkout/checkout?sku=17&qty=1&flash_sale_id=4')
    const q = Object.fromEntries(new URLSearchParams(url.split('?')[1]))
    expect(sourceFromQuery(q)).toEqual({ items: [{ sku_id: 17, quantity: 1 }], activity: { flash_sale_id: 4 } })
  })
})

describe('group buys', () => {
  const gb = { id: 6, sku_id: 21, group_price: 2990, price: 3900, group_size: 3, hours: 24 }
  const group = {
    id: 40, group_buy_id: 6, status: 'open', group_size: 3, joined: 1, paid: 1, seats_left: 2, expires_at: '2026-11-26T02:00:00Z',
    members: [{ nickname: 'alice', is_leader: true, paid: true }],
  }
  it('opens or joins through checkout', () => {
    expect(groupCheckoutUrl(gb)).toBe('/pages/checkout/checkout?sku=21&qty=1&group_buy_id=6')
    expect(groupCheckoutUrl(gb, 40)).toBe('/pages/checkout/checkout?sku=21&qty=1&group_buy_id=6&group_id=40')
    expect(sourceFromQuery({ sku: '21', qty: '1', group_buy_id: '6', group_id: '40' })).toEqual({
      items: [{ sku_id: 21, quantity: 1 }], activity: { group_buy_id: 6, group_id: 40 },
    })
    expect(sourceFromQuery({ sku: '21', group_buy_id: 'x' })).toEqual({ items: [{ sku_id: 21, quantity: 1 }] })
  })
  it('shares the group page with the invite code', () => {
    expect(groupPath(40)).toBe('/pages/group/index?id=40')
    expect(groupShareLink('https://mall.example.com/', 40, 'ALICE01')).toBe('https://mall.example.com/h5/#/pages/group/index?id=40&invite=ALICE01')
    expect(groupShareLink('https://mall.example.com', 40)).toBe('https://mall.example.com/h5/#/pages/group/index?id=40')
  })
  it('fills empty seats up to the group size', () => {
    const slots = memberSlots(group)
    expect(slots).toHaveLength(3)
    expect(slots[0]).toMatchObject({ nickname: 'alice', is_leader: true, empty: false })
    expect(slots[2].empty).toBe(true)
    expect(memberSlots(null)).toEqual([])
  })
  it('reads the shopper\'s own order in a group from the group answer', () => {
    expect(myGroupOrderId({ ...group, my_order_id: 77 })).toBe(77)
    expect(myGroupOrderId({ ...group, my_order_id: '77' })).toBe(77)
    expect(myGroupOrderId({ ...group, my_order_id: null })).toBe(null)
    expect(myGroupOrderId(group)).toBe(null) // an older server without the field
    expect(myGroupOrderId({ ...group, my_order_id: 0 })).toBe(null)
    expect(myGroupOrderId({ ...group, my_order_id: 'x' })).toBe(null)
    expect(myGroupOrderId(null)).toBe(null)
  })
  it('offers the join button only while open, unexpired and with seats', () => {
    const now = Date.parse('2026-11-25T03:00:00Z')
    expect(groupState(group, now)).toEqual({ open: true, canJoin: true, full: false, expired: false })
    expect(groupState({ ...group, seats_left: 0 }, now)).toMatchObject({ canJoin: false, full: true })
    expect(groupState(group, Date.parse('2026-11-26T02:00:00Z'))).toMatchObject({ open: false, canJoin: false, expired: true })
    expect(groupState({ ...group, status: 'succeeded' }, now).canJoin).toBe(false)
    expect(groupLeft(group, now)).toBe(23 * 3600e3)
    expect(groupLeft({}, now)).toBe(null)
    for (const l of ['zh-CN', 'en']) for (const s of GROUP_STATUSES) expect(get(l, groupStatusKey(s))).toBeTruthy()
  })
})
