import { describe, it, expect, vi } from 'vitest'
import {
  centreState, shareLink, bpToPercent, rulesTable, rulesText, teamDepths, commissionExplain, commissionNet,
  withdrawRequest, withdrawFee, createWithdrawAttempt, submitWithdrawal, isRetryable,
  distStatusKey, commissionStatusKey, withdrawalStatusKey, methodKey, bindReasonKey, BIND_REASONS,
} from '../src/lib/distribution.js'
import { problemText, BINDING_REASONS } from '../src/lib/errors.js'
import { ApiError, problemFromResponse } from '../src/lib/problem.js'
import { messages } from '../src/lib/messages.js'

const lookup = (l) => (k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), messages[l])
const has = (l) => (k) => typeof lookup(l)(k) === 'string'
const tr = (l) => (k) => lookup(l)(k) ?? k

const figures = (over = {}) => ({
  status: 'none', mode: 'apply', invite_code: 'YXQMTU4R', commission: { frozen: 0, settled: 0, withdrawn: 0, pending_withdrawal: 0, debt: 0 },
  team: { levels: [0, 0, 0], team_sales: 0 }, own_spend: 0, application: null, ...over,
})

describe('distributor centre state', () => {
  it('offers the apply form in apply mode, shows a rejection reason', () => {
    expect(centreState(figures())).toMatchObject({ state: 'apply', rejected: '' })
    const rejected = figures({ application: { status: 'rejected', reject_reason: '资料不全' } })
    expect(centreState(rejected)).toMatchObject({ state: 'apply', rejected: '资料不全', wasRejected: true })
  })
  it('waits while pending, shows active and disabled, nothing to do in other modes', () => {
    expect(centreState(figures({ status: 'pending' })).state).toBe('pending')
    expect(centreState(figures({ application: { status: 'pending' } })).state).toBe('pending')
    expect(centreState(figures({ status: 'active' })).state).toBe('active')
    expect(centreState(figures({ status: 'disabled' })).state).toBe('disabled')
    expect(centreState(figures({ mode: 'designated' })).state).toBe('none')
    expect(centreState(null).state).toBe('none')
  })
  it('labels statuses with fallbacks', () => {
    expect(distStatusKey('active')).toBe('dist.status.active')
    expect(distStatusKey('weird')).toBe('dist.status.none')
    expect(commissionStatusKey('frozen')).toBe('dist.commissionStatus.frozen')
    expect(commissionStatusKey('x')).toBe('dist.commissionStatus.unknown')
    expect(withdrawalStatusKey('paid')).toBe('dist.withdrawalStatus.paid')
    expect(withdrawalStatusKey('x')).toBe('dist.withdrawalStatus.unknown')
    expect(methodKey('wechat')).toBe('dist.method.wechat')
    expect(methodKey('paypal')).toBe('dist.method.other')
    for (const l of ['zh-CN', 'en']) {
      for (const k of ['none', 'pending', 'active', 'disabled']) expect(has(l)(`dist.status.${k}`), `${l} ${k}`).toBe(true)
      for (const k of ['frozen', 'settled', 'reversed', 'unknown']) expect(has(l)(`dist.commissionStatus.${k}`)).toBe(true)
      for (const k of ['requested', 'approved', 'transferring', 'paid', 'rejected', 'failed', 'unknown']) expect(has(l)(`dist.withdrawalStatus.${k}`)).toBe(true)
      for (const k of ['wechat', 'balance', 'bank', 'alipay', 'other']) expect(has(l)(`dist.method.${k}`)).toBe(true)
    }
  })
})

