// Errors from the API are RFC 9457 problems: {type, title, status, code, detail, errors?}.
// ApiError carries them so pages can branch on `code` and show the localized `title`/`detail`.

export class ApiError extends Error {
  constructor({ status = 0, code = 'network_error', title = '', detail = '', errors = null, type = '', reason = '' } = {}) {
    super(detail || title || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.title = title
    this.detail = detail
    this.errors = Array.isArray(errors) ? errors : null
    this.type = type
    // Some problems say why in a `reason` (binding_not_allowed: self, cycle, unknown_code…).
    this.reason = typeof reason === 'string' ? reason : ''
  }

  /** The validation error of one field, if the server named it. */
  fieldError(field) {
    return (this.errors || []).find((e) => e.field === field) || null
  }
}

/** Turns a response (status, headers, parsed or raw body) into an ApiError. */
export function problemFromResponse(status, body, fallbackTitle = '') {
  let data = body
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch {
      data = null
    }
  }
  if (data && typeof data === 'object' && typeof data.code === 'string') {
    return new ApiError({
      status: data.status || status,
      code: data.code,
      title: data.title || '',
      detail: data.detail || '',
      errors: data.errors,
      type: data.type || '',
      reason: data.reason || '',
    })
  }
  return new ApiError({ status, code: `http_${status}`, title: fallbackTitle || `HTTP ${status}`, detail: '' })
}

/** One line to show a person: the server's localized detail, else its title, else a fallback. */
export function errorMessage(err, fallback = '') {
  if (!err) return fallback
  if (err instanceof ApiError) return err.detail || err.title || fallback || err.code
  return err.message || fallback
}
