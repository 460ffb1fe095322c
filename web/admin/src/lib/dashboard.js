// The dashboard (GET /api/v1/admin/reports/dashboard?days=N): KPI cards, the chart options and the
// empty states, as plain data so they are unit-tested; views/Dashboard.vue only renders them.
// Money arrives in fen, rates in basis points; every day of the window is listed, oldest first.
import { formatMoney } from './format.js'

export const PERIODS = [7, 30, 90]
export const DEFAULT_PERIOD = 30

/** A period the selector offers (anything else falls back to 30 days). */
export function periodOf(v) {
  const n = Number(v)
  return PERIODS.includes(n) ? n : DEFAULT_PERIOD
}

/** Basis points → "12.34%" (two decimals, no float rounding: 1234 bp is exactly 12.34 %). */
export function formatBp(bp) {
  const n = Number(bp)
  if (!Number.isFinite(n)) return '—'
  const v = Math.round(n)
  const sign = v < 0 ? '-' : ''
  const a = Math.abs(v)
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}%`
}

/** Whole numbers with thousands separators ("12,345"). */
export function formatCount(n) {
  const v = Number(n)
  if (!Number.isFinite(v)) return '—'
  return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

const trim = (x) => String(Number(x.toFixed(1)))

/** An axis label in yuan, short: "¥800", "¥1.2万" / "¥1.2k", "¥3亿" / "¥3M". */
export function compactYuan(yuan, locale = 'zh-CN') {
  const v = Number(yuan) || 0
  const a = Math.abs(v)
  const sign = v < 0 ? '-' : ''
  if (locale === 'en') {
    if (a >= 1e6) return `${sign}¥${trim(a / 1e6)}M`
    if (a >= 1e3) return `${sign}¥${trim(a / 1e3)}k`
  } else {
    if (a >= 1e8) return `${sign}¥${trim(a / 1e8)}亿`
    if (a >= 1e4) return `${sign}¥${trim(a / 1e4)}万`
  }
  return `${sign}¥${Number.isInteger(a) ? a : trim(a)}`
}

const num = (x) => (Number.isFinite(Number(x)) ? Number(x) : 0)

/**
 * The eight KPI cards: { key, id, value (shown), raw (for tests and data-value), sub? {key, count, params} }.
 * Labels are `dashboard.kpi.<key>`; sub lines `dashboard.sub.<…>`, plural by `count` (t(key, params, count)).
 */
export function kpiCards(totals) {
  const x = totals || {}
  return [
    { key: 'gmv', raw: num(x.gmv), value: formatMoney(num(x.gmv)) },
    { key: 'orders', raw: num(x.orders), value: formatCount(num(x.orders)) },
    { key: 'averageOrder', raw: num(x.average_order), value: formatMoney(num(x.average_order)) },
    { key: 'visitors', raw: num(x.visitors), value: formatCount(num(x.visitors)), sub: { key: 'pageViews', count: num(x.page_views), params: { n: formatCount(num(x.page_views)) } } },
    { key: 'conversion', raw: num(x.conversion_bp), value: formatBp(num(x.conversion_bp)), sub: { key: 'buyers', count: num(x.buyers), params: { n: formatCount(num(x.buyers)) } } },
    { key: 'repurchase', raw: num(x.repurchase_bp), value: formatBp(num(x.repurchase_bp)), sub: { key: 'repeatBuyers', count: num(x.repeat_buyers), params: { n: formatCount(num(x.repeat_buyers)) } } },
    { key: 'activeDistributors', raw: num(x.active_distributors), value: formatCount(num(x.active_distributors)) },
    { key: 'refunds', raw: num(x.refunds), value: formatMoney(num(x.refunds)) },
  ].map((c) => ({ ...c, id: `kpi-${c.key}` }))
}

/** Nothing sold in the window (the sales chart shows its empty state instead). */
export function noSales(report) {
  return !report || !(report.days || []).some((d) => num(d.orders) > 0 || num(d.gmv) > 0)
}

/** Nobody visited in the window (the traffic chart shows its empty state instead). */
export function noTraffic(report) {
  return !report || !(report.days || []).some((d) => num(d.visitors) > 0 || num(d.buyers) > 0)
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

// A tooltip line: the series' colour dot, its name and the value, aligned.
const line = (marker, name, value) =>
  `<div style="display:flex;justify-content:space-between;gap:24px"><span>${marker || ''}${esc(name)}</span><b>${esc(value)}</b></div>`

const dayLabel = (day) => String(day || '').slice(5) // "2026-11-25" → "11-25"

const AXIS_LABEL = { color: '#606266', fontSize: 12 }
const SPLIT_LINE = { lineStyle: { color: '#ebeef5' } }

function baseOption(report) {
  const days = (report && report.days) || []
  return {
    animationDuration: 400,
    textStyle: { fontFamily: "-apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" },
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 10, textStyle: { color: '#303133' } },
    grid: { left: 8, right: 8, top: 56, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: days.map((d) => d.day),
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: '#c0c4cc' } },
      axisLabel: { ...AXIS_LABEL, formatter: dayLabel, hideOverlap: true },
    },
  }
}

/** The sales chart: GMV per day as bars on the left axis (¥), paid orders as a line on the right. */
export function salesOption(report, { t, locale = 'zh-CN' }) {
  const days = (report && report.days) || []
  const gmv = t('dashboard.chart.gmv')
  const orders = t('dashboard.chart.orders')
  return {
    ...baseOption(report),
    color: ['#409eff', '#e6a23c'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params]
        if (!list.length) return ''
        const d = days[list[0].dataIndex] || {}
        return [
          `<div style="margin-bottom:4px">${esc(d.day || '')}</div>`,
          ...list.map((p) =>
            line(p.marker, p.seriesName, p.seriesIndex === 0 ? formatMoney(num(d.gmv)) : formatCount(d.orders)),
          ),
        ].join('')
      },
    },
    yAxis: [
      {
        type: 'value',
        name: t('dashboard.chart.gmvAxis'),
        nameTextStyle: { color: '#909399', align: 'left' },
        min: 0,
        axisLabel: { ...AXIS_LABEL, formatter: (v) => compactYuan(v, locale) },
        splitLine: SPLIT_LINE,
      },
      {
        type: 'value',
        name: t('dashboard.chart.ordersAxis'),
        nameTextStyle: { color: '#909399', align: 'right' },
        min: 0,
        minInterval: 1,
        axisLabel: AXIS_LABEL,
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: gmv,
        type: 'bar',
        yAxisIndex: 0,
        barMaxWidth: 28,
        itemStyle: { borderRadius: [3, 3, 0, 0] },
        data: days.map((d) => num(d.gmv) / 100),
      },
      {
        name: orders,
        type: 'line',
        yAxisIndex: 1,
        symbol: 'circle',
        // Over a long window a dot on every quiet day is noise: dots only where orders were paid.
        symbolSize: days.length > 14 ? (v) => (v > 0 ? 6 : 0) : 6,
        lineStyle: { width: 2 },
        data: days.map((d) => num(d.orders)),
      },
    ],
  }
}

/** The traffic chart: visitors and buyers per day as bars, conversion in the tooltip. */
export function trafficOption(report, { t }) {
  const days = (report && report.days) || []
  return {
    ...baseOption(report),
    color: ['#67c23a', '#f56c6c'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params]
        if (!list.length) return ''
        const d = days[list[0].dataIndex] || {}
        return [
          `<div style="margin-bottom:4px">${esc(d.day || '')}</div>`,
          ...list.map((p) => line(p.marker, p.seriesName, formatCount(p.seriesIndex === 0 ? d.visitors : d.buyers))),
          line('', t('dashboard.chart.pageViews'), formatCount(d.page_views)),
          line('', t('dashboard.chart.conversion'), formatBp(num(d.conversion_bp))),
        ].join('')
      },
    },
    yAxis: {
      type: 'value',
      name: t('dashboard.chart.peopleAxis'),
      nameTextStyle: { color: '#909399', align: 'left' },
      min: 0,
      minInterval: 1,
      axisLabel: AXIS_LABEL,
      splitLine: SPLIT_LINE,
    },
    series: [
      { name: t('dashboard.chart.visitors'), type: 'bar', barMaxWidth: 18, barGap: '20%', itemStyle: { borderRadius: [3, 3, 0, 0] }, data: days.map((d) => num(d.visitors)) },
      { name: t('dashboard.chart.buyers'), type: 'bar', barMaxWidth: 18, itemStyle: { borderRadius: [3, 3, 0, 0] }, data: days.map((d) => num(d.buyers)) },
    ],
  }
}

/** Top distributors as table rows: rank, a name (the user id when the nickname is empty), ¥ commission. */
export function topRows(report) {
  return ((report && report.top_distributors) || []).map((d, i) => ({
    rank: i + 1,
    user_id: d.user_id,
    nickname: String(d.nickname || '').trim() || `#${d.user_id}`,
    commission: formatMoney(num(d.commission)),
  }))
}
