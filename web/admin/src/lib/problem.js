// RFC 9457 problems from the API, as Errors with the stable `code` and the localized title/detail.
export class ApiError extends Error {
  constructor({ status = 0, code = 'network_error', title = '', detail = '', errors = null, reason = '' } = {}) {
    super(detail || title || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.title = title
    this.detail = detail
    this.errors = Array.isArray(errors) ? errors : null
    // Some problems say why in a `reason` (binding_not_allowed: self, cycle, …).
    this.reason = typeof reason === 'string' ? reason : ''
  }
  fieldErrors() {
    return Object.fromEntries((this.errors || []).map((e) => [e.field, e.message]))
  }
}

export async function problemFromResponse(res) {
  let data = null
  try {
    data = await res.json()
  } catch {
    data = null
  }
  if (data && typeof data.code === 'string') return new ApiError({ ...data, status: data.status || res.status })
  return new ApiError({ status: res.status, code: `http_${res.status}`, title: `HTTP ${res.status}` })
}

export function errorMessage(err, fallback = '') {
  if (!err) return fallback
  return err.detail || err.title || err.message || fallback
}

/** A problem as one translated line: `errors.<code>` when the messages have it, else the server's
 * localized detail/title (never raw JSON). `te` tells whether a key exists. */
export function problemText(err, t, te = () => false) {
  if (!err) return ''
  if (err.code === 'binding_not_allowed' && err.reason && te(`errors.binding.${err.reason}`)) return t(`errors.binding.${err.reason}`)
  if (err.code && te(`errors.${err.code}`)) return t(`errors.${err.code}`)
  return errorMessage(err, t('common.error'))
}
