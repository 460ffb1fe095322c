import { describe, it, expect } from 'vitest'
import {
  PERIODS, periodOf, formatBp, formatCount, compactYuan, kpiCards, noSales, noTraffic, salesOption, trafficOption, topRows,
} from '../src/lib/dashboard.js'
import { createI18n } from 'vue-i18n'
import { messages } from '../src/lib/messages.js'

const get = (l, k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), messages[l])
// A tiny t() over the real messages, with {n}-style params.
const tFor = (l) => (k, p = {}) => String(get(l, k) ?? k).replace(/\{(\w+)\}/g, (_, x) => p[x])

const day = (d, x = {}) => ({ day: d, orders: 0, gmv: 0, refunds: 0, page_views: 0, visitors: 0, buyers: 0, conversion_bp: 0, ...x })
const report = {
  from: '2026-11-19',
  to: '2026-11-25',
  days: [
    day('2026-11-19'),
    day('2026-11-24', { orders: 1, gmv: 8600, visitors: 4, page_views: 9, buyers: 1, conversion_bp: 2500 }),
    day('2026-11-25', { orders: 2, gmv: 12_345_678, refunds: 3900, visitors: 3, page_views: 5, buyers: 2, conversion_bp: 6666 }),
  ],
  totals: {
    orders: 3, gmv: 12_354_278, refunds: 3900, page_views: 14, visitors: 7, buyers: 2, repeat_buyers: 1,
    conversion_bp: 4285, repurchase_bp: 5000, average_order: 4_118_092, active_distributors: 1,
  },
  top_distributors: [{ user_id: 2, nickname: 'alice', commission: 780 }, { user_id: 9, nickname: ' ', commission: 5 }],
}

describe('dashboard figures', () => {
  it('offers 7, 30 and 90 days, 30 by default', () => {
    expect(PERIODS).toEqual([7, 30, 90])
    expect(periodOf('7')).toBe(7)
    expect(periodOf(90)).toBe(90)
    expect(periodOf(undefined)).toBe(30)
    expect(periodOf('400')).toBe(30)
  })
  it('shows basis points as percentages with two decimals', () => {
    expect(formatBp(6666)).toBe('66.66%')
    expect(formatBp(5000)).toBe('50.00%')
    expect(formatBp(7)).toBe('0.07%')
    expect(formatBp(0)).toBe('0.00%')
    expect(formatBp(10_000)).toBe('100.00%')
    expect(formatBp(-25)).toBe('-0.25%')
    expect(formatBp(undefined)).toBe('—')
  })
  it('shows counts with separators and axis money short', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(0)).toBe('0')
    expect(compactYuan(800)).toBe('¥800')
    expect(compactYuan(12.5)).toBe('¥12.5')
    expect(compactYuan(12_000)).toBe('¥1.2万')
    expect(compactYuan(12_000, 'en')).toBe('¥12k')
    expect(compactYuan(250_000_000)).toBe('¥2.5亿')
    expect(compactYuan(2_500_000, 'en')).toBe('¥2.5M')
    expect(compactYuan(0)).toBe('¥0')
  })
  it('builds the eight KPI cards with money in ¥ and rates in %', () => {
    const cards = kpiCards(report.totals)
    expect(cards.map((c) => c.key)).toEqual(['gmv', 'orders', 'averageOrder', 'visitors', 'conversion', 'repurchase', 'activeDistributors', 'refunds'])
    const by = Object.fromEntries(cards.map((c) => [c.key, c]))
    expect(by.gmv.value).toBe('¥123,542.78')
    expect(by.averageOrder.value).toBe('¥41,180.92')
    expect(by.refunds.value).toBe('¥39.00')
    expect(by.orders).toMatchObject({ id: 'kpi-orders', raw: 3, value: '3' })
    expect(by.conversion.value).toBe('42.85%')
    expect(by.repurchase.value).toBe('50.00%')
    expect(by.visitors.sub).toEqual({ key: 'pageViews', count: 14, params: { n: '14' } })
    expect(by.repurchase.sub.params.n).toBe('1')
    // Before the answer: zeros, no exceptions.
    expect(kpiCards(null).map((c) => c.value)).toEqual(['¥0.00', '0', '¥0.00', '0', '0.00%', '0.00%', '0', '¥0.00'])
  })
  it('has every label in both languages', () => {
    for (const l of ['zh-CN', 'en']) {
      for (const c of kpiCards(report.totals)) {
        expect(get(l, `dashboard.kpi.${c.key}`)).toBeTruthy()
        expect(get(l, `dashboard.hint.${c.key}`)).toBeTruthy()
        if (c.sub) expect(get(l, `dashboard.sub.${c.sub.key}`)).toContain('{n}')
      }
      expect(get(l, 'menu.dashboard')).toBeTruthy()
    }
  })
  it('says one and many in English, the same in Chinese', () => {
    const { t, locale } = createI18n({ legacy: false, locale: 'en', messages }).global
    const sub = (c) => t(`dashboard.sub.${c.sub.key}`, c.sub.params, c.sub.count)
    const one = Object.fromEntries(kpiCards({ buyers: 1, repeat_buyers: 0, page_views: 1234 }).map((c) => [c.key, c]))
    expect(sub(one.conversion)).toBe('1 paying buyer')
    expect(sub(one.repurchase)).toBe('0 repeat buyers')
    expect(sub(one.visitors)).toBe('1,234 page views')
    locale.value = 'zh-CN'
    expect(sub(one.conversion)).toBe('付款买家 1 人')
  })
  it('tells quiet periods apart', () => {
    expect(noSales(report)).toBe(false)
    expect(noTraffic(report)).toBe(false)
    const quiet = { ...report, days: [day('2026-11-24'), day('2026-11-25')] }
    expect(noSales(quiet)).toBe(true)
    expect(noTraffic(quiet)).toBe(true)
    expect(noSales({ days: [day('2026-11-25', { visitors: 2 })] })).toBe(true)
    expect(noTraffic({ days: [day('2026-11-25', { visitors: 2 })] })).toBe(false)
    expect(noSales(null)).toBe(true)
  })
})

