// Freight templates (运费模板, crates/domain/src/freight.rs): the editor's form ↔ the API's rule, the
// server's checks run first, a one-line summary for the table and the fee a rule charges (the same
// arithmetic as the server, for the dialog's worked example).
//
// The API's rule is one of
//   {kind: 'flat', fee}
//   {kind: 'free_over', fee, threshold}
//   {kind: 'by_weight', first_weight_g, first_fee, step_weight_g, step_fee, free_over?, regions: [{provinces, first_fee, step_fee}]}
// with money in fen; the form holds yuan text ("8.00") and gram counts as typed.
import { yuanToFen, fenToYuanText } from './catalog.js'

export const FREIGHT_KINDS = ['flat', 'free_over', 'by_weight']

// The server's limits.
export const FREIGHT_LIMITS = { money: 100_000_000, weight: 1_000_000, regions: 64, provinces: 40, provinceChars: 32, name: 64 }

/** Provincial-level divisions as addresses name them (the rule matches the address's province exactly). */
export const PROVINCES = [
  '北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省', '安徽省',
  '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区', '海南省', '重庆市', '四川省', '贵州省',
  '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区', '台湾省', '香港特别行政区', '澳门特别行政区',
]

const fenIn = (text, { optional = false } = {}) => {
  if (optional && String(text ?? '').trim() === '') return { value: null }
  const fen = yuanToFen(text)
  return fen != null && fen >= 0 && fen <= FREIGHT_LIMITS.money ? { value: fen } : { error: true }
}
const gramsIn = (text) => {
  const s = String(text ?? '').trim()
  const n = s === '' ? NaN : Number(s)
  return Number.isSafeInteger(n) && n >= 1 && n <= FREIGHT_LIMITS.weight ? n : null
}

export function emptyRegion() {
  return { provinces: [], first_fee: '', step_fee: '' }
}

export function emptyFreight() {
  return {
    name: '', kind: 'free_over', fee: '8.00', threshold: '99.00',
    first_weight_g: '1000', first_fee: '8.00', step_weight_g: '500', step_fee: '3.00', free_over: '', regions: [],
    is_default: false,
  }
}

/** A template from the list → the dialog's form (fields of the other kinds keep their defaults). */
export function freightToForm(t) {
  const r = (t && t.rule) || {}
  const form = { ...emptyFreight(), name: (t && t.name) || '', kind: FREIGHT_KINDS.includes(r.kind) ? r.kind : 'flat', is_default: !!(t && t.is_default) }
  if (r.kind === 'flat') form.fee = fenToYuanText(r.fee)
  if (r.kind === 'free_over') {
    form.fee = fenToYuanText(r.fee)
    form.threshold = fenToYuanText(r.threshold)
  }
  if (r.kind === 'by_weight') {
    form.first_weight_g = String(r.first_weight_g)
    form.first_fee = fenToYuanText(r.first_fee)
    form.step_weight_g = String(r.step_weight_g)
    form.step_fee = fenToYuanText(r.step_fee)
    form.free_over = r.free_over == null ? '' : fenToYuanText(r.free_over)
    form.regions = (r.regions || []).map((g) => ({ provinces: [...(g.provinces || [])], first_fee: fenToYuanText(g.first_fee), step_fee: fenToYuanText(g.step_fee) }))
  }
  return form
}

/** The per-province rows → [{provinces, first_fee, step_fee}] with errors under "regions.<i>.<field>". */
export function regionsToBody(rows, errors) {
  if ((rows || []).length > FREIGHT_LIMITS.regions) errors.regions = 'freight.invalid.tooManyRegions'
  const seen = new Map()
  return (rows || []).map((row, i) => {
    const provinces = [...new Set((row.provinces || []).map((p) => String(p).trim()).filter(Boolean))]
    if (!provinces.length || provinces.length > FREIGHT_LIMITS.provinces || provinces.some((p) => [...p].length > FREIGHT_LIMITS.provinceChars)) {
      errors[`regions.${i}.provinces`] = 'freight.invalid.provinces'
    } else {
      // The server uses the first row naming a province; a second one would never apply.
      const twice = provinces.find((p) => seen.has(p))
      if (twice) errors[`regions.${i}.provinces`] = 'freight.invalid.duplicateProvince'
      provinces.forEach((p) => seen.has(p) || seen.set(p, i))
    }
    const first = fenIn(row.first_fee)
    if (first.error) errors[`regions.${i}.first_fee`] = 'freight.invalid.money'
    const step = fenIn(row.step_fee)
    if (step.error) errors[`regions.${i}.step_fee`] = 'freight.invalid.money'
    return { provinces, first_fee: first.value ?? 0, step_fee: step.value ?? 0 }
  })
}

