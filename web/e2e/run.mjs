#!/usr/bin/env node
// Browser tests: the storefront H5 build and the admin console against a real `fenxiao serve --demo`.
//   FENXIAO_BIN        the binary (default ../../target/release/fenxiao, relative to this folder)
//   FENXIAO_SERVES_WEB 1 = the binary serves /h5/ and /admin/ itself (from FENXIAO_WEB_DIR);
//                      otherwise a small node server here serves the builds and proxies /api and /static.
//   E2E_HEADFUL        unused (always headless); CHROMIUM_PATH overrides /usr/bin/chromium.
// Screenshots go to output/. Ends with a plain "N passed, N failed" line; exit code 1 on any failure.
import { mkdirSync, existsSync, writeFileSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startFenxiao, startStaticProxy } from './lib/server.mjs'
import { launch, MOBILE, DESKTOP } from './lib/browser.mjs'
import { createStory, expect, text, fillUni, apiJson, shopperToken, acceptConsentIfAsked, TIMEOUT } from './lib/story.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const WEB = resolve(HERE, '..')
const OUT = join(HERE, 'output')
const BIN = resolve(HERE, process.env.FENXIAO_BIN || '../../target/release/fenxiao')
const SERVES_WEB = process.env.FENXIAO_SERVES_WEB === '1'
const H5_DIR = join(WEB, 'storefront/dist/build/h5')
const ADMIN_DIR = join(WEB, 'admin/dist')
const ADMIN_PASSWORD = 'demo-admin-2026'

