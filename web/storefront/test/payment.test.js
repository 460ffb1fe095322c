import { describe, it, expect, vi } from 'vitest'
import {
  payPlan, requestPaymentParams, isCancel, canPayWithBalance, createWechatPay, pollUntil, topUpAmount, txKindKey, signedMoney,
  currentPlatform, TOP_UP_PRESETS, WALLET_KINDS,
} from '../src/lib/payment.js'
import { ApiError } from '../src/lib/problem.js'
import { KNOWN_CODES } from '../src/lib/errors.js'
import { messages } from '../src/lib/messages.js'

const wechat = { prepay_id: 'wx123', appId: 'wxapp', timeStamp: '1700000000', nonceStr: 'n1', package: 'prepay_id=wx123', signType: 'RSA', paySign: 'sig' }
const wxAnswer = (o = {}) => ({ order_id: 1, out_trade_no: 'P1', amount: 8600, sandbox: true, wechat, ...o })

describe('payment plan', () => {
  it('finishes balance answers at once and WeChat ones per platform', () => {
    expect(currentPlatform()).toBe('h5')
    expect(payPlan({ id: 1, status: 'paid' }, 'h5')).toBe('paid')
    expect(payPlan(wxAnswer(), 'h5')).toBe('sandbox')
    expect(payPlan(wxAnswer({ sandbox: false }), 'h5')).toBe('unsupported')
    expect(payPlan(wxAnswer(), 'mp-weixin')).toBe('requestPayment')
    expect(payPlan(wxAnswer({ sandbox: false }), 'mp-weixin')).toBe('requestPayment')
    expect(payPlan(wxAnswer(), 'mp-alipay')).toBe('unsupported')
    expect(payPlan(null)).toBe('unsupported')
  })
  it('passes wx.requestPayment exactly its parameters', () => {
    expect(requestPaymentParams(wechat)).toEqual({ provider: 'wxpay', timeStamp: '1700000000', nonceStr: 'n1', package: 'prepay_id=wx123', signType: 'RSA', paySign: 'sig' })
    expect(isCancel({ errMsg: 'requestPayment:fail cancel' })).toBe(true)
    expect(isCancel({ errMsg: 'requestPayment:fail (detail message)' })).toBe(false)
  })
  it('allows the balance only when it covers the amount', () => {
    expect(canPayWithBalance({ balance: 8600 }, 8600)).toBe(true)
    expect(canPayWithBalance({ balance: 8599 }, 8600)).toBe(false)
    expect(canPayWithBalance(null, 1)).toBe(false)
  })
})

describe('WeChat step', () => {
  it('opens the sandbox sheet and pays the prepay id on confirm', async () => {
    const sandboxPay = vi.fn(async () => ({ trade_state: 'SUCCESS', notified: true }))
    const w = createWechatPay({ platform: 'h5', sandboxPay })
    const done = w.pay(wxAnswer())
    expect(w.state.visible).toBe(true)
    expect(w.state.amount).toBe(8600)
    await w.confirm()
    expect(sandboxPay).toHaveBeenCalledWith('wx123')
    expect(await done).toBe('paid')
    expect(w.state.visible).toBe(false)
  })
  it('keeps the sheet open with a translated error when the sandbox refuses, and can be cancelled', async () => {
    const sandboxPay = vi.fn(async () => {
      throw new ApiError({ status: 404, code: 'ORDER_NOT_EXIST' })
    })
    const w = createWechatPay({ platform: 'h5', sandboxPay })
    const done = w.pay(wxAnswer())
    await w.confirm()
    expect(w.state.visible).toBe(true)
    expect(w.state.error.code).toBe('payment_failed')
    expect(w.state.busy).toBe(false)
    w.cancel()
    expect(await done).toBe('cancelled')
  })
  it('calls uni.requestPayment in the WeChat mini-program', async () => {
    const calls = []
    const ok = createWechatPay({ platform: 'mp-weixin', requestPayment: (o) => (calls.push(o), o.success({})) })
    expect(await ok.pay(wxAnswer())).toBe('paid')
    expect(calls[0]).toMatchObject({ provider: 'wxpay', package: 'prepay_id=wx123', paySign: 'sig' })
    const cancelled = createWechatPay({ platform: 'mp-weixin', requestPayment: (o) => o.fail({ errMsg: 'requestPayment:fail cancel' }) })
    expect(await cancelled.pay(wxAnswer())).toBe('cancelled')
    const broken = createWechatPay({ platform: 'mp-weixin', requestPayment: (o) => o.fail({ errMsg: 'requestPayment:fail bad sign' }) })
    await expect(broken.pay(wxAnswer())).rejects.toMatchObject({ code: 'payment_failed' })
  })
  it('refuses where WeChat Pay cannot run', async () => {
    await expect(createWechatPay({ platform: 'h5' }).pay(wxAnswer({ sandbox: false }))).rejects.toMatchObject({ code: 'payment_method_unavailable' })
  })
})

