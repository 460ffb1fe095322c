// Money arrives from the API as an integer number of fen (分): 12900 is ¥129.00.
// Never turn fen into a float for arithmetic; only format here, for display.

/** 12900 → "129.00"; -50 → "-0.50". Non-integers are rejected (they would hide a bug). */
export function fenToYuan(fen) {
  if (typeof fen === 'string' && /^-?\d+$/.test(fen)) fen = Number(fen)
  if (!Number.isSafeInteger(fen)) throw new TypeError(`money must be an integer number of fen, got ${fen}`)
  const negative = fen < 0
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  const grouped = String(yuan)
  return `${negative ? '-' : ''}${grouped}.${cents}`
}

/** 12900 → "¥129.00". */
export function formatMoney(fen) {
  const s = fenToYuan(fen)
  return s.startsWith('-') ? `-¥${s.slice(1)}` : `¥${s}`
}

/** Lowest/highest price of a list of SKUs, as a display string: "¥79.00" or "¥79.00 – ¥99.00". */
export function priceRange(skus, field = 'price') {
  const values = (skus || []).map((s) => s[field]).filter((v) => Number.isSafeInteger(v))
  if (!values.length) return ''
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  return lo === hi ? formatMoney(lo) : `${formatMoney(lo)} – ${formatMoney(hi)}`
}

/** "129.5" or "129.50" typed by a person → 12950 fen; null when it is not a valid amount. */
export function yuanToFen(text) {
  const m = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(String(text ?? ''))
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}
