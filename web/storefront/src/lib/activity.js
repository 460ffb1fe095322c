// Flash sales and group buys apart from the pages (docs/marketing.md): the phase of an activity at a
// given moment (its own clock, not only the status the list was loaded with), countdowns, what the buy
// button does, the checkout links, and a group's seats and share link.
import { checkoutUrl } from './checkout.js'
import { formatMoney } from './money.js'

export const ACTIVITY_STATUSES = ['upcoming', 'running', 'ended']
export const GROUP_STATUSES = ['open', 'succeeded', 'failed']
export const groupStatusKey = (s) => `group.status.${GROUP_STATUSES.includes(s) ? s : 'open'}`

const ms = (iso) => {
  if (!iso) return NaN
  const t = Date.parse(iso)
  return Number.isFinite(t) ? t : NaN
}

/** upcoming / running / ended at `now`, from starts_at/ends_at; the server's status when they do not parse. */
export function activityPhase(a, now = Date.now()) {
  if (!a) return 'ended'
  const start = ms(a.starts_at)
  const end = ms(a.ends_at)
  if (Number.isFinite(start) && Number.isFinite(end)) {
    if (now < start) return 'upcoming'
    if (now < end) return 'running'
    return 'ended'
  }
  return ACTIVITY_STATUSES.includes(a.status) ? a.status : 'ended'
}

/** {phase, left}: milliseconds until the start (upcoming) or the end (running); left null once ended. */
export function activityCountdown(a, now = Date.now()) {
  const phase = activityPhase(a, now)
  if (phase === 'upcoming') return { phase, left: Math.max(0, ms(a.starts_at) - now) }
  if (phase === 'running' && Number.isFinite(ms(a.ends_at))) return { phase, left: Math.max(0, ms(a.ends_at) - now) }
  return { phase, left: null }
}

/**
 * A span of time as {key, params} for `t`: "2天 03:04:05" / "2d 03:04:05" beyond a day, "03:04:05"
 * within one. Negative or missing spans read 00:00:00.
 */
export function formatSpan(left) {
  const total = Math.max(0, Math.floor((Number(left) || 0) / 1000))
  const d = Math.floor(total / 86400)
  const h = Math.floor((total % 86400) / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const p = (n) => String(n).padStart(2, '0')
  const hms = `${p(h)}:${p(m)}:${p(s)}`
  return d > 0 ? { key: 'activity.spanDays', params: { d, hms } } : { key: 'activity.span', params: { hms } }
}

/** The countdown line of an activity: "距开始 …" / "距结束 …" / "已结束", as {key, params} (span already formatted by `tr`). */
export function countdownLine(a, now, tr) {
  const { phase, left } = activityCountdown(a, now)
  if (left == null) return { key: 'activity.ended', params: {} }
  const span = formatSpan(left)
  return { key: phase === 'upcoming' ? 'activity.startsIn' : 'activity.endsIn', params: { span: tr(span.key, span.params) } }
}

/**
 * What the flash-sale button does at `now`: 'buy' (running with units left), 'sold_out', 'upcoming',
 * 'ended'. Label `flash.action.<state>`; only 'buy' is clickable.
 */
export function flashState(sale, now = Date.now()) {
  const phase = activityPhase(sale, now)
  if (phase === 'upcoming') return 'upcoming'
  if (phase === 'ended') return 'ended'
  if (sale.remaining != null && sale.remaining <= 0) return 'sold_out'
  return 'buy'
}

/** Share sold, 0..100 (for the progress bar). */
export function soldPercent(sale) {
  if (!sale || !(sale.quantity > 0)) return 0
  return Math.max(0, Math.min(100, Math.round(((sale.sold || 0) * 100) / sale.quantity)))
}

/** "省 ¥20.00": what the activity price saves on the regular price; '' when it saves nothing. */
export function savings(price, regular) {
  if (!Number.isSafeInteger(price) || !Number.isSafeInteger(regular) || regular <= price) return ''
  return formatMoney(regular - price)
}

/** Checkout of a flash sale: buy now of its SKU (one line) with flash_sale_id. */
export const flashCheckoutUrl = (sale, quantity = 1) => checkoutUrl({ skuId: sale.sku_id, quantity, flashSaleId: sale.id })

/** Checkout of a group buy: opening a group (no groupId) or joining one. */
export const groupCheckoutUrl = (gb, groupId = null, quantity = 1) =>
  checkoutUrl({ skuId: gb.sku_id, quantity, groupBuyId: gb.id, groupId })

/** The group page (also the share path in the mini-program). */
export const groupPath = (id) => `/pages/group/index?id=${encodeURIComponent(id)}`

/** The H5 share link of a group, with the sharer's invite code when they have one. */
export function groupShareLink(origin, id, inviteCode = '') {
  const base = String(origin || '').replace(/\/+$/, '')
  const invite = inviteCode ? `&invite=${encodeURIComponent(inviteCode)}` : ''
  return `${base}/h5/#/pages/group/index?id=${encodeURIComponent(id)}${invite}`
}

/** Member slots of a group for the avatars row: its members, then empty seats up to group_size (at most 50). */
export function memberSlots(group) {
  const members = ((group && group.members) || []).map((m) => ({ ...m, empty: false }))
  const size = Math.min(50, Math.max(members.length, Number(group && group.group_size) || 0))
  while (members.length < size) members.push({ nickname: '', is_leader: false, paid: false, empty: true })
  return members
}

/**
 * What the group page offers at `now`: join while the group is open, has seats and has not expired.
 * {open, canJoin, full, expired}
 */
export function groupState(group, now = Date.now()) {
  if (!group) return { open: false, canJoin: false, full: false, expired: false }
  const expiry = ms(group.expires_at)
  const expired = Number.isFinite(expiry) && now >= expiry
  const open = group.status === 'open' && !expired
  const full = (group.seats_left != null ? group.seats_left : (group.group_size || 0) - (group.joined || 0)) <= 0
  return { open, canJoin: open && !full, full, expired }
}

/**
 * The caller's own order in a group, from the group answer's `my_order_id` (the server fills it when the
 * shopper's token is sent and they are a member, else null): the order id, or null.
 */
export function myGroupOrderId(group) {
  const id = group ? Number(group.my_order_id) : NaN
  return group && group.my_order_id != null && Number.isSafeInteger(id) && id > 0 ? id : null
}

/** Milliseconds until a group (or an open group of a list) expires, null without a deadline. */
export function groupLeft(group, now = Date.now()) {
  const t = ms(group && group.expires_at)
  return Number.isFinite(t) ? Math.max(0, t - now) : null
}
