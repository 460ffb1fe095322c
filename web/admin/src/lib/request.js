// fetch wrapper: bearer token, Accept-Language, JSON in/out, problem+json → ApiError, and a
// counter of requests in flight for the global loading bar.
import { reactive } from 'vue'
import { ApiError, problemFromResponse } from './problem.js'

export const inflight = reactive({ count: 0 })

export function buildQuery(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.append(k, v)
  const s = q.toString()
  return s ? `?${s}` : ''
}

export function createClient({ base = '', getToken = () => '', getLocale = () => 'zh-CN', onUnauthorized = null, fetchImpl } = {}) {
  return async function request(method, path, { query, body, auth = true, headers: extra = {} } = {}) {
    const doFetch = fetchImpl || globalThis.fetch
    const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': getLocale(), ...extra }
    const token = auth ? getToken() : ''
    if (token) headers.Authorization = `Bearer ${token}`
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    inflight.count++
    let res
    try {
      res = await doFetch(`${base}${path}${buildQuery(query)}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    } catch (e) {
      throw new ApiError({ status: 0, code: 'network_error', title: 'Network error', detail: e.message })
    } finally {
      inflight.count--
    }
    if (res.ok) {
      if (res.status === 204) return null
      const text = await res.text()
      return text ? JSON.parse(text) : null
    }
    const err = await problemFromResponse(res)
    if (res.status === 401 && token && onUnauthorized) onUnauthorized(err)
    throw err
  }
}