/**
 * The dialog's form → {body} for POST/PUT /admin/freight-templates, or {errors: {field: message key}}.
 * Server rules: name 1–64; fees and thresholds ¥0–¥1,000,000; weights 1–1,000,000 g; at most 64 regions,
 * each naming 1–40 provinces of up to 32 characters.
 */
export function formToFreight(form) {
  const errors = {}
  const name = String(form.name || '').trim()
  if (!name || [...name].length > FREIGHT_LIMITS.name) errors.name = 'freight.invalid.name'
  const kind = form.kind
  let rule = null
  if (kind === 'flat' || kind === 'free_over') {
    const fee = fenIn(form.fee)
    if (fee.error) errors.fee = 'freight.invalid.money'
    rule = { kind, fee: fee.value }
    if (kind === 'free_over') {
      const threshold = fenIn(form.threshold)
      if (threshold.error) errors.threshold = 'freight.invalid.money'
      rule.threshold = threshold.value
    }
  } else if (kind === 'by_weight') {
    const first_weight_g = gramsIn(form.first_weight_g)
    if (first_weight_g == null) errors.first_weight_g = 'freight.invalid.weight'
    const step_weight_g = gramsIn(form.step_weight_g)
    if (step_weight_g == null) errors.step_weight_g = 'freight.invalid.weight'
    const first = fenIn(form.first_fee)
    if (first.error) errors.first_fee = 'freight.invalid.money'
    const step = fenIn(form.step_fee)
    if (step.error) errors.step_fee = 'freight.invalid.money'
    const freeOver = fenIn(form.free_over, { optional: true })
    if (freeOver.error) errors.free_over = 'freight.invalid.money'
    const regions = regionsToBody(form.regions, errors)
    rule = { kind, first_weight_g, first_fee: first.value, step_weight_g, step_fee: step.value, free_over: freeOver.value ?? null, regions }
  } else {
    errors.kind = 'freight.invalid.kind'
  }
  if (Object.keys(errors).length) return { errors }
  return { body: { name, rule, is_default: !!form.is_default } }
}

/** The same template made (or unmade) the default: the body of the PUT. */
export function defaultBody(t, is_default = true) {
  return { name: t.name, rule: t.rule, is_default }
}

/** A problem's field errors onto the form: "regions[0].provinces" → "regions.0.provinces", "rule.fee" → "fee". */
export function freightFieldErrors(err) {
  const out = {}
  for (const f of (err && err.errors) || []) {
    const key = String(f.field || '').replace(/^rule\./, '').replace(/\[(\d+)\]/g, '.$1')
    out[key] = f.message
  }
  return out
}

/** What the rule charges for goods worth `goods` fen weighing `weightG` g to `province` (as the server does). */
export function freightFee(rule, goods, weightG, province) {
  if (!rule) return 0
  if (rule.kind === 'flat') return rule.fee
  if (rule.kind === 'free_over') return goods >= rule.threshold ? 0 : rule.fee
  if (rule.kind === 'by_weight') {
    if (rule.free_over != null && goods >= rule.free_over) return 0
    const region = (rule.regions || []).find((r) => (r.provinces || []).includes(province))
    const first = region ? region.first_fee : rule.first_fee
    const step = region ? region.step_fee : rule.step_fee
    const extra = Math.max(0, weightG - rule.first_weight_g)
    return first + Math.ceil(extra / rule.step_weight_g) * step
  }
  return 0
}

/** "1500 g" under 1 kg, else "1.5 kg". */
export function weightText(g) {
  const n = Number(g) || 0
  return n >= 1000 ? `${Number((n / 1000).toFixed(3))} kg` : `${n} g`
}

/** The table's one-line description of a rule: {key, params} with money through `money` (fen → "¥8.00"). */
export function ruleSummary(rule, money) {
  if (!rule) return { key: 'freight.summary.unknown', params: {} }
  if (rule.kind === 'flat') return { key: rule.fee ? 'freight.summary.flat' : 'freight.summary.free', params: { fee: money(rule.fee) } }
  if (rule.kind === 'free_over') return { key: 'freight.summary.freeOver', params: { fee: money(rule.fee), threshold: money(rule.threshold) } }
  if (rule.kind === 'by_weight') {
    return {
      key: rule.free_over != null ? 'freight.summary.byWeightFree' : 'freight.summary.byWeight',
      params: {
        first: weightText(rule.first_weight_g), firstFee: money(rule.first_fee), step: weightText(rule.step_weight_g), stepFee: money(rule.step_fee),
        freeOver: rule.free_over != null ? money(rule.free_over) : '', regions: (rule.regions || []).length,
      },
    }
  }
  return { key: 'freight.summary.unknown', params: {} }
}

/** A region row for the table: "新疆维吾尔自治区、西藏自治区: ¥20.00 + ¥10.00". */
export const regionText = (r, money) => `${(r.provinces || []).join('、')}: ${money(r.first_fee)} + ${money(r.step_fee)}`