describe('share link and rules', () => {
  it('builds the H5 share link', () => {
    expect(shareLink('https://mall.example.com/', 'YXQMTU4R')).toBe('https://mall.example.com/h5/#/pages/index/index?invite=YXQMTU4R')
    expect(shareLink('http://127.0.0.1:8080', 'AB12')).toBe('http://127.0.0.1:8080/h5/#/pages/index/index?invite=AB12')
  })
  it('shows rates in percent for the tiers in use', () => {
    expect(bpToPercent(1000)).toBe('10%')
    expect(bpToPercent(1250)).toBe('12.5%')
    expect(bpToPercent(333)).toBe('3.33%')
    expect(bpToPercent(0)).toBe('0%')
    expect(rulesTable({ tiers: 2, rates_bp: [1000, 500, 0] })).toEqual([{ tier: 1, rate: '10%', bp: 1000 }, { tier: 2, rate: '5%', bp: 500 }])
    expect(rulesTable({ tiers: 3, rates_bp: [1000, 500] }).map((r) => r.rate)).toEqual(['10%', '5%', '0%'])
    expect(rulesTable(null)).toEqual([])
    expect(teamDepths(2)).toEqual([1, 2])
    expect(teamDepths(9)).toEqual([1, 2, 3])
    expect(teamDepths(0)).toEqual([1])
  })
  it('picks the rules text by language', () => {
    const r = { text: { zh: '中文规则', en: 'English rules' } }
    expect(rulesText(r, 'zh-CN')).toBe('中文规则')
    expect(rulesText(r, 'en')).toBe('English rules')
    expect(rulesText({ text: { zh: '只有中文' } }, 'en')).toBe('只有中文')
    expect(rulesText(null, 'en')).toBe('')
  })
})

describe('commission lines', () => {
  it('explains how each was computed', () => {
    expect(commissionExplain({ tier: 1, base: 3900, rate_bp: 1000, fixed_per_unit: null })).toEqual({ key: 'dist.explain.rate', params: { tier: 1, base: '¥39.00', rate: '10%' } })
    expect(commissionExplain({ tier: 2, base: 3900, rate_bp: null, fixed_per_unit: 200 })).toEqual({ key: 'dist.explain.fixed', params: { tier: 2, amount: '¥2.00' } })
    expect(commissionExplain({ tier: 1 }).key).toBe('dist.explain.unknown')
    expect(commissionNet({ amount: 390, reversed: 195 })).toBe(195)
  })
})

describe('withdraw form', () => {
  const rules = { withdrawal: { min: 100, max: 500000, methods: ['wechat', 'balance'], fee_bp: 0, fee_fixed: 0, fee_min: 0 }, commission: { settled: 2000, debt: 0 } }
  it('builds the body in fen', () => {
    expect(withdrawRequest({ amount: '12.5', method: 'wechat' }, rules)).toEqual({ body: { amount: 1250, method: 'wechat' } })
  })
  it('checks method, amount, minimum, maximum, debt and available', () => {
    expect(withdrawRequest({ amount: '5', method: 'bank' }, rules).error).toBe('dist.invalid.method')
    expect(withdrawRequest({ amount: '5', method: '' }, rules).error).toBe('dist.invalid.method')
    expect(withdrawRequest({ amount: 'abc', method: 'wechat' }, rules).error).toBe('dist.invalid.amount')
    expect(withdrawRequest({ amount: '0', method: 'wechat' }, rules).error).toBe('dist.invalid.amount')
    expect(withdrawRequest({ amount: '0.5', method: 'wechat' }, rules)).toEqual({ error: 'dist.invalid.min', params: { min: '¥1.00' } })
    expect(withdrawRequest({ amount: '6000', method: 'wechat' }, { ...rules, commission: { settled: 900000 } })).toEqual({ error: 'dist.invalid.max', params: { max: '¥5000.00' } })
    expect(withdrawRequest({ amount: '30', method: 'wechat' }, rules)).toEqual({ error: 'dist.invalid.available', params: { amount: '¥20.00' } })
    expect(withdrawRequest({ amount: '5', method: 'wechat' }, { ...rules, commission: { settled: 2000, debt: 10 } }).error).toBe('errors.in_debt')
  })
  it('computes the fee like the server', () => {
    expect(withdrawFee(10000, { fee_bp: 60 })).toBe(60)
    expect(withdrawFee(10000, { fee_bp: 60, fee_fixed: 100 })).toBe(160)
    expect(withdrawFee(1000, { fee_bp: 10, fee_min: 50 })).toBe(50)
    expect(withdrawFee(30, { fee_fixed: 100 })).toBe(30)
    expect(withdrawFee(0, { fee_fixed: 100 })).toBe(0)
  })
})