describe('dashboard charts', () => {
  it('puts GMV in yuan on the left axis and orders on the right', () => {
    const o = salesOption(report, { t: tFor('zh-CN'), locale: 'zh-CN' })
    expect(o.xAxis.data).toEqual(['2026-11-19', '2026-11-24', '2026-11-25'])
    expect(o.xAxis.axisLabel.formatter('2026-11-25')).toBe('11-25')
    expect(o.yAxis).toHaveLength(2)
    expect(o.yAxis[1].minInterval).toBe(1)
    expect(o.yAxis[0].axisLabel.formatter(20_000)).toBe('¥2万')
    expect(o.series.map((s) => [s.name, s.type, s.yAxisIndex])).toEqual([['成交额', 'bar', 0], ['订单数', 'line', 1]])
    expect(o.series[0].data).toEqual([0, 86, 123456.78])
    expect(o.series[1].data).toEqual([0, 1, 2])
    expect(o.series[1].symbolSize).toBe(6) // a short window: a dot on every day
    const long = salesOption({ days: Array.from({ length: 30 }, (_, i) => day(`2026-11-${String(i + 1).padStart(2, '0')}`, { orders: i === 29 ? 2 : 0 })) }, { t: tFor('en') })
    expect([long.series[1].symbolSize(0), long.series[1].symbolSize(2)]).toEqual([0, 6])
    const tip = o.tooltip.formatter([
      { dataIndex: 2, seriesIndex: 0, seriesName: '成交额', marker: '' },
      { dataIndex: 2, seriesIndex: 1, seriesName: '订单数', marker: '' },
    ])
    expect(tip).toContain('2026-11-25')
    expect(tip).toContain('¥123,456.78') // exact fen, not the float of the bar
    expect(tip).toContain('<b>2</b>')
    const en = salesOption(report, { t: tFor('en'), locale: 'en' })
    expect(en.series.map((s) => s.name)).toEqual(['GMV', 'Orders'])
    expect(en.yAxis[0].axisLabel.formatter(20_000)).toBe('¥20k')
  })
  it('shows visitors and buyers per day with the conversion in the tooltip', () => {
    const o = trafficOption(report, { t: tFor('en') })
    expect(o.series.map((s) => s.name)).toEqual(['Visitors', 'Paying buyers'])
    expect(o.series[0].data).toEqual([0, 4, 3])
    expect(o.series[1].data).toEqual([0, 1, 2])
    expect(o.yAxis.minInterval).toBe(1)
    const tip = o.tooltip.formatter([{ dataIndex: 1, seriesIndex: 0, seriesName: 'Visitors', marker: '' }])
    expect(tip).toContain('25.00%')
    expect(tip).toContain('Page views')
    // Names from the messages are escaped in the HTML tooltip.
    const odd = trafficOption(report, { t: () => '<i>x</i>' }).tooltip.formatter([{ dataIndex: 0, seriesIndex: 0, seriesName: '<b>', marker: '' }])
    expect(odd).not.toContain('<i>')
    expect(odd).toContain('&lt;b&gt;')
  })
  it('lists top distributors with ¥ commission and a fallback name', () => {
    expect(topRows(report)).toEqual([
      { rank: 1, user_id: 2, nickname: 'alice', commission: '¥7.80' },
      { rank: 2, user_id: 9, nickname: '#9', commission: '¥0.05' },
    ])
    expect(topRows(null)).toEqual([])
  })
})
