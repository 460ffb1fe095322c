// Times are UTC from the API and shown in the shop's time zone (SPEC §1: default Asia/Shanghai).
export const SHOP_TZ = 'Asia/Shanghai'

export function formatTime(iso, locale = 'zh-CN', timeZone = SHOP_TZ) {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(d)
  const get = (t) => parts.find((p) => p.type === t).value
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`
}

/** Money in fen → "¥1,234.56" (for later money pages). */
export function formatMoney(fen) {
  if (!Number.isSafeInteger(fen)) throw new TypeError(`money must be an integer number of fen, got ${fen}`)
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** Audit detail objects as one short line: "role=operator, username=op1". */
export function formatDetail(detail) {
  if (detail == null || detail === '') return ''
  if (typeof detail !== 'object') return String(detail)
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`)
    .join(', ')
}