mkdirSync(OUT, { recursive: true })
for (const f of readdirSync(OUT)) if (f.endsWith('.png')) rmSync(join(OUT, f))
for (const d of [H5_DIR, ADMIN_DIR]) if (!existsSync(join(d, 'index.html'))) {
  console.error(`missing build: ${d} (run the builds first)`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

const { counts, record, flow, shot } = createStory(OUT)

/** The admin dashboard has its figures for `days` (any period when omitted) and its charts drawn. */
async function waitDashboard(admin, days) {
  await admin.waitForFunction((n) => {
    const b = document.querySelector('#dashboard-body')
    const loaded = b && b.dataset.loaded && (!n || b.dataset.loaded === String(n))
    return loaded && !b.querySelector('.el-loading-mask') && !document.querySelector('#dashboard-refresh.is-loading')
  }, days || 0)
  await admin.waitForFunction(() => ['#dashboard-sales', '#dashboard-traffic'].every((s) => document.querySelector(`${s} canvas, ${s} .el-empty`)))
  await admin.waitForTimeout(600) // the charts' entry animation
}

/** A screenshot of the whole dashboard: the window is made as tall as the page for it, then put back. */
async function dashboardShot(admin, name) {
  const h = await admin.evaluate(() => document.querySelector('.el-header').offsetHeight + document.querySelector('.el-main').scrollHeight)
  await admin.setViewportSize({ width: DESKTOP.viewport.width, height: Math.max(DESKTOP.viewport.height, h) })
  await admin.waitForTimeout(300)
  await shot(admin, name)
  await admin.setViewportSize(DESKTOP.viewport)
}

/**
 * The QR code in the poster popup's picture: the browser reads the picture's pixels at the centre of every
 * module (the popup names the code's place, `data-qr="x,y,size,module"` in poster pixels) and the story
 * compares them with the storefront's encoder for the link the poster should carry. That the encoder's
 * symbols decode to their text is the storefront unit tests' part (a QR decoder on the module grid).
 */
const storefrontPoster = await import(pathToFileURL(join(WEB, 'storefront/src/lib/poster.js')).href)
async function posterQr(page, expectedLink) {
  await page.waitForFunction(() => { const i = document.querySelector('#poster-image img'); return i && i.complete && i.naturalWidth > 0 }, null, { timeout: 30000 })
  const seen = await page.evaluate(() => {
    const el = document.querySelector('#poster-image')
    const img = el.querySelector('img')
    const [x, y, size, module] = el.dataset.qr.split(',').map(Number)
    const k = img.naturalWidth / Number(el.dataset.width)
    const canvas = document.createElement('canvas')
    canvas.width = img.naturalWidth
    canvas.height = img.naturalHeight
    const c2d = canvas.getContext('2d')
    c2d.drawImage(img, 0, 0)
    const px = c2d.getImageData(0, 0, canvas.width, canvas.height).data
    const count = size / module
    const dark = Array.from({ length: count }, (_, r) => Array.from({ length: count }, (_, c) => {
      const i = (Math.floor((y + (r + 0.5) * module) * k) * canvas.width + Math.floor((x + (c + 0.5) * module) * k)) * 4
      return 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2] < 128
    }))
    return { dark, width: img.naturalWidth, height: img.naturalHeight }
  })
  const want = storefrontPoster.qrMatrix(expectedLink)
  expect(seen.dark.length === want.count, `poster QR has ${seen.dark.length} modules a side, the link needs ${want.count}`)
  const wrong = want.dark.flat().filter((d, i) => d !== seen.dark.flat()[i]).length
  expect(wrong === 0, `${wrong} of ${want.count ** 2} QR modules differ from the code of ${expectedLink}`)
  return `${seen.width}×${seen.height} picture, ${want.count}×${want.count} modules = ${expectedLink}`
}

const started = Date.now()
let server
let proxy
let ctxShopper
let ctxAdmin
let ctxInvitee
const pageErrors = []
try {
  server = await startFenxiao({ bin: BIN, webDir: WEB, adminPassword: ADMIN_PASSWORD, logFile: join(OUT, 'fenxiao.log') })
  let base = server.base
  if (!SERVES_WEB) {
    proxy = await startStaticProxy({ upstream: server.base, h5Dir: H5_DIR, adminDir: ADMIN_DIR })
    base = proxy.base
  }
  console.log(`fenxiao at ${server.base}; front ends at ${base} (${SERVES_WEB ? 'served by fenxiao' : 'node static server + proxy'})`)
  const H5 = `${base}/h5/`
  const ADMIN = `${base}/admin/`

  // The referrer: demo user alice; her invite code comes from the API (codes are random per seed).
  const alice = await apiJson(server.base, '/api/v1/auth/wechat/login', { method: 'POST', body: { code: 'alice' } })
  const inviteCode = alice.user.invite_code
  const shopperCode = `e2e${Date.now().toString(36)}`
  const newNickname = `测试买家${shopperCode.slice(-4)}`

  ctxShopper = await launch(MOBILE)
  const page = ctxShopper.pages()[0] || (await ctxShopper.newPage())
  page.setDefaultTimeout(TIMEOUT)
  page.on('pageerror', (e) => pageErrors.push(`storefront: ${e.message}`))

  await flow('storefront', [
    ['home opens with an invite link and lists products', async () => {
      await page.goto(`${H5}#/pages/index/index?invite=${inviteCode}`)
      await page.waitForSelector('[id^="product-"]')
      await page.waitForSelector('#home-cat-1')
      const n = await page.locator('[id^="product-"]').count()
      expect(n >= 5, `expected products on home, got ${n}`)
      expect((await text(page, '#home-cat-1')).includes('服饰'), 'category shortcut 服饰 missing')
      expect((await page.textContent('body')).includes('¥'), 'no prices in yuan on home')
      await shot(page, '01-home')
      return `${n} products`
    }],
    ['personal centre asks to log in', async () => {
      await page.locator('.uni-tabbar__item').nth(3).click()
      await page.waitForSelector('#me-login')
      await shot(page, '02-me-logged-out')
      await page.click('#me-login')
      await page.waitForSelector('#login-code')
      const inv = await text(page, '#login-invite')
      expect(inv.includes(inviteCode), `login page does not show the invite: ${inv}`)
    }],
    ['sandbox login shows the invite outcome', async () => {
      await fillUni(page, 'login-code', shopperCode)
      await page.click('#login-submit')
      const outcome = await text(page, '#invite-outcome')
      expect(outcome.includes(inviteCode) && outcome.includes('已记录'), `unexpected outcome: ${outcome}`)
      await shot(page, '03-login-outcome')
      return outcome
    }],
    ['browse a category', async () => {
      await page.click('#login-continue')
      await page.waitForSelector('#home-cat-1')
      await page.click('#home-cat-1')
      await page.waitForSelector('#sub-2')
      await page.click('#sub-2')
      await page.waitForFunction(() => {
        const ids = [...document.querySelectorAll('[id^="product-"]')].map((e) => e.id)
        return ids.length > 0 && ids.every((id) => ['product-1', 'product-2'].includes(id))
      })
      await shot(page, '04-category')
    }],
    ['open a product and pick a SKU', async () => {
      await page.click('#product-1')
      await page.waitForSelector('#sku-picker')
      const before = await text(page, '#sku-status')
      await page.click('#spec-0-1')
      await page.click('#spec-1-1')
      await page.waitForFunction(() => document.querySelector('#sku-status').textContent.includes('库存'))
      const status = await text(page, '#sku-status')
      const price = await text(page, '#product-price')
      expect(/^¥\d+\.\d{2}$/.test(price), `price not shown in yuan: ${price}`)
      expect(status !== before, 'SKU status did not change')
      await shot(page, '05-product-sku')
      return `${price}; ${status}`
    }],
    ['search by name', async () => {
      await page.goto(`${H5}#/pages/index/index`)
      await page.click('#home-search')
      await fillUni(page, 'search-input', '普洱')
      await page.click('#search-submit')
      await page.waitForSelector('#product-7')
      const count = await text(page, '#search-count')
      expect(count.includes('1'), `search count: ${count}`)
      await shot(page, '05b-search')
      return count
    }],
    ['privacy consent prompt, then edit the nickname', async () => {
      await page.goto(`${H5}#/pages/me/me`)
      await page.waitForSelector('#consent-dialog')
      await shot(page, '06-consent')
      await page.click('#consent-accept')
      await page.waitForSelector('#consent-dialog', { state: 'detached' })
      await fillUni(page, 'profile-nickname', newNickname)
      await page.click('#profile-save')
      await page.waitForFunction((n) => document.querySelector('#me-nickname').textContent.trim() === n, newNickname)
      const pending = await text(page, '#me-pending-invite')
      expect(pending === inviteCode, `pending invite shows ${pending}`)
      await shot(page, '07-profile-saved')
    }],
    ['export my data', async () => {
      await page.click('#me-export')
      const exported = (await text(page, '#export-result')).replace(/\u00a0/g, ' ')
      const data = JSON.parse(exported)
      expect(data.profile && data.profile.nickname === newNickname, 'export lacks the new nickname')
      expect(data.profile.openid === `sandbox-${shopperCode}`, `export openid ${data.profile.openid}`)
      expect((data.privacy_consents || []).length === 1, 'export lacks the consent record')
      await shot(page, '08-export')
    }],
    ['switch to English', async () => {
      await page.click('#lang-en')
      await page.waitForFunction(() => document.querySelector('#me-export').textContent.includes('Export my data'))
      await shot(page, '09-me-english')
      await page.click('#lang-zh')
    }],
    ['delete the account after confirmation', async () => {
      await page.click('#me-delete')
      await page.waitForSelector('#delete-dialog')
      await shot(page, '09b-delete-confirm')
      await page.click('#delete-confirm')
      await page.waitForSelector('#me-login')
      const res = await fetch(`${server.base}/api/v1/auth/wechat/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: shopperCode }) })
      const again = await res.json()
      expect(again.created === true, 'after deletion the same WeChat login should start a new account')
    }],
  ], page)

  // Shopping: a second shopper fills the cart, adds an address and checks out (freight applies under ¥99).
  const buyerCode = `buyer${Date.now().toString(36)}`
  let orderId = null
  let orderNo = ''
  let lineId = null
  let buyerToken = ''
  let walletAfter = null
  await flow('shopping', [
    ['shopper logs in and adds 2 × 牛轧糖 to the cart', async () => {
      await page.goto(`${H5}#/pages/login/login`)
      await fillUni(page, 'login-code', buyerCode)
      await page.click('#login-submit')
      await page.waitForSelector('#login-continue')
      await page.goto(`${H5}#/pages/product/product?id=9`)
      await page.waitForSelector('#sku-picker')
      await page.click('#add-to-cart')
      await page.waitForFunction(() => /请先选择规格/.test(document.body.textContent))
      await page.click('#spec-0-0')
      await page.click('#buy-inc')
      expect((await text(page, '#buy-qty')) === '2', 'quantity did not go to 2')
      await shot(page, '17-product-buy')
      await page.click('#add-to-cart')
      await page.waitForFunction(() => /已加入购物车/.test(document.body.textContent))
    }],
    ['cart shows the line and the subtotal', async () => {
      await page.goto(`${H5}#/pages/cart/cart`)
      await page.waitForSelector('[id^="cart-line-"]')
      const sub = await text(page, '#cart-subtotal')
      expect(sub === '¥78.00', `subtotal ${sub}`)
      await shot(page, '18-cart')
      return sub
    }],
    ['checkout asks for an address; the form validates, then saves', async () => {
      await page.click('#cart-checkout')
      await page.waitForSelector('#checkout-no-address')
      await page.click('#checkout-address')
      await page.waitForSelector('#address-form')
      await fillUni(page, 'address-phone', '12345')
      await page.click('#address-save')
      await page.waitForSelector('#address-error-name')
      expect((await text(page, '#address-error-phone')).includes('11 位'), 'no phone error')
      await shot(page, '19-address-invalid')
      await fillUni(page, 'address-name', '王小明')
      await fillUni(page, 'address-phone', '13912345678')
      await fillUni(page, 'address-province', '浙江省')
      await fillUni(page, 'address-city', '杭州市')
      await fillUni(page, 'address-district', '西湖区')
      await fillUni(page, 'address-detail', '文三路 90 号 3 幢 201')
      await page.click('#address-save')
      await page.waitForSelector('#checkout-address-line')
      const line = await text(page, '#checkout-address-line')
      expect(line.includes('西湖区'), `address line ${line}`)
    }],
    ['checkout shows freight and total, places the order', async () => {
      await page.waitForFunction(() => document.querySelector('#checkout-total') && document.querySelector('#checkout-total').textContent.includes('86.00'))
      const freight = await text(page, '#checkout-freight')
      expect(freight === '¥8.00', `freight ${freight}`)
      await fillUni(page, 'checkout-note', '请尽快发货')
      await shot(page, '20-checkout')
      await page.click('#checkout-submit')
      await page.waitForSelector('#order-detail-status')
      expect((await text(page, '#order-detail-status')) === '待付款', 'order is not pending payment')
      expect((await text(page, '#order-pay-deadline')).includes('前付款'), 'no payment deadline')
      expect((await text(page, '#order-total')) === '¥86.00', 'order total')
      orderId = Number(new URL(page.url().replace('#', '')).searchParams.get('id'))
      orderNo = await text(page, '#order-no')
      const lineEl = await page.waitForSelector('[id^="order-line-"]')
      lineId = Number((await lineEl.getAttribute('id')).replace('order-line-', ''))
      expect((await text(page, '#order-pay')).includes('¥86.00'), 'pay button without the amount')
      await shot(page, '21-order-pending')
      return `order ${orderNo}`
    }],
    ['orders page lists it under 待付款; the cart is empty', async () => {
      await page.goto(`${H5}#/pages/orders/list?status=pending_payment`)
      await page.waitForSelector(`#order-${orderId}`)
      expect((await text(page, `#order-status-${orderId}`)) === '待付款', 'status label')
      await shot(page, '22-orders-pending')
      buyerToken = await shopperToken(page)
      const cart = await apiJson(server.base, '/api/v1/cart/items', { token: buyerToken })
      expect(cart.items.length === 0, `cart still has ${cart.items.length} lines`)
    }],
    ['shopper pays with WeChat Pay through the sandbox', async () => {
      await page.click(`#order-${orderId}`)
      await page.waitForSelector('#order-pay')
      await page.click('#order-pay')
      await page.waitForSelector('#pay-sheet')
      expect((await text(page, '#pay-amount')) === '¥86.00', 'pay sheet amount')
      // A new shopper's wallet is empty: the balance option shows it and is switched off.
      await page.waitForFunction(() => /余额不足/.test(document.querySelector('#pay-balance').textContent))
      expect((await page.getAttribute('#pay-method-balance', 'class')).includes('off'), 'balance option not disabled')
      await shot(page, '22b-pay-methods')
      await page.click('#pay-method-wechat')
      await page.waitForSelector('#sandbox-pay-sheet')
      expect((await text(page, '#sandbox-pay-amount')) === '¥86.00', 'sandbox sheet amount')
      expect((await text(page, '#sandbox-pay-merchant')) === 'Fenxiao Mall 沙箱', 'sandbox merchant name')
      await shot(page, '22c-sandbox-pay')
      await page.click('#sandbox-pay-confirm')
      await page.waitForFunction(() => document.querySelector('#order-detail-status').textContent.trim() === '待发货')
      expect((await text(page, '#order-paid-at')).includes('已付款'), 'no paid time')
      expect(!(await page.$('#order-pay')), 'pay button still shown on a paid order')
      await page.waitForFunction(() => /付款成功/.test(document.querySelector('#order-history').textContent))
      await shot(page, '22d-order-paid')
      const o = await apiJson(server.base, `/api/v1/orders/${orderId}`, { token: buyerToken })
      expect(o.status === 'paid', `server says ${o.status}`)
      return `order ${o.status} at ${o.paid_at}`
    }],
  ], page)

  await flow('wallet', [
    ['personal centre shows the wallet; top up ¥100 through the sandbox', async () => {
      await page.goto(`${H5}#/pages/me/me`)
      await page.waitForSelector('#me-wallet-balance')
      await acceptConsentIfAsked(page)
      await page.waitForFunction(() => document.querySelector('#me-wallet-balance').textContent.trim() === '¥0.00')
      await shot(page, '22e0-me-wallet')
      await page.click('#me-wallet')
      await page.waitForSelector('#wallet-balance')
      await page.waitForFunction(() => document.querySelector('#wallet-balance').textContent.trim() === '¥0.00')
      // The custom amount is checked before anything is sent (¥1 minimum).
      await fillUni(page, 'topup-custom', '0.5')
      await page.click('#wallet-topup-submit')
      expect((await text(page, '#topup-error')).includes('¥1.00'), 'no amount error')
      await page.click('#topup-preset-10000')
      await page.waitForSelector('#topup-error', { state: 'detached' })
      expect((await text(page, '#wallet-topup-submit')).includes('¥100.00'), 'submit label lacks the amount')
      await shot(page, '22e-wallet')
      await page.click('#wallet-topup-submit')
      await page.waitForSelector('#sandbox-pay-sheet')
      expect((await text(page, '#sandbox-pay-amount')) === '¥100.00', 'sandbox sheet amount')
      await page.click('#sandbox-pay-confirm')
      await page.waitForFunction(() => document.querySelector('#wallet-balance').textContent.trim() === '¥100.00')
      await page.waitForFunction(() => {
        const list = document.querySelector('#wallet-transactions') // re-rendered while the list reloads
        return !!list && /充值/.test(list.textContent) && /\+¥100\.00/.test(list.textContent)
      })
      await shot(page, '22f-wallet-topped-up')
    }],
    ['a second order is paid from the wallet balance', async () => {
      const product = await apiJson(server.base, '/api/v1/products/9')
      const sku = product.skus.find((x) => x.stock > 0) || product.skus[0]
      const addresses = await apiJson(server.base, '/api/v1/me/addresses', { token: buyerToken })
      const list = Array.isArray(addresses) ? addresses : addresses.items
      const second = await apiJson(server.base, '/api/v1/orders', {
        method: 'POST', token: buyerToken, headers: { 'Idempotency-Key': `e2e-${Date.now()}` },
        body: { items: [{ sku_id: sku.id, quantity: 1 }], address_id: list[0].id },
      })
      expect(second.total <= 10000, `second order costs ${second.total}`)
      await page.goto(`${H5}#/pages/orders/detail?id=${second.id}`)
      await page.waitForSelector('#order-pay')
      await page.click('#order-pay')
      await page.waitForFunction(() => /可用余额/.test(document.querySelector('#pay-balance').textContent))
      await page.click('#pay-method-balance')
      await page.click('.uni-modal__btn_primary')
      await page.waitForFunction(() => document.querySelector('#order-detail-status').textContent.trim() === '待发货')
      await shot(page, '22g-order-paid-balance')
      const w = await apiJson(server.base, '/api/v1/me/wallet', { token: buyerToken })
      walletAfter = w.balance
      expect(w.balance === 10000 - second.total, `balance ${w.balance} after paying ${second.total}`)
      await page.goto(`${H5}#/pages/wallet/wallet`)
      await page.waitForFunction(() => {
        const list = document.querySelector('#wallet-transactions')
        return !!list && /订单支付/.test(list.textContent)
      })
      await shot(page, '22h-wallet-after-order')
      return `paid ${second.total} fen from the wallet; ${w.balance} left`
    }],
  ], page)

  ctxAdmin = await launch(DESKTOP)
  const admin = ctxAdmin.pages()[0] || (await ctxAdmin.newPage())
  admin.setDefaultTimeout(TIMEOUT)
  admin.on('pageerror', (e) => pageErrors.push(`admin: ${e.message}`))
  const opName = `op${Date.now().toString(36)}`
  const staffToken = (await apiJson(server.base, '/api/v1/admin/auth/login', { method: 'POST', body: { username: 'admin', password: ADMIN_PASSWORD } })).token

  await flow('admin', [
    ['staff logs in', async () => {
      await admin.goto(ADMIN)
      await admin.waitForSelector('#login-username')
      await shot(admin, '10-admin-login')
      await admin.fill('#login-username', 'admin')
      await admin.fill('#login-password', ADMIN_PASSWORD)
      await admin.click('#login-submit')
      await admin.waitForSelector('#dashboard')
      expect(new URL(admin.url()).hash.startsWith('#/dashboard'), `landed on ${admin.url()}`)
    }],
    ['lands on the dashboard: the story\'s paid orders and the shopper\'s visits are counted', async () => {
      await waitDashboard(admin)
      const kpi = async (key) => Number(await admin.getAttribute(`#kpi-${key}`, 'data-value'))
      const [orders, gmv, visitors] = [await kpi('orders'), await kpi('gmv'), await kpi('visitors')]
      // Two orders were paid above (WeChat sandbox ¥86.00, then the wallet); the shoppers browsed the H5 pages.
      expect(orders >= 2, `orders KPI ${orders}`)
      expect(gmv >= 8600, `GMV KPI ${gmv}`)
      expect(visitors >= 1, `visitors KPI ${visitors}`)
      const token = (await apiJson(server.base, '/api/v1/admin/auth/login', { method: 'POST', body: { username: 'admin', password: ADMIN_PASSWORD } })).token
      const report = await apiJson(server.base, '/api/v1/admin/reports/dashboard?days=30', { token })
      expect(orders === report.totals.orders, `page shows ${orders} orders, the API ${report.totals.orders}`)
      expect((await text(admin, '#kpi-gmv .kpi-value')) === `¥${(report.totals.gmv / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`, 'GMV not in ¥')
      expect(/^\d+\.\d{2}%$/.test(await text(admin, '#kpi-conversion .kpi-value')), 'conversion not a percentage with 2 decimals')
      expect(/^\d+\.\d{2}%$/.test(await text(admin, '#kpi-repurchase .kpi-value')), 'repurchase not a percentage with 2 decimals')
      expect(!(await admin.$('#dashboard-sales-empty')) && !(await admin.$('#dashboard-traffic-empty')), 'a chart shows its empty state')
      expect((await text(admin, '#kpi-orders .kpi-label')) === '付款订单', 'KPI label not in Chinese')
      await dashboardShot(admin, '10b-admin-dashboard')
      // Hovering today's bar: the tooltip gives the day, the exact GMV in ¥ and the orders.
      const box = await admin.locator('#dashboard-sales canvas').first().boundingBox()
      const tooltipOf = (day) => admin.evaluate((d) => {
        const el = [...document.querySelectorAll('#dashboard-sales div')].find((x) => x.textContent.startsWith(d) && x.style.position === 'absolute')
        return el ? el.textContent : ''
      }, day)
      let tipText = ''
      // The last category sits left of the right axis' labels; step in from the edge until its tooltip shows.
      for (let dx = 30; dx <= 90 && !tipText; dx += 6) {
        await admin.mouse.move(box.x + box.width - dx, box.y + box.height * 0.6)
        await admin.waitForTimeout(150)
        tipText = await tooltipOf(report.to)
      }
      expect(tipText, `no tooltip for ${report.to}`)
      expect(tipText.includes(`¥${(report.days[report.days.length - 1].gmv / 100).toFixed(2)}`), `tooltip: ${tipText}`)
      await shot(admin, '10b2-admin-dashboard-tooltip')
      await admin.mouse.move(5, 5)
      return `orders ${orders}, GMV ${gmv} fen, visitors ${visitors}, conversion ${await text(admin, '#kpi-conversion .kpi-value')}`
    }],
    ['the dashboard in English, over 90 and 7 days', async () => {
      await admin.locator('#lang-switch label', { hasText: 'EN' }).click()
      await admin.waitForFunction(() => document.querySelector('#kpi-orders .kpi-label').textContent.trim() === 'Paid orders')
      await admin.waitForTimeout(500) // the charts redraw with English legends
      await dashboardShot(admin, '10c-admin-dashboard-en')
      await admin.click('#period-90')
      await waitDashboard(admin, 90)
      await dashboardShot(admin, '10d-admin-dashboard-90-en')
      await admin.click('#period-7')
      await waitDashboard(admin, 7)
      expect(Number(await admin.getAttribute('#kpi-orders', 'data-value')) >= 2, 'the last 7 days lose today\'s orders')
      await admin.locator('#lang-switch label', { hasText: '中文' }).click()
      await admin.waitForFunction(() => document.querySelector('#kpi-orders .kpi-label').textContent.trim() === '付款订单')
      await dashboardShot(admin, '10e-admin-dashboard-7')
    }],
    ['the staff page', async () => {
      await admin.click('#menu-staff')
      await admin.waitForSelector('#staff-table .el-table__row')
      await shot(admin, '11-admin-staff')
    }],
    ['creates an operator account', async () => {
      await admin.click('#staff-create')
      await admin.waitForSelector('#staff-username')
      await admin.fill('#staff-username', opName)
      await admin.fill('#staff-display-name', '运营小李')
      await admin.fill('#staff-password', 'operator-pass-2026')
      await admin.click('#staff-form .el-select')
      await admin.locator('.el-select-dropdown__item:visible', { hasText: /^运营$/ }).click()
      await shot(admin, '12-admin-create')
      await admin.click('#staff-save')
      await admin.waitForSelector(`#staff-edit-${opName}`)
      const row = await admin.locator('#staff-table .el-table__row', { hasText: opName }).textContent()
      expect(row.includes('运营'), `row lacks role: ${row}`)
      await shot(admin, '13-admin-created')
    }],
    ['sees it in the audit log', async () => {
      await admin.click('#menu-audit')
      await admin.waitForSelector('#audit-table .el-table__row')
      await admin.fill('#audit-action', 'staff.create')
      await admin.click('#audit-search')
      await admin.waitForFunction((n) => {
        const rows = [...document.querySelectorAll('#audit-table .el-table__row')]
        return rows.some((r) => r.textContent.includes('staff.create') && r.textContent.includes(n))
      }, opName)
      await shot(admin, '14-admin-audit')
    }],
    ['my account page', async () => {
      await admin.click('#menu-account')
      expect((await text(admin, '#account-username')) === 'admin', 'account page shows another user')
      await shot(admin, '15-admin-account')
    }],
    ['payments list and a wallet adjustment', async () => {
      await admin.click('#menu-payments')
      await admin.waitForSelector('#payments-table .el-table__row')
      const me = await apiJson(server.base, '/api/v1/me', { token: buyerToken })
      await admin.fill('#payments-user', String(me.id))
      await admin.click('#payments-search')
      await admin.waitForFunction((id) => {
        const rows = [...document.querySelectorAll('#payments-table .el-table__row')]
        return rows.some((r) => r.textContent.includes(`#${id}`) && r.textContent.includes('已支付') && r.textContent.includes('¥86.00'))
      }, orderId)
      await shot(admin, '15b-admin-payments')
      await admin.click('#wallet-adjust-open')
      await admin.waitForSelector('#adjust-user')
      await admin.fill('#adjust-user', String(me.id))
      await admin.fill('#adjust-amount', '-3')
      await admin.click('#adjust-submit')
      await admin.waitForFunction(() => /请填写原因/.test(document.querySelector('#adjust-form').textContent))
      await admin.fill('#adjust-reason', '测试扣减')
      await admin.click('#adjust-submit')
      await admin.waitForSelector('.el-message-box')
      expect((await admin.textContent('.el-message-box')).includes('¥3.00'), 'confirmation lacks the amount')
      await admin.click('.el-message-box__btns .el-button--primary')
      const want = `¥${((walletAfter - 300) / 100).toFixed(2)}`
      await admin.waitForFunction((w) => document.querySelector('#adjust-result') && document.querySelector('#adjust-result').textContent.includes(w), want)
      await shot(admin, '15c-admin-wallet-adjust')
      await admin.click('#adjust-cancel')
      return `balance now ${want}`
    }],
  ], admin)

  await flow('fulfilment', [
    ['staff finds the paid order and ships it', async () => {
      await admin.click('#menu-orders')
      await admin.waitForSelector('#orders-table')
      await admin.fill('#orders-no', orderNo)
      await admin.click('#orders-search')
      await admin.waitForSelector(`#order-ship-${orderNo}`)
      await admin.click(`#order-open-${orderNo}`)
      await admin.waitForSelector('#order-detail-status')
      expect((await text(admin, '#order-detail-status')) === '待发货', 'admin detail status')
      await shot(admin, '23-admin-order-detail')
      await admin.click('#order-detail-ship')
      await admin.waitForSelector('#ship-tracking')
      await admin.fill('#ship-tracking', 'SF1234567890')
      await shot(admin, '24-admin-ship')
      await admin.click('#ship-submit')
      await admin.waitForFunction(() => document.querySelector('#order-detail-status') && document.querySelector('#order-detail-status').textContent.includes('已发货'))
      await admin.keyboard.press('Escape')
    }],
  ], admin)

  await flow('after-sale', [
    ['shopper sees it shipped and confirms receipt', async () => {
      await page.goto(`${H5}#/pages/orders/detail?id=${orderId}`)
      await page.reload() // the wallet flow left another order's detail in uni's page stack; start clean
      await page.waitForFunction(() => document.querySelector('#order-detail-status') && document.querySelector('#order-detail-status').textContent.trim() === '待收货')
      expect((await text(page, '#order-shipping')).includes('SF1234567890'), 'tracking number not shown')
      await shot(page, '25-order-shipped')
      await page.click('#order-confirm-receipt')
      await page.click('.uni-modal__btn_primary')
      await page.waitForFunction(() => document.querySelector('#order-detail-status').textContent.trim() === '已收货')
    }],
    ['shopper asks for a refund of one unit', async () => {
      await page.click('#order-after-sale')
      await page.waitForSelector('#after-sale-form')
      await page.click('#after-sale-submit')
      await page.waitForSelector('#after-sale-error')
      await page.click(`#after-sale-inc-${lineId}`)
      await fillUni(page, 'after-sale-reason', '有一块包装破损')
      await shot(page, '26-after-sale-form')
      await page.click('#after-sale-submit')
      await page.waitForSelector('[id^="after-sale-status-"]')
      expect((await text(page, '[id^="after-sale-status-"]')) === '审核中', 'request not pending')
      await shot(page, '27-after-sale-pending')
    }],
  ], page)

  await flow('after-sale review', [
    ['staff approves the refund', async () => {
      await admin.click('#menu-afterSales')
      await admin.waitForSelector('#refunds-table .el-table__row')
      const row = admin.locator('#refunds-table .el-table__row', { hasText: '有一块包装破损' })
      await row.locator('[id^="refund-approve-"]').click()
      await admin.waitForSelector('.el-message-box')
      expect((await admin.textContent('.el-message-box')).includes('¥39.00'), 'approval does not show ¥39.00')
      await shot(admin, '28-admin-refund-confirm')
      await admin.click('.el-message-box__btns .el-button--primary')
      await admin.waitForFunction(() => !document.querySelector('#refunds-table').textContent.includes('有一块包装破损'))
      await admin.click('#refunds-status-all')
      await admin.waitForFunction(() => /已同意|已退款/.test(document.querySelector('#refunds-table').textContent))
      await shot(admin, '29-admin-refunds')
    }],
    ['shopper sees the refund, also in English', async () => {
      await page.goto(`${H5}#/pages/orders/detail?id=${orderId}`)
      await page.reload() // same URL as before: a hash goto alone would not reload the page
      await page.waitForSelector('[id^="after-sale-status-"]')
      const st = await text(page, '[id^="after-sale-status-"]')
      expect(/已同意|已退款/.test(st), `after-sale status ${st}`)
      await page.waitForFunction(() => /已退 1 件/.test(document.body.textContent))
      await shot(page, '30-order-refunded')
      await page.goto(`${H5}#/pages/me/me`)
      await page.waitForSelector('#lang-en')
      if (await page.$('#consent-accept')) await page.click('#consent-accept')
      await page.waitForSelector('#consent-dialog', { state: 'detached' })
      await page.click('#lang-en')
      await page.click('#me-orders') // through the app's own navigation, as a shopper would
      await page.click(`#order-${orderId}`)
      await page.waitForFunction(() => /Refund only/.test(document.body.textContent) && /1 refunded/.test(document.body.textContent))
      await shot(page, '31-order-english')
      await page.goto(`${H5}#/pages/me/me`)
      await page.click('#lang-zh')
    }],
  ], page)

  await flow('money admin', [
    ['money refunds list the approved after-sale refund', async () => {
      await admin.click('#menu-paymentRefunds')
      await admin.waitForFunction(() => {
        const rows = [...document.querySelectorAll('#payment-refunds-table .el-table__row')]
        return rows.some((r) => r.textContent.includes('¥39.00'))
      })
      await shot(admin, '29b-admin-money-refunds')
      return (await admin.locator('#payment-refunds-table .el-table__row', { hasText: '¥39.00' }).first().textContent()).replace(/\s+/g, ' ').slice(0, 120)
    }],
    ['reconciliation is balanced', async () => {
      await admin.click('#menu-reconciliation')
      await admin.waitForSelector('#recon-balanced')
      const badge = await text(admin, '#recon-balanced')
      const rows = await admin.locator('#recon-checks .el-table__row').count()
      await shot(admin, '29c-admin-reconciliation')
      expect(badge.includes('账目平衡') && (await admin.getAttribute('#recon-balanced', 'data-balanced')) === 'true', `badge says ${badge}`)
      expect(rows >= 1, 'no checks listed')
      return `${badge}; ${rows} checks`
    }],
  ], admin)

  await flow('catalogue admin', [
    ['products list, editor with SKU table and a stock adjustment', async () => {
      await admin.click('#menu-products')
      await admin.waitForSelector('#products-table .el-table__row')
      await admin.fill('#products-q', 'T恤')
      await admin.click('#products-search')
      await admin.waitForSelector('#product-edit-1')
      await shot(admin, '32-admin-products')
      await admin.click('#product-edit-1')
      await admin.waitForSelector('#sku-adjust-0')
      const before = Number((await text(admin, '#sku-stock-0')).match(/\d+/)[0])
      await admin.click('#sku-adjust-0')
      await admin.fill('#stock-delta', '5')
      await admin.fill('#stock-reason', '盘点入库')
      await admin.click('#stock-submit')
      await admin.waitForFunction((n) => document.querySelector('#stock-current').textContent.trim() === String(n), before + 5)
      await admin.waitForFunction(() => document.querySelector('#stock-history').textContent.includes('盘点入库'))
      await shot(admin, '33-admin-stock')
      await admin.keyboard.press('Escape')
      await admin.click('#product-save')
      await admin.waitForFunction(() => /商品已保存/.test(document.body.textContent))
      await shot(admin, '34-admin-product-edit')
    }],
    ['freight templates: create one by weight with a province rate, see it listed, default and an in-use delete refused', async () => {
      const name = `E2E 按重量 ${Date.now().toString(36).slice(-4)}`
      await admin.click('#menu-freight')
      await admin.waitForFunction(() => { const t = document.querySelector('#freight-table'); return t && /满99包邮/.test(t.textContent) })
      await admin.click('#freight-create')
      await admin.waitForSelector('#freight-form')
      // nothing is sent before the form is right: an empty name is refused in the dialog
      await admin.click('#freight-save')
      await admin.waitForSelector('#freight-form-error')
      await admin.waitForFunction(() => { const f = document.querySelector('#freight-form'); return f && /请填写名称/.test(f.textContent) })
      await admin.fill('#freight-name', name)
      await admin.click('#freight-kind-by_weight')
      await admin.fill('#freight-first-weight', '1000')
      await admin.fill('#freight-first-fee', '8')
      await admin.fill('#freight-step-weight', '500')
      await admin.fill('#freight-step-fee', '3')
      await admin.click('#freight-region-add')
      await admin.locator('.el-select__wrapper', { has: admin.locator('#freight-region-provinces-0') }).click()
      await admin.keyboard.type('新疆')
      await admin.locator('.el-select-dropdown__item:visible', { hasText: '新疆维吾尔自治区' }).click()
      await admin.click('#freight-region-first-fee-0') // closes the list
      await admin.waitForFunction(() => [...document.querySelectorAll('.el-select__popper')].every((p) => getComputedStyle(p).display === 'none'))
      await admin.fill('#freight-region-first-fee-0', '20')
      await admin.fill('#freight-region-step-fee-0', '10')
      // the worked example: ¥50 of goods, 1.5 kg to 广东省 = ¥8 + one ¥3 step
      const tried = await text(admin, '#freight-try-result')
      expect(tried === '运费 ¥11.00', `try-it shows ${tried}`)
      await shot(admin, '37-admin-freight-form')
      await admin.click('#freight-save')
      await admin.waitForFunction(() => /运费模板已保存/.test(document.body.textContent))
      const row = admin.locator('#freight-table .el-table__row', { hasText: name })
      await row.waitFor()
      const rowText = await row.textContent()
      expect(rowText.includes('新疆维吾尔自治区: ¥20.00 + ¥10.00') && rowText.includes('首重 1 kg ¥8.00'), `row: ${rowText}`)
      const list = await apiJson(server.base, '/api/v1/admin/freight-templates', { token: staffToken })
      const made = list.find((x) => x.name === name)
      expect(made && made.rule.kind === 'by_weight' && made.rule.first_fee === 800 && made.rule.regions[0].first_fee === 2000
        && made.rule.regions[0].provinces[0] === '新疆维吾尔自治区', `saved ${JSON.stringify(made)}`)
      await shot(admin, '37b-admin-freight-list')
      // made the default, then the demo template again
      const demo = list.find((x) => x.name === '满99包邮')
      await admin.click(`#freight-make-default-${made.id}`)
      await admin.waitForSelector(`#freight-default-${made.id}`)
      await admin.click(`#freight-make-default-${demo.id}`)
      await admin.waitForSelector(`#freight-default-${demo.id}`)
      // a product that names it keeps it from being deleted: 409 template_in_use, shown translated
      await apiJson(server.base, '/api/v1/admin/products', {
        method: 'POST', token: staffToken, body: { name: 'E2E 运费测试', category_id: 1, on_shelf: false, freight_template_id: made.id, skus: [{ price: 100, stock: 1 }] },
      })
      await admin.waitForSelector('.el-message--success', { state: 'detached', timeout: 8000 }) // a clear screenshot
      await admin.click(`#freight-delete-${made.id}`)
      await admin.waitForSelector('.el-message-box')
      await admin.click('.el-message-box__btns .el-button--primary')
      await admin.waitForSelector('.freight-delete-error')
      const msg = (await admin.textContent('.freight-delete-error')).trim()
      expect(msg.includes('仍有商品使用该运费模板'), `delete says ${msg}`)
      await admin.waitForSelector('.el-message-box', { state: 'hidden' })
      await admin.waitForTimeout(400)
      await shot(admin, '37c-admin-freight-in-use')
      return `#${made.id} ${made.name}; delete refused: ${msg}`
    }],
    ['categories, order settings and jobs', async () => {
      await admin.click('#menu-categories')
      await admin.waitForSelector('#category-1')
      await shot(admin, '35-admin-categories')
      await admin.click('#menu-orderSettings')
      await admin.waitForFunction(() => { const i = document.querySelector('#settings-timeout input, input#settings-timeout'); return i && i.value === '30' })
      await admin.click('#settings-save')
      await admin.waitForFunction(() => /已保存/.test(document.body.textContent))
      await admin.click('#menu-jobs')
      await admin.click('#job-run-cancel-expired-orders')
      await admin.waitForSelector('#job-result-cancel-expired-orders')
      await shot(admin, '36-admin-jobs')
      return await text(admin, '#job-result-cancel-expired-orders')
    }],
  ], admin)

  // Distribution: staff make alice a distributor from the console; a new shopper comes through her share
  // link and is bound at login, pays an order through the WeChat sandbox; alice's distributor centre shows
  // the frozen commission and the new team member; the settings page takes 3 tiers with the compliance
  // warning and goes back to 2.
  const inviteeCode = `inv${Date.now().toString(36)}`
  let inviteeId = null
  let inviteeOrderId = null
  ctxInvitee = await launch(MOBILE)
  const invitee = ctxInvitee.pages()[0] || (await ctxInvitee.newPage())
  invitee.setDefaultTimeout(TIMEOUT)
  invitee.on('pageerror', (e) => pageErrors.push(`storefront (invitee): ${e.message}`))
  await flow('distribution admin', [
    ['staff make alice a distributor from the distributors page', async () => {
      await admin.click('#menu-distributors')
      await admin.waitForSelector('#distributors-table')
      await admin.fill('#distributors-designate-user', String(alice.user.id))
      await admin.click('#distributors-designate')
      await admin.waitForSelector('.el-message-box')
      await shot(admin, '40-admin-designate')
      await admin.click('.el-message-box__btns .el-button--primary')
      await admin.waitForFunction((id) => {
        const tag = document.querySelector(`#distributor-status-${id}`)
        return tag && tag.textContent.trim() === '分销员'
      }, alice.user.id)
      await shot(admin, '41-admin-distributors')
      const me = await apiJson(server.base, '/api/v1/me/distributor', { token: alice.token })
      expect(me.status === 'active', `alice is ${me.status}`)
    }],
  ], admin)

  await flow('distribution storefront', [
    ['a new shopper opens alice\'s share link, logs in and is bound', async () => {
      await invitee.goto(`${H5}#/pages/index/index?invite=${inviteCode}`)
      await invitee.waitForSelector('[id^="product-"]')
      await invitee.locator('.uni-tabbar__item').nth(3).click()
      await invitee.click('#me-login')
      await fillUni(invitee, 'login-code', inviteeCode)
      await invitee.click('#login-submit')
      const outcome = await text(invitee, '#invite-outcome')
      expect(outcome.includes(inviteCode) && outcome.includes('绑定推荐人') && !outcome.includes('未'), `unexpected outcome: ${outcome}`)
      await shot(invitee, '42-invitee-bound')
      const me = await apiJson(server.base, '/api/v1/me', { token: await shopperToken(invitee) })
      inviteeId = me.id
      expect(me.referrer_id === alice.user.id, `referrer ${me.referrer_id}`)
      return outcome
    }],
    ['the new shopper pays an order through the WeChat sandbox', async () => {
      const token = await shopperToken(invitee)
      const product = await apiJson(server.base, '/api/v1/products/9')
      const sku = product.skus.find((x) => x.stock > 0) || product.skus[0]
      const address = await apiJson(server.base, '/api/v1/me/addresses', {
        method: 'POST', token, body: { name: '李小红', phone: '13812345678', province: '江苏省', city: '南京市', district: '鼓楼区', detail: '中山路 1 号' },
      })
      const order = await apiJson(server.base, '/api/v1/orders', {
        method: 'POST', token, headers: { 'Idempotency-Key': `e2e-inv-${Date.now()}` },
        body: { items: [{ sku_id: sku.id, quantity: 2 }], address_id: address.id },
      })
      inviteeOrderId = order.id
      await invitee.goto(`${H5}#/pages/orders/detail?id=${order.id}`)
      await invitee.waitForSelector('#order-pay')
      await acceptConsentIfAsked(invitee)
      await invitee.click('#order-pay')
      await invitee.waitForSelector('#pay-sheet')
      await invitee.click('#pay-method-wechat')
      await invitee.waitForSelector('#sandbox-pay-sheet')
      await invitee.click('#sandbox-pay-confirm')
      await invitee.waitForFunction(() => document.querySelector('#order-detail-status').textContent.trim() === '待发货')
      await shot(invitee, '43-invitee-paid')
      return `order #${order.id} (${order.total} fen) paid`
    }],
    ['alice\'s distributor centre shows the frozen commission and the team member', async () => {
      const figures = await apiJson(server.base, '/api/v1/me/distributor', { token: alice.token })
      expect(figures.commission.frozen > 0, `frozen ${figures.commission.frozen}`)
      const want = `¥${(figures.commission.frozen / 100).toFixed(2)}`
      // alice logs in on the same phone after the shopper logs out
      await invitee.goto(`${H5}#/pages/me/me`)
      await invitee.waitForSelector('#me-logout')
      await acceptConsentIfAsked(invitee)
      await invitee.click('#me-logout')
      await invitee.waitForSelector('#me-login')
      await invitee.click('#me-login')
      await fillUni(invitee, 'login-code', 'alice')
      await invitee.click('#login-submit')
      await invitee.click('#login-to-me')
      await invitee.waitForSelector('#me-distributor')
      await acceptConsentIfAsked(invitee)
      await invitee.click('#me-distributor')
      await invitee.waitForFunction(() => { const s = document.querySelector('#dist-status'); return s && s.textContent.trim() === '分销员' })
      await invitee.waitForFunction((w) => document.querySelector('#dist-frozen') && document.querySelector('#dist-frozen').textContent.trim() === w, want)
      expect((await text(invitee, '#dist-invite-code')) === inviteCode, 'invite code')
      expect((await text(invitee, '#dist-share-link')).endsWith(`/h5/#/pages/index/index?invite=${inviteCode}`), 'share link')
      expect((await text(invitee, '#dist-debt')) === '¥0.00', 'debt')
      expect(Number(await text(invitee, '#dist-level-1')) >= 1, 'level 1 count')
      const cm = await apiJson(server.base, '/api/v1/me/commissions', { token: alice.token })
      const mine = cm.items.find((x) => x.order_id === inviteeOrderId)
      expect(mine, 'no commission for the order')
      await invitee.waitForSelector(`#dist-commission-${mine.id}`)
      expect((await text(invitee, `#dist-commission-status-${mine.id}`)) === '冻结中', 'commission status')
      expect((await text(invitee, `#dist-commission-rule-${mine.id}`)) === mine.rule, 'commission rule text')
      await shot(invitee, '44-dist-centre')
      await invitee.click('#dist-tab-team')
      await invitee.waitForSelector(`#dist-member-${inviteeId}`)
      await shot(invitee, '45-dist-team')
      // nothing is withdrawable while the commission is frozen: the form says so before sending
      await invitee.click('#dist-tab-withdraw')
      await fillUni(invitee, 'dist-withdraw-amount', '1')
      await invitee.click('#dist-withdraw-submit')
      expect((await text(invitee, '#dist-withdraw-error')).includes('可提现佣金只有 ¥0.00'), 'withdraw form check')
      await shot(invitee, '46-dist-withdraw')
      await invitee.click('#dist-rules-link')
      await invitee.waitForSelector('#rules-rate-1')
      expect((await text(invitee, '#rules-rate-1')) === '10%', 'tier 1 rate')
      expect((await text(invitee, '#rules-text-body')).includes('佣金'), 'rules text')
      await shot(invitee, '47-dist-rules')
      return `frozen ${want}; commission #${mine.id}: ${mine.rule}`
    }],
    ['alice makes a product\'s share poster and her invite poster; their QR codes carry her invite code', async () => {
      await invitee.goto(`${H5}#/pages/product/product?id=1`)
      await invitee.waitForSelector('#product-poster')
      await invitee.click('#product-poster')
      const product = await posterQr(invitee, `${base}/h5/#/pages/product/product?id=1&invite_code=${inviteCode}`)
      const body = await text(invitee, '#poster-popup')
      expect(body.includes('长按图片保存'), 'no long-press hint')
      await shot(invitee, '47c-product-poster')
      await invitee.click('#poster-close')
      await invitee.waitForSelector('#poster-popup', { state: 'detached' })
      await invitee.goto(`${H5}#/pages/distributor/distributor`)
      await invitee.waitForSelector('#dist-poster')
      await invitee.click('#dist-poster')
      const invite = await posterQr(invitee, `${base}/h5/#/pages/index/index?invite=${inviteCode}`)
      await shot(invitee, '47d-invite-poster')
      await invitee.click('#poster-close')
      return `product poster: ${product}; invite poster: ${invite}`
    }],
  ], invitee)

  await flow('distribution settings', [
    ['the dashboard ranks alice by the commission she just earned', async () => {
      await admin.click('#menu-dashboard')
      await waitDashboard(admin, 30) // the menu opens the default period
      await admin.waitForSelector(`#top-${alice.user.id}`)
      const row = await admin.locator('#dashboard-top-table .el-table__row', { hasText: alice.user.nickname || 'alice' }).first().textContent()
      expect(/¥\d+\.\d{2}/.test(row), `top distributor row without ¥ commission: ${row}`)
      expect(Number(await admin.getAttribute('#kpi-activeDistributors', 'data-value')) >= 1, 'no active distributor counted')
      await dashboardShot(admin, '47b-admin-dashboard-top')
      return row.replace(/\s+/g, ' ').trim()
    }],
    ['settings: 3 tiers show the compliance warning; back to 2', async () => {
      await admin.click('#menu-distSettings')
      await admin.waitForSelector('#dist-settings-version')
      expect(!(await admin.$('#dist-three-tier-warning')), 'warning shown for 2 tiers')
      await admin.click('#dist-tiers-3')
      await admin.click('#dist-settings-save')
      await admin.waitForFunction(() => [...document.querySelectorAll('.el-message')].some((m) => /分销设置已保存/.test(m.textContent)))
      await admin.waitForSelector('#dist-three-tier-warning')
      expect((await text(admin, '#dist-three-tier-warning')).includes('传销'), 'warning text')
      const three = await apiJson(server.base, '/api/v1/admin/distribution/settings', { token: staffToken })
      expect(three.settings.tiers === 3 && three.warnings.includes('three_tiers'), `server has ${three.settings.tiers} tiers, warnings ${three.warnings}`)
      await admin.evaluate(() => document.querySelector('#dist-three-tier-warning').scrollIntoView({ block: 'center' }))
      await shot(admin, '48-admin-dist-three-tiers')
      await admin.click('#dist-tiers-2')
      await admin.click('#dist-settings-save')
      await admin.waitForFunction((v) => { const e = document.querySelector('#dist-settings-version'); return e && !e.textContent.includes(`v${v}`) }, three.version)
      await admin.waitForSelector('#dist-three-tier-warning', { state: 'detached' })
      const two = await apiJson(server.base, '/api/v1/admin/distribution/settings', { token: staffToken })
      expect(two.settings.tiers === 2 && !two.warnings.length, `server has ${two.settings.tiers} tiers`)
      await admin.evaluate(() => document.querySelector('#dist-settings-form').scrollIntoView())
      await shot(admin, '49-admin-dist-settings')
      return `v${three.version} (3 tiers) → v${two.version} (2 tiers)`
    }],
  ], admin)

  // Applications: bob applies from the distributor centre; staff reject with a reason, bob sees it, applies
  // again and staff approve.
  const bob = await apiJson(server.base, '/api/v1/auth/wechat/login', { method: 'POST', body: { code: 'bob' } })
  await flow('distribution applications', [
    ['a shopper applies from the distributor centre', async () => {
      await invitee.goto(`${H5}#/pages/me/me`)
      await invitee.waitForSelector('#me-logout')
      await acceptConsentIfAsked(invitee)
      await invitee.click('#me-logout')
      await invitee.click('#me-login')
      await fillUni(invitee, 'login-code', 'bob')
      await invitee.click('#login-submit')
      await invitee.click('#login-to-me')
      await invitee.waitForSelector('#me-distributor')
      await acceptConsentIfAsked(invitee)
      await invitee.click('#me-distributor')
      await invitee.waitForSelector('#dist-apply-form')
      expect((await text(invitee, '#dist-status')) === '未成为分销员', 'status before applying')
      await invitee.fill('#dist-apply-reason textarea', '我有很多朋友喜欢零食')
      await invitee.click('#dist-apply-submit')
      await invitee.waitForSelector('#dist-pending')
      expect((await text(invitee, '#dist-status')) === '审核中', 'status after applying')
      await shot(invitee, '50-dist-applied')
    }],
  ], invitee)

  await flow('distribution review', [
    ['staff reject the application with a reason', async () => {
      await admin.click('#menu-distApplications')
      await admin.waitForSelector(`#application-reject-${bob.user.id}`)
      await admin.click(`#application-reject-${bob.user.id}`)
      await admin.waitForSelector('.el-message-box__input input')
      await admin.click('.el-message-box__btns .el-button--primary')
      await admin.waitForFunction(() => /请填写原因/.test(document.querySelector('.el-message-box').textContent))
      await admin.fill('.el-message-box__input input', '请先完善资料')
      await shot(admin, '51-admin-application-reject')
      await admin.click('.el-message-box__btns .el-button--primary')
      await admin.waitForSelector(`#application-reject-${bob.user.id}`, { state: 'detached' })
    }],
  ], admin)

  await flow('distribution re-apply', [
    ['the shopper sees the reason, applies again and is approved', async () => {
      await invitee.reload()
      await invitee.waitForSelector('#dist-apply-rejected')
      expect((await text(invitee, '#dist-apply-rejected')).includes('请先完善资料'), 'rejection reason')
      await shot(invitee, '52-dist-rejected')
      await invitee.click('#dist-apply-submit')
      await invitee.waitForSelector('#dist-pending')
      await admin.click('#applications-status-all')
      await admin.click('#applications-status-pending')
      await admin.waitForSelector(`#application-approve-${bob.user.id}`)
      await admin.click(`#application-approve-${bob.user.id}`)
      await admin.click('.el-message-box__btns .el-button--primary')
      await admin.waitForSelector(`#application-approve-${bob.user.id}`, { state: 'detached' })
      await invitee.reload()
      await invitee.waitForFunction(() => { const s = document.querySelector('#dist-status'); return s && s.textContent.trim() === '分销员' })
      await invitee.waitForSelector('#dist-invite-code')
      await shot(invitee, '53-dist-approved')
    }],
  ], invitee)

  // First contentful paint of the H5 home, fresh browser profile (cold cache), CPU throttled 4×.
  await flow('performance', [
    ['H5 home first-contentful-paint (CPU 4× slower)', async () => {
      const ctx = await launch(MOBILE)
      try {
        const p = ctx.pages()[0] || (await ctx.newPage())
        const cdp = await ctx.newCDPSession(p)
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
        await p.goto(`${H5}#/pages/index/index`, { waitUntil: 'load' })
        await p.waitForSelector('[id^="product-"]', { timeout: 30000 })
        const m = await p.evaluate(() => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]
          const nav = performance.getEntriesByType('navigation')[0]
          return { fcp: fcp ? fcp.startTime : null, dcl: nav ? nav.domContentLoadedEventEnd : null, load: nav ? nav.loadEventEnd : null, products: performance.now() }
        })
        expect(m.fcp != null, 'no first-contentful-paint entry')
        const line = `first-contentful-paint ${m.fcp.toFixed(0)} ms (CPU throttle 4x); DOMContentLoaded ${m.dcl.toFixed(0)} ms; products listed by ${m.products.toFixed(0)} ms`
        console.log(line)
        writeFileSync(join(OUT, 'fcp.txt'), `${line}\n`)
        await p.screenshot({ path: join(OUT, '16-fcp-home.png') })
        return line
      } finally {
        await ctx.close()
      }
    }],
  ])

  record('no uncaught errors in the pages', pageErrors.length === 0, pageErrors.slice(0, 3).join(' | '))
} catch (e) {
  record('setup', false, e.message)
} finally {
  await ctxShopper?.close().catch(() => {})
  await ctxAdmin?.close().catch(() => {})
  await ctxInvitee?.close().catch(() => {})
  await proxy?.stop().catch(() => {})
  await server?.stop().catch(() => {})
}

console.log(`e2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${OUT}`)
console.log(`${counts.passed} passed, ${counts.failed} failed`)
process.exit(counts.failed ? 1 : 0)
