import { describe, it, expect, vi } from 'vitest'
import { createClient, buildQuery, inflight } from '../src/lib/request.js'
import { ApiError, errorMessage } from '../src/lib/problem.js'

function res(status, body, type = 'application/json') {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': type } })
}

describe('admin request wrapper', () => {
  it('sends token, language and JSON', async () => {
    const fetchImpl = vi.fn(async () => res(200, { ok: 1 }))
    const request = createClient({ getToken: () => 'adm', getLocale: () => 'en', fetchImpl })
    expect(await request('POST', '/api/v1/admin/staff', { body: { username: 'x' } })).toEqual({ ok: 1 })
    const [url, init] = fetchImpl.mock.calls[0]
    expect(url).toBe('/api/v1/admin/staff')
    expect(init.headers.Authorization).toBe('Bearer adm')
    expect(init.headers['Accept-Language']).toBe('en')
    expect(init.body).toBe('{"username":"x"}')
    expect(inflight.count).toBe(0)
  })
  it('passes extra headers such as Idempotency-Key', async () => {
    const fetchImpl = vi.fn(async () => res(200, { balance: 1 }))
    const request = createClient({ getToken: () => 'adm', fetchImpl })
    await request('POST', '/api/v1/admin/users/2/wallet-adjustments', { body: { amount: 1, reason: 'x' }, headers: { 'Idempotency-Key': 'k1' } })
    const [, init] = fetchImpl.mock.calls[0]
    expect(init.headers['Idempotency-Key']).toBe('k1')
    expect(init.headers.Authorization).toBe('Bearer adm')
  })
  it('maps problems and field errors', async () => {
    const fetchImpl = async () =>
      res(422, { type: 't', title: 'Validation failed', status: 422, code: 'validation_failed', detail: 'password: must be 10–128 characters', errors: [{ field: 'password', reason: 'length_10_to_128', message: 'must be 10–128 characters' }] }, 'application/problem+json')
    const request = createClient({ fetchImpl })
    const e = await request('POST', '/x', { body: {} }).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('validation_failed')
    expect(e.fieldErrors()).toEqual({ password: 'must be 10–128 characters' })
    expect(errorMessage(e)).toContain('password')
  })
  it('signals 401 and handles 204 and network errors', async () => {
    const onUnauthorized = vi.fn()
    const r401 = createClient({ getToken: () => 'x', onUnauthorized, fetchImpl: async () => res(401, { code: 'unauthorized', title: 'Unauthorized', status: 401, detail: '' }) })
    await expect(r401('GET', '/api/v1/admin/me')).rejects.toMatchObject({ code: 'unauthorized' })
    expect(onUnauthorized).toHaveBeenCalledOnce()
    const r204 = createClient({ fetchImpl: async () => new Response(null, { status: 204 }) })
    expect(await r204('POST', '/api/v1/auth/logout')).toBe(null)
    const down = createClient({ fetchImpl: async () => { throw new TypeError('fetch failed') } })
    await expect(down('GET', '/x')).rejects.toMatchObject({ code: 'network_error', status: 0 })
    expect(inflight.count).toBe(0)
  })
  it('builds queries without empty values', () => {
    expect(buildQuery({ page: 2, action: 'staff.', admin_id: null })).toBe('?page=2&action=staff.')
  })
})
