// The one way pages talk to the API. Uses the global `uni` (uni.request) so the same code runs in
// the WeChat/Alipay mini-programs and H5; tests pass a fake in.
import { ApiError, problemFromResponse } from './problem.js'

export function buildQuery(params) {
  const parts = []
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

/**
 * createClient({ base, getToken, getLocale, onUnauthorized, uni })
 * returns request(method, path, { query, body, headers, auth }) → Promise<data>.
 */
export function createClient({ base = '', getToken = () => '', getLocale = () => 'zh-CN', onUnauthorized = null, uni: u } = {}) {
  const api = u || globalThis.uni
  return function request(method, path, { query, body, headers = {}, auth = true } = {}) {
    const url = `${base}${path}${buildQuery(query)}`
    const h = { Accept: 'application/json, application/problem+json', 'Accept-Language': getLocale(), ...headers }
    const token = auth ? getToken() : ''
    if (token) h.Authorization = `Bearer ${token}`
    if (body !== undefined) h['Content-Type'] = 'application/json'
    return new Promise((resolve, reject) => {
      api.request({
        url,
        method,
        header: h,
        data: body,
        dataType: 'json',
        success(res) {
          const status = res.statusCode
          if (status >= 200 && status < 300) {
            resolve(status === 204 ? null : res.data)
            return
          }
          const err = problemFromResponse(status, res.data)
          if (status === 401 && token && onUnauthorized) onUnauthorized(err)
          reject(err)
        },
        fail(e) {
          reject(new ApiError({ status: 0, code: 'network_error', title: 'Network error', detail: (e && e.errMsg) || '' }))
        },
      })
    })
  }
}
