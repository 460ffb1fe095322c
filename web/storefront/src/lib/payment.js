// Paying orders and topping up the wallet. Plain JS: which way a WeChat payment is completed on this
// platform (wx.requestPayment in the mini-program, the bundled sandbox's confirm sheet on H5), the
// sheet's state, polling until the server has seen the payment, top-up amounts and wallet lines.
import { ApiError } from './problem.js'
import { formatMoney, yuanToFen } from './money.js'

export const PAY_METHODS = ['balance', 'wechat']

/** The platform of this build ('h5', 'mp-weixin', 'mp-alipay'); uni's conditional compilation sets it. */
export function currentPlatform() {
  let p = 'h5'
  // #ifdef MP-WEIXIN
  p = 'mp-weixin'
  // #endif
  // #ifdef MP-ALIPAY
  p = 'mp-alipay'
  // #endif
  // #ifdef H5
  p = 'h5' // last, so that unprocessed code (unit tests) reads as H5
  // #endif
  return p
}

/**
 * How to finish a `POST …/pay` (or top-up) answer:
 * 'paid' (a balance payment answers the paid order), 'requestPayment' (WeChat mini-program),
 * 'sandbox' (the sandbox sheet, outside mini-programs), 'unsupported'.
 */
export function payPlan(answer, platform = currentPlatform()) {
  if (!answer) return 'unsupported'
  if (answer.status && !answer.wechat) return 'paid'
  if (!answer.wechat) return 'unsupported'
  if (platform === 'mp-weixin') return 'requestPayment'
  if (String(platform).startsWith('mp-')) return 'unsupported'
  return answer.sandbox ? 'sandbox' : 'unsupported'
}

/** The server's wechat block → uni.requestPayment options (without callbacks). */
export function requestPaymentParams(w) {
  return { provider: 'wxpay', timeStamp: w.timeStamp, nonceStr: w.nonceStr, package: w.package, signType: w.signType, paySign: w.paySign }
}

/** wx.requestPayment fails with "requestPayment:fail cancel" when the shopper closes the sheet. */
export const isCancel = (e) => /cancel/i.test(String((e && e.errMsg) || ''))

/** The balance covers the amount (unknown balance → no). */
export function canPayWithBalance(wallet, amount) {
  return !!wallet && Number.isSafeInteger(wallet.balance) && Number.isSafeInteger(amount) && wallet.balance >= amount
}

/**
 * The WeChat step of a payment. `pay(answer)` resolves 'paid' or 'cancelled' (rejects with an
 * ApiError when it cannot be done here). In the sandbox it opens `state` (visible, amount) for the
 * page's sheet, whose buttons call `confirm()` / `cancel()`.
 * deps: { platform, sandboxPay(prepay_id) → Promise, requestPayment(options), wrap: reactive }
 */
export function createWechatPay({ platform = currentPlatform(), sandboxPay, requestPayment, wrap = (x) => x } = {}) {
  const state = wrap({ visible: false, amount: 0, busy: false, error: null })
  let pending = null

  function close(outcome) {
    state.visible = false
    state.busy = false
    const p = pending
    pending = null
    if (p) p.resolve(outcome)
  }

  function pay(answer) {
    const plan = payPlan(answer, platform)
    if (plan === 'paid') return Promise.resolve('paid')
    if (plan === 'requestPayment') {
      return new Promise((resolve, reject) => {
        requestPayment({
          ...requestPaymentParams(answer.wechat),
          success: () => resolve('paid'),
          fail: (e) => (isCancel(e) ? resolve('cancelled') : reject(new ApiError({ code: 'payment_failed', detail: (e && e.errMsg) || '' }))),
        })
      })
    }
    if (plan === 'sandbox') {
      if (pending) pending.resolve('cancelled')
      return new Promise((resolve) => {
        pending = { resolve, answer }
        state.amount = answer.amount
        state.error = null
        state.busy = false
        state.visible = true
      })
    }
    return Promise.reject(new ApiError({ status: 503, code: 'payment_method_unavailable' }))
  }

  /** The sheet's confirm button: the sandbox "pays" and notifies the server. The sheet stays open on failure. */
  async function confirm() {
    if (!pending || state.busy) return
    state.busy = true
    state.error = null
    try {
      await sandboxPay(pending.answer.wechat.prepay_id)
      close('paid')
    } catch (e) {
      // The sandbox answers {code: 'ORDER_NOT_EXIST', message} rather than a problem; show our own line.
      state.error = e && e.code === 'network_error' ? e : new ApiError({ status: (e && e.status) || 0, code: 'payment_failed', detail: (e && e.detail) || '' })
      state.busy = false
    }
  }

  const cancel = () => close('cancelled')
  return { state, pay, confirm, cancel }
}

const sleepMs = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Calls `fetch()` until `done(value)` or `tries` calls have been made, `interval` ms apart.
 * Returns {value, ok}. A failing call is retried; the last failure is thrown when nothing succeeded.
 */
export async function pollUntil(fetch, done, { tries = 8, interval = 300, sleep = sleepMs } = {}) {
  let value
  let got = false
  let lastError = null
  for (let i = 0; i < tries; i++) {
    if (i > 0) await sleep(interval)
    try {
      value = await fetch()
      got = true
      lastError = null
      if (done(value)) return { value, ok: true }
    } catch (e) {
      lastError = e
    }
  }
  if (!got && lastError) throw lastError
  return { value, ok: false }
}

// Top-ups: ¥1 to ¥10,000 (the server's range), a few presets in fen.
export const TOP_UP_MIN = 100
export const TOP_UP_MAX = 1000000
export const TOP_UP_PRESETS = [1000, 5000, 10000, 20000, 50000, 100000]

/** The amount to top up: the custom yuan text when typed, else the preset. {amount} or {error: key}. */
export function topUpAmount({ preset = null, custom = '' } = {}) {
  const typed = String(custom ?? '').trim()
  const amount = typed ? yuanToFen(typed) : preset
  if (!Number.isSafeInteger(amount) || amount < TOP_UP_MIN || amount > TOP_UP_MAX) return { error: 'wallet.invalid.amount' }
  return { amount }
}

export const WALLET_KINDS = ['order_payment', 'top_up', 'refund', 'adjustment']
export const txKindKey = (kind) => (WALLET_KINDS.includes(kind) ? `wallet.kind.${kind}` : 'wallet.kind.other')

/** +¥100.00 into the wallet, -¥86.00 out of it. */
export const signedMoney = (fen) => (fen > 0 ? `+${formatMoney(fen)}` : formatMoney(fen))
