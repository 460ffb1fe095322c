import { describe, it, expect } from 'vitest'
import {
  emptyFreight, emptyRegion, freightToForm, formToFreight, regionsToBody, defaultBody, freightFieldErrors, freightFee, ruleSummary, regionText, weightText, PROVINCES,
} from '../src/lib/freight.js'
import { formatMoney } from '../src/lib/format.js'
import { messages } from '../src/lib/messages.js'

// The server's own example (crates/domain/src/freight.rs tests).
const byWeight = {
  id: 3, name: '按重量', is_default: false,
  rule: {
    kind: 'by_weight', first_weight_g: 1000, first_fee: 800, step_weight_g: 500, step_fee: 300, free_over: 20000,
    regions: [{ provinces: ['新疆维吾尔自治区'], first_fee: 2000, step_fee: 1000 }],
  },
}

describe('freight form ↔ rule (yuan text ↔ fen)', () => {
  it('shows fen as yuan and sends them back unchanged', () => {
    const form = freightToForm(byWeight)
    expect(form).toMatchObject({
      name: '按重量', kind: 'by_weight', first_weight_g: '1000', first_fee: '8.00', step_weight_g: '500', step_fee: '3.00', free_over: '200.00',
      regions: [{ provinces: ['新疆维吾尔自治区'], first_fee: '20.00', step_fee: '10.00' }],
    })
    expect(formToFreight(form)).toEqual({ body: { name: '按重量', rule: byWeight.rule, is_default: false } })
  })
  it('round-trips flat and free-over rules and the demo template', () => {
    const demo = { id: 1, name: '满99包邮', is_default: true, rule: { kind: 'free_over', fee: 800, threshold: 9900 } }
    expect(freightToForm(demo)).toMatchObject({ kind: 'free_over', fee: '8.00', threshold: '99.00', is_default: true })
    expect(formToFreight(freightToForm(demo)).body).toEqual({ name: '满99包邮', rule: demo.rule, is_default: true })
    const flat = { id: 2, name: '包邮', is_default: false, rule: { kind: 'flat', fee: 0 } }
    expect(formToFreight(freightToForm(flat)).body.rule).toEqual({ kind: 'flat', fee: 0 })
  })
  it('reads typed yuan: whole, one and two decimals; blank free-over means none', () => {
    const form = { ...emptyFreight(), name: ' 快递 ', kind: 'by_weight', first_weight_g: ' 500 ', first_fee: '6', step_weight_g: '1000', step_fee: '2.5', free_over: '' }
    expect(formToFreight(form).body).toEqual({
      name: '快递', is_default: false,
      rule: { kind: 'by_weight', first_weight_g: 500, first_fee: 600, step_weight_g: 1000, step_fee: 250, free_over: null, regions: [] },
    })
  })
  it('sends only the chosen kind\'s fields', () => {
    const form = { ...emptyFreight(), name: 'x', kind: 'flat', fee: '12.5', threshold: 'garbage', first_weight_g: '' }
    expect(formToFreight(form).body.rule).toEqual({ kind: 'flat', fee: 1250 })
  })
})

describe('freight form checks (before anything is sent)', () => {
  it('refuses bad names, money and weights with message keys', () => {
    const form = { ...emptyFreight(), name: '', kind: 'by_weight', first_weight_g: '0', first_fee: '-1', step_weight_g: '1.5', step_fee: '1.234', free_over: 'abc' }
    expect(formToFreight(form).errors).toEqual({
      name: 'freight.invalid.name', first_weight_g: 'freight.invalid.weight', first_fee: 'freight.invalid.money',
      step_weight_g: 'freight.invalid.weight', step_fee: 'freight.invalid.money', free_over: 'freight.invalid.money',
    })
    expect(formToFreight({ ...emptyFreight(), name: 'x'.repeat(65) }).errors).toEqual({ name: 'freight.invalid.name' })
    expect(formToFreight({ ...emptyFreight(), name: 'x', kind: 'flat', fee: '1000000.01' }).errors).toEqual({ fee: 'freight.invalid.money' })
    expect(formToFreight({ ...emptyFreight(), name: 'x', kind: 'flat', fee: '1000000' }).body.rule.fee).toBe(100_000_000)
    expect(formToFreight({ ...emptyFreight(), name: 'x', kind: 'free_over', fee: '', threshold: '99' }).errors).toEqual({ fee: 'freight.invalid.money' })
    expect(formToFreight({ ...emptyFreight(), name: 'x', kind: 'teleport' }).errors).toEqual({ kind: 'freight.invalid.kind' })
    expect(formToFreight({ ...emptyFreight(), name: 'x', kind: 'by_weight', first_weight_g: '1000001' }).errors).toEqual({ first_weight_g: 'freight.invalid.weight' })
  })
  it('validates the per-province rows', () => {
    const errors = {}
    const rows = [
      { provinces: ['新疆维吾尔自治区', ' 西藏自治区 ', '西藏自治区'], first_fee: '20', step_fee: '10' },
      { provinces: [], first_fee: 'x', step_fee: '' },
      { provinces: ['西藏自治区', '青海省'], first_fee: '15', step_fee: '5' },
      { provinces: ['某'.repeat(33)], first_fee: '1', step_fee: '1' },
    ]
    const body = regionsToBody(rows, errors)
    expect(body[0]).toEqual({ provinces: ['新疆维吾尔自治区', '西藏自治区'], first_fee: 2000, step_fee: 1000 })
    expect(errors).toEqual({
      'regions.1.provinces': 'freight.invalid.provinces', 'regions.1.first_fee': 'freight.invalid.money', 'regions.1.step_fee': 'freight.invalid.money',
      'regions.2.provinces': 'freight.invalid.duplicateProvince', 'regions.3.provinces': 'freight.invalid.provinces',
    })
    const many = {}
    regionsToBody(Array.from({ length: 65 }, (_, i) => ({ provinces: [`省${i}`], first_fee: '1', step_fee: '1' })), many)
    expect(many).toEqual({ regions: 'freight.invalid.tooManyRegions' })
    const tooMany = {}
    regionsToBody([{ provinces: Array.from({ length: 41 }, (_, i) => `省${i}`), first_fee: '1', step_fee: '1' }], tooMany)
    expect(tooMany).toEqual({ 'regions.0.provinces': 'freight.invalid.provinces' })
  })
  it('a new row starts empty and is refused until filled', () => {
    const form = { ...emptyFreight(), name: 'x', kind: 'by_weight', regions: [emptyRegion()] }
    expect(Object.keys(formToFreight(form).errors)).toEqual(['regions.0.provinces', 'regions.0.first_fee', 'regions.0.step_fee'])
  })
})

