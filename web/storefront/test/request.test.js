import { describe, it, expect, vi, beforeEach } from 'vitest'
import { installFakeUni } from './setup-uni.js'
import { createClient, buildQuery } from '../src/lib/request.js'
import { ApiError, errorMessage, problemFromResponse } from '../src/lib/problem.js'

describe('buildQuery', () => {
  it('skips empty values and encodes the rest', () => {
    expect(buildQuery({ q: '茶 叶', page: 1, category_id: undefined, x: '' })).toBe('?q=%E8%8C%B6%20%E5%8F%B6&page=1')
    expect(buildQuery({})).toBe('')
  })
})

describe('request wrapper', () => {
  let fake
  beforeEach(() => {
    fake = installFakeUni((opts) => ({ statusCode: 200, data: { ok: true, url: opts.url } }))
  })

  it('adds the bearer token, Accept-Language and JSON body', async () => {
    const request = createClient({ base: 'https://api.test', getToken: () => 'tok', getLocale: () => 'en' })
    const data = await request('PATCH', '/api/v1/me', { body: { nickname: 'x' }, query: { a: 1 } })
    expect(data.ok).toBe(true)
    const call = fake.calls[0]
    expect(call.url).toBe('https://api.test/api/v1/me?a=1')
    expect(call.method).toBe('PATCH')
    expect(call.header.Authorization).toBe('Bearer tok')
    expect(call.header['Accept-Language']).toBe('en')
    expect(call.header['Content-Type']).toBe('application/json')
    expect(call.data).toEqual({ nickname: 'x' })
  })

  it('leaves the token off when auth is false or there is none', async () => {
    const request = createClient({ getToken: () => 'tok' })
    await request('GET', '/api/v1/products', { auth: false })
    expect(fake.calls[0].header.Authorization).toBeUndefined()
    const anon = createClient({ getToken: () => '' })
    await anon('GET', '/x')
    expect(fake.calls[1].header.Authorization).toBeUndefined()
  })

  it('maps problem+json into an ApiError with code/title/detail', async () => {
    installFakeUni(() => ({
      statusCode: 422,
      data: { type: 't', title: '请求参数有误', status: 422, code: 'validation_failed', detail: 'phone: 格式不正确', errors: [{ field: 'phone', reason: 'invalid_format', message: '格式不正确' }] },
    }))
    const request = createClient({ getToken: () => 'tok' })
    const err = await request('PATCH', '/api/v1/me', { body: {} }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('validation_failed')
    expect(err.status).toBe(422)
    expect(err.title).toBe('请求参数有误')
    expect(err.detail).toBe('phone: 格式不正确')
    expect(err.fieldError('phone').message).toBe('格式不正确')
    expect(errorMessage(err)).toBe('phone: 格式不正确')
  })

  it('parses a problem body that arrives as text', () => {
    const e = problemFromResponse(404, JSON.stringify({ code: 'not_found', title: 'Not found', status: 404, detail: 'no such product' }))
    expect(e.code).toBe('not_found')
    const raw = problemFromResponse(502, '<html>bad gateway</html>')
    expect(raw.code).toBe('http_502')
  })

  it('calls onUnauthorized on 401 with a token', async () => {
    installFakeUni(() => ({ statusCode: 401, data: { code: 'unauthorized', title: 'Unauthorized', status: 401, detail: '' } }))
    const onUnauthorized = vi.fn()
    const request = createClient({ getToken: () => 'tok', onUnauthorized })
    const err = await request('GET', '/api/v1/me').catch((e) => e)
    expect(err.code).toBe('unauthorized')
    expect(onUnauthorized).toHaveBeenCalledOnce()
  })

  it('turns a transport failure into network_error', async () => {
    installFakeUni(() => ({ fail: { errMsg: 'request:fail timeout' } }))
    const request = createClient({})
    const err = await request('GET', '/x').catch((e) => e)
    expect(err.code).toBe('network_error')
    expect(err.status).toBe(0)
    expect(err.detail).toContain('timeout')
  })

  it('resolves null on 204', async () => {
    installFakeUni(() => ({ statusCode: 204, data: '' }))
    const request = createClient({})
    expect(await request('DELETE', '/api/v1/me')).toBe(null)
  })
})