describe('withdrawal Idempotency-Key', () => {
  const network = new ApiError({ status: 0, code: 'network_error' })
  const refused = new ApiError({ status: 409, code: 'limit_reached' })
  it('a fresh key per submit', () => {
    let n = 0
    const a = createWithdrawAttempt(() => `k${++n}`)
    const body = { amount: 100, method: 'wechat' }
    expect(a.keyFor(body)).toBe('k1')
    a.done(null)
    expect(a.keyFor(body)).toBe('k2') // same amount again is a second withdrawal
    a.done(refused)
    expect(a.keyFor(body)).toBe('k3')
  })
  it('the same key when the same submit is retried after a lost answer', () => {
    let n = 0
    const a = createWithdrawAttempt(() => `k${++n}`)
    const body = { amount: 100, method: 'wechat' }
    expect(a.keyFor(body)).toBe('k1')
    a.done(network)
    expect(a.keyFor(body)).toBe('k1')
    a.done(new ApiError({ status: 503, code: 'http_503' }))
    expect(a.keyFor({ amount: 200, method: 'wechat' })).toBe('k2') // changed amount: a new submit
  })
  it('submitWithdrawal retries a network failure with the same key', async () => {
    let n = 0
    const a = createWithdrawAttempt(() => `k${++n}`)
    const send = vi.fn().mockRejectedValueOnce(network).mockResolvedValueOnce({ id: 7 })
    await expect(submitWithdrawal(send, a, { amount: 100, method: 'wechat' })).resolves.toEqual({ id: 7 })
    expect(send.mock.calls.map((c) => c[1])).toEqual(['k1', 'k1'])
    const refusedSend = vi.fn().mockRejectedValue(refused)
    await expect(submitWithdrawal(refusedSend, a, { amount: 100, method: 'wechat' })).rejects.toBe(refused)
    expect(refusedSend).toHaveBeenCalledTimes(1)
    expect(refusedSend.mock.calls[0][1]).toBe('k2')
    expect(isRetryable(network)).toBe(true)
    expect(isRetryable(refused)).toBe(false)
  })
})

describe('distribution errors', () => {
  it('translates the withdrawal and application codes', () => {
    for (const code of ['in_debt', 'below_minimum', 'insufficient_balance', 'limit_reached', 'already_applied']) {
      const e = problemFromResponse(409, { code, title: 'x', detail: 'server words' })
      expect(problemText(e, tr('zh-CN'), has('zh-CN'))).toBe(messages['zh-CN'].errors[code])
      expect(problemText(e, tr('en'), has('en'))).toBe(messages.en.errors[code])
    }
  })
  it('translates binding_not_allowed by its reason', () => {
    const e = problemFromResponse(409, { code: 'binding_not_allowed', title: '无法绑定推荐人', detail: '不满足绑定规则。', reason: 'self' })
    expect(e.reason).toBe('self')
    expect(problemText(e, tr('zh-CN'), has('zh-CN'))).toBe('不能使用自己的邀请码')
    const unknown = problemFromResponse(409, { code: 'binding_not_allowed', title: 't', detail: 'd', reason: 'martian' })
    expect(problemText(unknown, tr('zh-CN'), has('zh-CN'))).toBe(messages['zh-CN'].errors.binding_not_allowed)
    expect(BINDING_REASONS).toEqual(BIND_REASONS)
    for (const l of ['zh-CN', 'en']) for (const r of [...BIND_REASONS, 'other']) expect(has(l)(`errors.binding.${r}`), `${l} ${r}`).toBe(true)
    expect(bindReasonKey('cycle')).toBe('errors.binding.cycle')
    expect(bindReasonKey('')).toBe('errors.binding.other')
  })
  it('has every login outcome in both languages', () => {
    for (const l of ['zh-CN', 'en']) for (const o of ['recorded', 'bound', 'unchanged', 'deferred', 'refused', 'not_recorded', 'invalid']) expect(has(l)(`login.outcome.${o}`), `${l} ${o}`).toBe(true)
  })
})