describe('freight helpers', () => {
  it('makes the default with the same rule', () => {
    expect(defaultBody(byWeight)).toEqual({ name: '按重量', rule: byWeight.rule, is_default: true })
  })
  it('maps server field paths onto the form', () => {
    const err = { errors: [{ field: 'regions[0].provinces', message: '格式不正确' }, { field: 'fee', message: '超出范围' }, { field: 'rule.step_fee', message: 'x' }] }
    expect(freightFieldErrors(err)).toEqual({ 'regions.0.provinces': '格式不正确', fee: '超出范围', step_fee: 'x' })
    expect(freightFieldErrors(null)).toEqual({})
  })
  it('charges like the server', () => {
    const r = byWeight.rule
    expect(freightFee(r, 100, 900, '广东省')).toBe(800)
    expect(freightFee(r, 100, 1000, '广东省')).toBe(800)
    expect(freightFee(r, 100, 1001, '广东省')).toBe(1100)
    expect(freightFee(r, 100, 2000, '广东省')).toBe(1400)
    expect(freightFee(r, 100, 2000, '新疆维吾尔自治区')).toBe(4000)
    expect(freightFee(r, 20000, 2000, '新疆维吾尔自治区')).toBe(0)
    expect(freightFee({ kind: 'free_over', fee: 800, threshold: 9900 }, 9899, 0, '')).toBe(800)
    expect(freightFee({ kind: 'free_over', fee: 800, threshold: 9900 }, 9900, 0, '')).toBe(0)
    expect(freightFee({ kind: 'flat', fee: 800 }, 1, 1, 'x')).toBe(800)
    expect(freightFee(null, 1, 1, 'x')).toBe(0)
  })
  it('summarises rules for the table', () => {
    expect(ruleSummary({ kind: 'free_over', fee: 800, threshold: 9900 }, formatMoney)).toEqual({ key: 'freight.summary.freeOver', params: { fee: '¥8.00', threshold: '¥99.00' } })
    expect(ruleSummary({ kind: 'flat', fee: 0 }, formatMoney).key).toBe('freight.summary.free')
    expect(ruleSummary(byWeight.rule, formatMoney)).toEqual({
      key: 'freight.summary.byWeightFree', params: { first: '1 kg', firstFee: '¥8.00', step: '500 g', stepFee: '¥3.00', freeOver: '¥200.00', regions: 1 },
    })
    expect(regionText(byWeight.rule.regions[0], formatMoney)).toBe('新疆维吾尔自治区: ¥20.00 + ¥10.00')
    expect(weightText(1500)).toBe('1.5 kg')
    expect(PROVINCES).toHaveLength(34)
  })
  it('has every key it uses in both languages', () => {
    for (const l of ['zh-CN', 'en']) {
      const f = messages[l].freight
      for (const k of ['flat', 'free', 'freeOver', 'byWeight', 'byWeightFree', 'unknown']) expect(f.summary[k]).toBeTruthy()
      for (const k of ['name', 'kind', 'money', 'weight', 'provinces', 'duplicateProvince', 'tooManyRegions', 'form']) expect(f.invalid[k]).toBeTruthy()
      expect(messages[l].errors.template_in_use).toBeTruthy()
      expect(messages[l].menu.freight).toBeTruthy()
    }
  })
})