describe('polling', () => {
  it('stops when done', async () => {
    const seen = ['pending_payment', 'pending_payment', 'paid']
    const sleep = vi.fn(async () => {})
    const r = await pollUntil(async () => ({ status: seen.shift() }), (o) => o.status === 'paid', { tries: 5, interval: 300, sleep })
    expect(r).toEqual({ value: { status: 'paid' }, ok: true })
    expect(sleep).toHaveBeenCalledTimes(2)
    expect(sleep).toHaveBeenCalledWith(300)
  })
  it('gives up after the tries, retrying failures', async () => {
    let n = 0
    const r = await pollUntil(async () => {
      n++
      if (n === 1) throw new Error('flaky')
      return { status: 'pending_payment' }
    }, () => false, { tries: 3, sleep: async () => {} })
    expect(n).toBe(3)
    expect(r.ok).toBe(false)
    await expect(pollUntil(async () => { throw new Error('down') }, () => true, { tries: 2, sleep: async () => {} })).rejects.toThrow('down')
  })
})

describe('wallet', () => {
  it('takes the custom amount over the preset, within ¥1 – ¥10000', () => {
    expect(topUpAmount({ preset: 10000, custom: '' })).toEqual({ amount: 10000 })
    expect(topUpAmount({ preset: 10000, custom: ' 12.5 ' })).toEqual({ amount: 1250 })
    expect(topUpAmount({ preset: 10000, custom: '0.99' }).error).toBe('wallet.invalid.amount')
    expect(topUpAmount({ preset: 10000, custom: '10000.01' }).error).toBe('wallet.invalid.amount')
    expect(topUpAmount({ preset: 10000, custom: 'abc' }).error).toBe('wallet.invalid.amount')
    expect(topUpAmount({ preset: null, custom: '' }).error).toBe('wallet.invalid.amount')
    expect(topUpAmount({ custom: '10000' })).toEqual({ amount: 1000000 })
    for (const p of TOP_UP_PRESETS) expect(topUpAmount({ preset: p }).amount).toBe(p)
  })
  it('labels transactions and signs amounts', () => {
    expect(txKindKey('top_up')).toBe('wallet.kind.top_up')
    expect(txKindKey('commission')).toBe('wallet.kind.other')
    for (const l of ['zh-CN', 'en']) for (const k of [...WALLET_KINDS, 'other']) expect(messages[l].wallet.kind[k]).toBeTruthy()
    expect(signedMoney(10000)).toBe('+¥100.00')
    expect(signedMoney(-8600)).toBe('-¥86.00')
  })
  it('translates the payment error codes', () => {
    for (const c of ['insufficient_balance', 'invalid_transition', 'payment_method_unavailable', 'payment_provider_error', 'payment_failed']) {
      expect(KNOWN_CODES).toContain(c)
      for (const l of ['zh-CN', 'en']) expect(messages[l].errors[c]).toBeTruthy()
    }
  })
})
