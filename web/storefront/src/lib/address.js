// Address book: client-side checks before the server validates again. Errors are message keys
// (address.invalid.<field>) so pages show them translated.

export const ADDRESS_FIELDS = ['name', 'phone', 'province', 'city', 'district', 'detail']
const LIMITS = { name: 20, province: 20, city: 20, district: 20, detail: 120 }
const MOBILE = /^1\d{10}$/
// Phones from the server come back masked ("138****0000"); an untouched masked phone is not re-sent.
export const isMaskedPhone = (p) => /\*/.test(String(p || ''))

export function emptyAddress() {
  return { name: '', phone: '', province: '', city: '', district: '', detail: '', is_default: false }
}

/** Returns {field: 'address.invalid.field'} for every bad field; {} when the form is good. */
export function validateAddress(form, { editing = false } = {}) {
  const errs = {}
  for (const f of ADDRESS_FIELDS) {
    const v = String(form[f] ?? '').trim()
    if (f === 'phone') {
      if (editing && isMaskedPhone(v)) continue
      if (!MOBILE.test(v)) errs.phone = 'address.invalid.phone'
      continue
    }
    if (!v || v.length > LIMITS[f]) errs[f] = `address.invalid.${f}`
  }
  return errs
}

/** The body to POST/PUT: trimmed fields; on edit, a still-masked phone is left out. */
export function addressBody(form, { editing = false } = {}) {
  const body = {}
  for (const f of ADDRESS_FIELDS) body[f] = String(form[f] ?? '').trim()
  body.is_default = !!form.is_default
  if (editing && isMaskedPhone(body.phone)) delete body.phone
  return body
}

/** "浙江省 杭州市 西湖区 文三路 1 号" */
export function addressLine(a) {
  if (!a) return ''
  return [a.province, a.city, a.district, a.detail].filter(Boolean).join(' ')
}

/** The address checkout starts with: the chosen one if still there, else the default, else the first. */
export function pickAddress(list, chosenId = null) {
  const items = list || []
  return items.find((a) => a.id === chosenId) || items.find((a) => a.is_default) || items[0] || null
}
