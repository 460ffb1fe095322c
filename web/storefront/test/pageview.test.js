import { describe, it, expect, beforeEach } from 'vitest'
import { installFakeUni } from './setup-uni.js'
import {
  VISITOR_KEY, VISITOR_ID, newVisitorId, visitorId, resetVisitorMemo, pagePath, sendPageView, routeOf, createPageViewMixin,
} from '../src/lib/pageview.js'
import { request } from '../src/lib/api.js'

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('visitor id', () => {
  beforeEach(() => {
    installFakeUni()
    resetVisitorMemo()
  })
  it('has the format the server accepts', () => {
    for (let i = 0; i < 50; i++) {
      const id = newVisitorId()
      expect(id).toMatch(VISITOR_ID)
      expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    }
    expect(newVisitorId(0)).toMatch(/^v0[a-z0-9]{16}$/)
    expect(newVisitorId()).not.toBe(newVisitorId())
  })
  it('is made once and kept in storage', () => {
    const id = visitorId()
    expect(uni.getStorageSync(VISITOR_KEY)).toBe(id)
    expect(visitorId()).toBe(id)
    resetVisitorMemo()
    expect(visitorId()).toBe(id) // read back from storage, e.g. after a restart
  })
  it('reuses a stored id and replaces an invalid one', () => {
    uni.setStorageSync(VISITOR_KEY, 'stored-visitor_01')
    expect(visitorId()).toBe('stored-visitor_01')
    resetVisitorMemo()
    uni.setStorageSync(VISITOR_KEY, '<bad id>')
    const id = visitorId()
    expect(id).toMatch(VISITOR_ID)
    expect(uni.getStorageSync(VISITOR_KEY)).toBe(id)
  })
  it('keeps one id for the session when storage fails', () => {
    uni.getStorageSync = () => {
      throw new Error('storage unavailable')
    }
    uni.setStorageSync = () => {
      throw new Error('storage full')
    }
    const id = visitorId()
    expect(id).toMatch(VISITOR_ID)
    expect(visitorId()).toBe(id)
  })
})

describe('page views', () => {
  let fake
  beforeEach(() => {
    fake = installFakeUni(() => ({ statusCode: 204, data: '' }))
    resetVisitorMemo()
  })
  it('posts the visitor id and the page path without a token', async () => {
    uni.setStorageSync('fx_token', 'shopper-token')
    expect(await sendPageView('pages/index/index', request)).toBe(true)
    expect(fake.calls).toHaveLength(1)
    const call = fake.calls[0]
    expect(call.method).toBe('POST')
    expect(call.url).toBe('/api/v1/events/page-view')
    expect(call.data).toEqual({ visitor_id: uni.getStorageSync(VISITOR_KEY), path: '/pages/index/index' })
    expect(call.header.Authorization).toBeUndefined()
  })
  it('never throws or rejects when the request fails', async () => {
    installFakeUni(() => ({ fail: { errMsg: 'request:fail' } }))
    expect(await sendPageView('pages/me/me', request)).toBe(false)
    installFakeUni(() => ({ statusCode: 429, data: { code: 'rate_limited', status: 429 } }))
    expect(await sendPageView('pages/me/me', request)).toBe(false)
    const throwing = () => {
      throw new Error('boom')
    }
    expect(await sendPageView('pages/me/me', throwing)).toBe(false)
    globalThis.uni = undefined // no uni at all
    resetVisitorMemo()
    await expect(sendPageView('pages/me/me', () => Promise.resolve())).resolves.toBeTypeOf('boolean')
  })
  it('turns routes into paths', () => {
    expect(pagePath('pages/group/index?id=3')).toBe('/pages/group/index')
    expect(pagePath('/pages/me/me')).toBe('/pages/me/me')
    expect(pagePath('')).toBe('')
    expect(routeOf({ route: 'pages/a/a' })).toBe('pages/a/a')
    expect(routeOf({ $scope: { route: 'pages/b/b' } })).toBe('pages/b/b')
    expect(routeOf({ $page: { route: 'pages/c/c' } })).toBe('pages/c/c')
    expect(routeOf(null)).toBe('')
  })
})

describe('page view mixin', () => {
  it('sends at most once per page show and skips the App and components', () => {
    installFakeUni()
    resetVisitorMemo()
    const sent = []
    const send = (method, path, opts) => {
      sent.push(opts.body.path)
      return Promise.resolve(null)
    }
    const mixin = createPageViewMixin(send)
    const page = { $mpType: 'page', route: 'pages/index/index' }
    const other = { $mpType: 'page', route: 'pages/me/me' }
    mixin.onShow.call({ $mpType: 'app' })
    mixin.onShow.call({ $options: {} })
    mixin.onShow.call(page)
    mixin.onShow.call(page) // the same show reported twice
    expect(sent).toEqual(['/pages/index/index'])
    mixin.onHide.call(page)
    mixin.onShow.call(other)
    mixin.onShow.call(page) // back to the page: a new show
    mixin.onUnload.call(other)
    mixin.onShow.call({ $options: { mpType: 'page' }, $scope: { route: 'pages/cart/cart' } })
    expect(sent).toEqual(['/pages/index/index', '/pages/me/me', '/pages/index/index', '/pages/cart/cart'])
  })
  it('does not throw when sending fails', async () => {
    installFakeUni(() => ({ fail: { errMsg: 'offline' } }))
    const mixin = createPageViewMixin()
    expect(() => mixin.onShow.call({ $mpType: 'page', route: 'pages/index/index' })).not.toThrow()
    await flush()
  })
})
