// Page views for the dashboard's visitors and conversion rate (POST /api/v1/events/page-view, no login).
// An anonymous visitor id is made once and kept in uni storage; each page show sends one event,
// fire-and-forget: nothing waits for it and a failure is never shown. `uni` is referenced by name
// (not through globalThis) so uni's H5 build keeps the storage APIs used.
import { request } from './api.js'

export const VISITOR_KEY = 'fx_visitor'
/** What the server accepts: 8..64 of A-Za-z0-9-_. */
export const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

function randomChars(n) {
  // Web Crypto on H5; the mini-programs have none (nor always globalThis): Math.random then.
  const c = typeof globalThis !== 'undefined' ? globalThis.crypto : undefined
  if (c && typeof c.getRandomValues === 'function') {
    const bytes = c.getRandomValues(new Uint8Array(n))
    return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')
  }
  let s = ''
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)]
  return s
}

/** A fresh id: "v" + the time in base 36 + 16 random characters (about 25 characters). */
export function newVisitorId(now = Date.now()) {
  return `v${Math.max(0, Math.floor(now)).toString(36)}${randomChars(16)}`
}

// Kept in memory too, so a device whose storage fails still sends one id for the whole session.
let memo = ''

/** The device's visitor id: the stored one when valid, else a new one (stored when possible). */
export function visitorId() {
  if (memo) return memo
  let stored = ''
  try {
    stored = uni.getStorageSync(VISITOR_KEY) || ''
  } catch {
    stored = ''
  }
  if (typeof stored === 'string' && VISITOR_ID.test(stored)) {
    memo = stored
    return memo
  }
  memo = newVisitorId()
  try {
    uni.setStorageSync(VISITOR_KEY, memo)
  } catch {
    /* storage full or unavailable: the id lives for this session only */
  }
  return memo
}

/** For tests: forget the in-memory id. */
export function resetVisitorMemo() {
  memo = ''
}

/** "/pages/index/index" from a uni route ("pages/index/index"), without a query. */
export function pagePath(route) {
  const r = String(route || '').split('?')[0].replace(/^\/+/, '')
  return r ? `/${r}`.slice(0, 200) : ''
}

/**
 * Sends one page view. Never throws and never rejects: resolves true when the server took it,
 * false otherwise (network error, 429 rate_limited, validation, no storage…).
 */
export function sendPageView(route, send = request) {
  try {
    const body = { visitor_id: visitorId(), path: pagePath(route) }
    return Promise.resolve(send('POST', '/api/v1/events/page-view', { body, auth: false }))
      .then(() => true)
      .catch(() => false)
  } catch {
    return Promise.resolve(false)
  }
}

/** The route of a page instance on H5 (vm.route / vm.$page) and in the mini-programs (vm.$scope). */
export function routeOf(vm) {
  if (!vm) return ''
  return vm.route || (vm.$page && vm.$page.route) || (vm.$scope && vm.$scope.route) || ''
}

/**
 * The global mixin (main.js: app.mixin(…)), the way uni's own statistics hook page shows. uni runs
 * options-API page hooks for App and pages only; the App's own onShow is skipped here. A page counts
 * at most once per show: a second onShow before its onHide/onUnload (a hook registered twice, the
 * H5 first load) sends nothing.
 */
export function createPageViewMixin(send = request) {
  const showing = new WeakSet()
  const isPage = (vm) => !!vm && (vm.$mpType === 'page' || (vm.$options && vm.$options.mpType === 'page'))
  const hidden = function () {
    showing.delete(this)
  }
  return {
    onShow() {
      if (!isPage(this) || showing.has(this)) return
      showing.add(this)
      sendPageView(routeOf(this), send)
    },
    onHide: hidden,
    onUnload: hidden,
  }
}
