#!/usr/bin/env node
// Browser story of the marketing tools (docs/marketing.md) against a real `fenxiao serve --demo`:
// staff create a coupon, a flash sale and a group buy through the console's forms and open the marketing
// settings; a shopper checks in, claims the coupon, checks out with the best coupon pre-selected and
// points, pays through the WeChat sandbox, buys on the flash sale and opens a group; a second shopper
// joins through the group's share link and pays, the group succeeds; staff see the group and the coupon
// statistics; the same pages once more in English.
//   FENXIAO_BIN, FENXIAO_SERVES_WEB, CHROMIUM_PATH, E2E_TIMEOUT_MS: as for run.mjs.
// Screenshots go to output/m*.png (FAILED-marketing *.png on a failure). Ends with "N passed, N failed".
import { mkdirSync, existsSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startFenxiao, startStaticProxy } from './lib/server.mjs'
import { launch, MOBILE, DESKTOP } from './lib/browser.mjs'
import { createStory, expect, text, waitText, fillUni, apiJson, shopperToken, acceptConsentIfAsked, TIMEOUT } from './lib/story.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const WEB = resolve(HERE, '..')
const OUT = join(HERE, 'output')
const BIN = resolve(HERE, process.env.FENXIAO_BIN || '../../target/release/fenxiao')
const SERVES_WEB = process.env.FENXIAO_SERVES_WEB === '1'
const H5_DIR = join(WEB, 'storefront/dist/build/h5')
const ADMIN_DIR = join(WEB, 'admin/dist')
const ADMIN_PASSWORD = 'demo-admin-2026'

// Demo catalogue (seeded by `serve --demo`): the coupon is spent on 玻尿酸补水面膜 (¥69, one SKU), the
// flash sale runs on 手工牛轧糖's 原味 SKU (two SKUs: picked from the list), the group buy on 每日坚果 (¥99).
const COUPON_PRODUCT = 4
const FLASH_PRODUCT = 9
const FLASH_SKU = 16
const GROUP_PRODUCT = 8

mkdirSync(OUT, { recursive: true })
for (const f of readdirSync(OUT)) if (/^(m\d.*|FAILED-marketing.*)\.png$/.test(f)) rmSync(join(OUT, f))
for (const d of [H5_DIR, ADMIN_DIR]) if (!existsSync(join(d, 'index.html'))) {
  console.error(`missing build: ${d} (run the builds first)`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

const { counts, record, flow, shot } = createStory(OUT)

/** A moment as the console's date pickers take it: Beijing time, "YYYY-MM-DD HH:mm:ss". */
function shopTime(ms) {
  return new Date(ms + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ')
}

/** Types a time into an Element Plus date picker and confirms it. */
async function pickTime(page, id, value) {
  await page.fill(`#${id}`, value)
  await page.press(`#${id}`, 'Enter')
  await page.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [`#${id}`, value])
}

/** Element Plus input-number: the id sits on its <input>. */
async function fillNumber(page, id, value) {
  await page.fill(`#${id}`, String(value))
  await page.press(`#${id}`, 'Tab')
}

/** Logs in through the sandbox code on the storefront's login page (already open). */
async function sandboxLogin(page, code) {
  await fillUni(page, 'login-code', code)
  await page.click('#login-submit')
  await page.waitForSelector('#login-result')
}

/** 立即付款 → 微信支付 → the WeChat Pay sandbox sheet → 确认支付; waits for the order to be paid. */
async function payWithSandbox(page, amountText, shotName) {
  await page.waitForSelector('#order-pay')
  await page.click('#order-pay')
  await page.waitForSelector('#pay-sheet')
  await page.click('#pay-method-wechat')
  await page.waitForSelector('#sandbox-pay-sheet')
  await waitText(page, '#sandbox-pay-amount', amountText)
  if (shotName) await shot(page, shotName)
  await page.click('#sandbox-pay-confirm')
  await waitText(page, '#order-detail-status', '待发货')
}

/** Waits (briefly) until no uni toast covers the page, then takes the screenshot. */
async function calmShot(page, name) {
  await page.waitForFunction(() => ![...document.querySelectorAll('uni-toast')].some((e) => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0), null, { timeout: 4000 }).catch(() => {})
  await shot(page, name)
}

// Shoppers' phones run on Beijing time like the shop.
const PHONE = { ...MOBILE, timezoneId: 'Asia/Shanghai' }

/**
 * Opens a storefront page as a fresh load (like following a link). A hash-only goto to a page uni still
 * holds would bring that page back with the navigation-bar title it had before a language switch.
 */
async function openFresh(page, url) {
  await page.goto(url)
  await page.reload()
}

const orderIdOf = (page) => Number(new URL(page.url().replace('#', '')).searchParams.get('id'))

const started = Date.now()
let server
let proxy
const contexts = []
const pageErrors = []
try {
  server = await startFenxiao({ bin: BIN, webDir: WEB, adminPassword: ADMIN_PASSWORD, logFile: join(OUT, 'fenxiao-marketing.log') })
  let base = server.base
  if (!SERVES_WEB) {
    proxy = await startStaticProxy({ upstream: server.base, h5Dir: H5_DIR, adminDir: ADMIN_DIR })
    base = proxy.base
  }
  console.log(`fenxiao at ${server.base}; front ends at ${base} (${SERVES_WEB ? 'served by fenxiao' : 'node static server + proxy'})`)
  const H5 = `${base}/h5/`
  const ADMIN = `${base}/admin/`
  const api = (path, opts) => apiJson(server.base, path, opts)
  const staffToken = (await api('/api/v1/admin/auth/login', { method: 'POST', body: { username: 'admin', password: ADMIN_PASSWORD } })).token

  const open = async (options, label) => {
    const ctx = await launch(options)
    contexts.push(ctx)
    const p = ctx.pages()[0] || (await ctx.newPage())
    p.setDefaultTimeout(TIMEOUT)
    p.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`))
    return p
  }
  const admin = await open(DESKTOP, 'admin')
  const page = await open(PHONE, 'storefront')

  const stamp = Date.now().toString(36)
  const couponName = `满50减10 ${stamp.slice(-4)}`
  let couponId = null
  let flashId = null
  let groupBuyId = null

  await flow('marketing admin', [
    ['staff create a ¥10 off ¥50 coupon through the form (checked before sending)', async () => {
      await admin.goto(ADMIN)
      await admin.fill('#login-username', 'admin')
      await admin.fill('#login-password', ADMIN_PASSWORD)
      await admin.click('#login-submit')
      // A fresh shop lands on the dashboard with nothing sold or visited yet: the empty states.
      await admin.waitForSelector('#dashboard-body[data-loaded="30"]')
      await admin.waitForSelector('#dashboard-sales canvas, #dashboard-sales .el-empty')
      await admin.setViewportSize({ width: DESKTOP.viewport.width, height: 1240 }) // the whole page in one picture
      await admin.waitForTimeout(300)
      await shot(admin, 'm00-admin-dashboard-fresh')
      await admin.setViewportSize(DESKTOP.viewport)
      await admin.click('#menu-coupons')
      await admin.waitForSelector('#coupons-table')
      await admin.click('#coupon-create')
      await admin.waitForSelector('#coupon-name')
      await admin.click('#coupon-save')
      await admin.waitForSelector('#coupon-form-error')
      await admin.waitForFunction(() => /请填写名称|名称/.test(document.querySelector('#coupon-form').textContent))
      await admin.fill('#coupon-name', couponName)
      await admin.fill('#coupon-amount', '10')
      await admin.fill('#coupon-threshold', '50')
      await admin.locator('#coupon-validity .el-radio', { hasText: '领取后' }).click()
      await admin.waitForSelector('#coupon-valid-days')
      // the form checks itself again as it is corrected: no stale red text once the fields are right
      await admin.waitForSelector('#coupon-form-error', { state: 'detached' })
      await shot(admin, 'm01-admin-coupon-form')
      await admin.click('#coupon-save')
      await admin.waitForSelector('#coupon-form', { state: 'detached' })
      const list = await api('/api/v1/admin/coupons', { token: staffToken })
      const c = list.items.find((x) => x.name === couponName)
      expect(c, 'the coupon is not on the server')
      expect(c.kind === 'amount_off' && c.amount === 1000 && c.threshold === 5000 && c.valid_days === 7, `server has ${JSON.stringify(c)}`)
      couponId = c.id
      await waitText(admin, `#coupon-row-value-${c.id}`, /¥10\.00/)
      await waitText(admin, `#coupon-row-claimed-${c.id}`, '0 / 100')
      await shot(admin, 'm02-admin-coupons')
      return `coupon #${c.id}`
    }],
    ['a flash sale on 牛轧糖 (SKU picked from the product) through the form', async () => {
      await admin.click('#menu-flashSales')
      await admin.waitForSelector('#flash-table')
      await admin.click('#flash-create')
      await admin.waitForSelector('#flash-product')
      await admin.fill('#flash-product', String(FLASH_PRODUCT))
      await admin.click('#flash-find')
      await admin.waitForSelector('#flash-sku-choices .el-select')
      await admin.click('#flash-sku-choices .el-select')
      await admin.locator('.el-select-dropdown__item:visible', { hasText: `#${FLASH_SKU} ` }).click()
      await admin.waitForFunction((v) => document.querySelector('#flash-sku').value === v, String(FLASH_SKU))
      await admin.fill('#flash-price', '19.90')
      await fillNumber(admin, 'flash-quantity', 20)
      await pickTime(admin, 'flash-starts-at', shopTime(Date.now() - 120e3))
      await pickTime(admin, 'flash-ends-at', shopTime(Date.now() + 2 * 3600e3))
      await shot(admin, 'm03-admin-flash-form')
      await admin.click('#flash-save')
      await admin.waitForSelector('#flash-form', { state: 'detached' })
      const list = await api('/api/v1/admin/flash-sales', { token: staffToken })
      const f = list.items.find((x) => x.sku_id === FLASH_SKU)
      expect(f && f.price === 1990 && f.quantity === 20 && f.status === 'running', `server has ${JSON.stringify(f)}`)
      flashId = f.id
      await waitText(admin, `#flash-row-price-${f.id}`, '¥19.90')
      await waitText(admin, `#flash-row-status-${f.id}`, '进行中')
      await shot(admin, 'm04-admin-flash-sales')
      return `flash sale #${f.id}`
    }],
    ['a 2-person group buy on 每日坚果 through the form', async () => {
      await admin.click('#menu-groupBuys')
      await admin.waitForSelector('#groupbuy-table')
      await admin.click('#groupbuy-create')
      await admin.waitForSelector('#groupbuy-product')
      await admin.fill('#groupbuy-product', String(GROUP_PRODUCT))
      await admin.click('#groupbuy-find')
      // one SKU: the picker takes it
      await admin.waitForFunction(() => document.querySelector('#groupbuy-sku').value !== '')
      await admin.fill('#groupbuy-price', '79')
      await fillNumber(admin, 'groupbuy-size', 2)
      await fillNumber(admin, 'groupbuy-leader-reward', 50)
      await pickTime(admin, 'groupbuy-starts-at', shopTime(Date.now() - 120e3))
      await shot(admin, 'm05-admin-groupbuy-form')
      await admin.click('#groupbuy-save')
      await admin.waitForSelector('#groupbuy-form', { state: 'detached' })
      const list = await api('/api/v1/admin/group-buys', { token: staffToken })
      const g = list.items.find((x) => x.product_id === GROUP_PRODUCT)
      expect(g && g.group_price === 7900 && g.group_size === 2 && g.status === 'running' && g.leader_reward_points === 50, `server has ${JSON.stringify(g)}`)
      groupBuyId = g.id
      await waitText(admin, `#groupbuy-row-price-${g.id}`, '¥79.00')
      await waitText(admin, `#groupbuy-row-status-${g.id}`, '进行中')
      await shot(admin, 'm06-admin-group-buys')
      return `group buy #${g.id}`
    }],
    ['marketing settings load and save', async () => {
      await admin.click('#menu-marketingSettings')
      await admin.waitForFunction(() => { const i = document.querySelector('#marketing-check-in-points'); return i && i.value === '10' })
      expect((await text(admin, '#marketing-settings-example')).length > 10, 'no worked example')
      await shot(admin, 'm07-admin-marketing-settings')
      await admin.click('#marketing-settings-save')
      await admin.waitForFunction(() => [...document.querySelectorAll('.el-message')].some((m) => /已保存/.test(m.textContent)))
      const s = await api('/api/v1/admin/marketing/settings', { token: staffToken })
      expect(s.check_in_points === 10 && s.points_max_deduct_bp === 5000, `settings ${JSON.stringify(s)}`)
    }],
  ], admin)

  // The shopper: check-in, coupon, checkout with coupon and points, flash sale, opening a group.
  const shopperCode = `mka${stamp}`
  let shopperTokenA = ''
  let couponOrder = null
  let groupId = null
  let shareLink = ''
  await flow('marketing shopper', [
    ['logs in and checks in on the points page (+10)', async () => {
      await page.goto(`${H5}#/pages/login/login`)
      await sandboxLogin(page, shopperCode)
      shopperTokenA = await shopperToken(page)
      await page.click('#login-continue')
      await page.waitForSelector('#home-entries')
      await shot(page, 'm08-home-entries')
      await page.click('#home-entry-points')
      await page.waitForSelector('#points-check-in')
      await waitText(page, '#points-balance', '0')
      await page.click('#points-check-in')
      await waitText(page, '#points-message', /\+10/)
      await waitText(page, '#points-balance', '10')
      await waitText(page, '#points-check-in', '今日已签到')
      await waitText(page, '#points-delta-0', '+10')
      const entry = await text(page, '#points-entry-0')
      expect(entry.includes('每日签到') && !entry.includes('check-in day'), `history entry: ${entry}`)
      await calmShot(page, 'm09-points-checked-in')
      return await text(page, '#points-message')
    }],
    ['claims the coupon in the coupon centre', async () => {
      await page.goto(`${H5}#/pages/index/index`)
      await page.click('#home-entry-coupons')
      const btn = `#coupon-claim-${couponId}`
      await page.waitForSelector(btn)
      expect((await page.getAttribute(btn, 'data-state')) === 'claim', 'coupon not claimable')
      expect((await text(page, `#coupon-${couponId}-value`)) === '¥10.00', 'coupon value')
      await page.click(btn)
      await page.waitForFunction((sel) => document.querySelector(sel) && document.querySelector(sel).getAttribute('data-state') === 'claimed', btn)
      await page.waitForSelector(`#coupon-mine-${couponId}`)
      expect(!(await page.getAttribute(`#coupon-${couponId}`, 'class')).includes('dim'), 'a claimed coupon looks unavailable')
      await waitText(page, `#coupon-remaining-${couponId}`, /99/)
      await calmShot(page, 'm10-coupon-centre')
      const mine = await api('/api/v1/me/coupons', { token: shopperTokenA })
      expect(mine.items.length === 1 && mine.items[0].status === 'usable', `my coupons ${JSON.stringify(mine.items)}`)
    }],
    ['checkout pre-selects the best coupon; points are capped at what the order allows', async () => {
      await api('/api/v1/me/addresses', {
        method: 'POST', token: shopperTokenA,
        body: { name: '赵小满', phone: '13712345678', province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路 88 号' },
      })
      await page.goto(`${H5}#/pages/product/product?id=${COUPON_PRODUCT}`)
      await page.waitForSelector('#buy-now')
      await page.click('#buy-now')
      await page.waitForSelector('#checkout-coupon')
      await waitText(page, '#checkout-coupon-discount', '-¥10.00')
      expect((await text(page, '#checkout-coupon-text')).includes('10.00'), 'coupon line')
      await page.click('#checkout-coupon')
      await page.waitForSelector('#coupon-sheet')
      expect((await text(page, `#checkout-coupon-option-${mineCouponIdOf(await api('/api/v1/me/coupons', { token: shopperTokenA }))}`)).includes('最优'), 'best coupon not marked')
      await calmShot(page, 'm11-checkout-coupon-sheet')
      await page.click('#coupon-sheet-close')
      await page.waitForSelector('#coupon-sheet', { state: 'detached' })
      await page.click('#checkout-points-toggle')
      await page.waitForSelector('#checkout-points-input input')
      await waitText(page, '#checkout-points-discount', '-¥0.10')
      await page.fill('#checkout-points-input input', '999')
      await page.press('#checkout-points-input input', 'Tab')
      await waitText(page, '#checkout-points-note', /最多可用 10 积分/)
      await waitText(page, '#checkout-points-discount', '-¥0.10')
      await calmShot(page, 'm12-checkout-coupon-points')
      return `total ${await text(page, '#checkout-total')}`
    }],
    ['the order shows the coupon and points discounts; paid through the WeChat sandbox', async () => {
      const total = await text(page, '#checkout-total')
      await page.click('#checkout-submit')
      await waitText(page, '#order-detail-status', '待付款')
      const id = orderIdOf(page)
      couponOrder = await api(`/api/v1/orders/${id}`, { token: shopperTokenA })
      expect(couponOrder.coupon_discount === 1000 && couponOrder.points_discount === 10, `order discounts ${couponOrder.coupon_discount} / ${couponOrder.points_discount}`)
      await waitText(page, '#order-coupon-discount', '-¥10.00')
      await waitText(page, '#order-points-discount', '-¥0.10')
      await waitText(page, '#order-total', total)
      await calmShot(page, 'm13-order-discounts')
      await payWithSandbox(page, total, 'm14-sandbox-pay')
      await calmShot(page, 'm15-order-paid')
      const pts = await api('/api/v1/me/points', { token: shopperTokenA })
      expect(pts.balance === 0 && pts.items.some((x) => x.kind === 'order_spend' && x.delta === -10), `points after the order ${JSON.stringify(pts)}`)
      return `order ${couponOrder.order_no} ${total}`
    }],
    ['buys one unit on the flash-sale list at the flash price and pays', async () => {
      await page.goto(`${H5}#/pages/index/index`)
      await page.click('#home-entry-flash')
      const btn = `#flash-buy-${flashId}`
      await page.waitForSelector(btn)
      await page.waitForFunction((sel) => document.querySelector(sel).getAttribute('data-state') === 'buy', btn)
      expect((await text(page, `#flash-price-${flashId}`)) === '¥19.90', 'flash price on the list')
      await waitText(page, `#flash-status-${flashId}`, '抢购中')
      await calmShot(page, 'm16-flash-list')
      await page.click(btn)
      await waitText(page, '#checkout-activity-price', '¥19.90')
      await page.waitForSelector('#checkout-line-0')
      expect((await text(page, '#checkout-line-price-0')).includes('¥19.90'), 'line not at the flash price')
      await calmShot(page, 'm17-checkout-flash')
      const total = await text(page, '#checkout-total')
      await page.click('#checkout-submit')
      await waitText(page, '#order-detail-status', '待付款')
      await payWithSandbox(page, total)
      const sale = await api(`/api/v1/flash-sales/${flashId}`)
      expect(sale.sold === 1 && sale.remaining === 19, `flash sale sold ${sale.sold}`)
      await calmShot(page, 'm18-flash-order-paid')
      return `${total}; ${sale.remaining} left`
    }],
    ['opens a group, pays and shares the group page link', async () => {
      await page.goto(`${H5}#/pages/index/index`)
      await page.click('#home-entry-groupbuy')
      await page.waitForSelector(`#groupbuy-${groupBuyId}`)
      await waitText(page, `#groupbuy-price-${groupBuyId}`, '¥79.00')
      await calmShot(page, 'm19-groupbuy-list')
      await page.click(`#groupbuy-${groupBuyId}`)
      await page.waitForSelector('#groupbuy-start')
      await page.waitForSelector('#groupbuy-no-open-groups')
      await calmShot(page, 'm20-groupbuy-detail')
      await page.click('#groupbuy-start')
      await waitText(page, '#checkout-activity-price', '¥79.00')
      await page.waitForSelector('#checkout-group-hint')
      await calmShot(page, 'm21-checkout-group')
      const total = await text(page, '#checkout-total')
      await page.click('#checkout-submit')
      await waitText(page, '#order-detail-status', '待付款')
      await payWithSandbox(page, total)
      await page.click('#order-group-link')
      await page.waitForSelector('#group-status')
      expect((await page.getAttribute('#group-status', 'data-status')) === 'open', 'group not open')
      await waitText(page, '#group-seats-left', /1/)
      groupId = Number(new URL(page.url().replace('#', '')).searchParams.get('id'))
      // the leader is in the group already: no join button, inviting is the next step
      await page.waitForSelector('#group-mine')
      expect(!(await page.$('#group-join')), 'the leader is offered to join their own group')
      await page.click('#group-share')
      shareLink = await text(page, '#group-share-link')
      expect(shareLink.includes(`/h5/#/pages/group/index?id=${groupId}`), `share link ${shareLink}`)
      await calmShot(page, 'm22-group-open')
      return shareLink
    }],
  ], page)

  // A second shopper opens the share link on another phone, logs in, joins and pays: the group succeeds.
  const page2 = await open(PHONE, 'storefront (second shopper)')
  const friendCode = `mkb${stamp}`
  let friendToken = ''
  await flow('marketing group join', [
    ['a second shopper opens the group link, logs in and joins', async () => {
      await page2.goto(shareLink)
      await page2.waitForSelector('#group-join')
      expect((await text(page2, '#group-status')) !== '', 'no group status')
      await calmShot(page2, 'm23-group-link-logged-out')
      await page2.click('#group-join')
      await page2.waitForSelector('#login-code')
      await sandboxLogin(page2, friendCode)
      friendToken = await shopperToken(page2)
      await api('/api/v1/me/addresses', {
        method: 'POST', token: friendToken,
        body: { name: '钱多多', phone: '13612345678', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 栋' },
      })
      await page2.click('#login-back')
      await page2.waitForSelector('#group-join')
      await page2.click('#group-join')
      await waitText(page2, '#checkout-activity-price', '¥79.00')
      await page2.waitForSelector('#checkout-group-hint')
      expect((await text(page2, '#checkout-group-hint')).includes('参加'), 'join hint')
      await calmShot(page2, 'm24-checkout-join')
    }],
    ['pays; the group page shows 拼团成功', async () => {
      const total = await text(page2, '#checkout-total')
      await page2.click('#checkout-submit')
      await waitText(page2, '#order-detail-status', '待付款')
      await payWithSandbox(page2, total)
      await page2.click('#order-group-link')
      await page2.waitForSelector('#group-status')
      await page2.waitForFunction(() => document.querySelector('#group-status').getAttribute('data-status') === 'succeeded')
      await waitText(page2, '#group-status', '拼团成功')
      await page2.waitForSelector('#group-succeeded')
      await page2.waitForSelector('#group-mine')
      expect(!(await page2.$('#group-share')) && !(await page2.$('#group-join')), 'a complete group still offers joining or inviting')
      await calmShot(page2, 'm25-group-succeeded')
      // the leader's phone shows it too, and the leader reward arrived
      await page.reload()
      await waitText(page, '#group-status', '拼团成功')
      await calmShot(page, 'm26-group-succeeded-leader')
      const pts = await api('/api/v1/me/points', { token: shopperTokenA })
      expect(pts.items.some((x) => x.kind === 'group_leader' && x.delta === 50), `leader reward missing: ${JSON.stringify(pts.items.map((x) => x.kind))}`)
      return `group #${groupId} succeeded`
    }],
  ], page2)

  await flow('marketing admin review', [
    ['staff see the group in the groups tab', async () => {
      await admin.click('#menu-groupBuys')
      await admin.waitForSelector(`#groupbuy-groups-${groupBuyId}`)
      await admin.click(`#groupbuy-groups-${groupBuyId}`)
      await waitText(admin, `#group-row-status-${groupId}`, '已成团')
      expect((await text(admin, `#group-row-members-${groupId}`)).includes('2'), 'members')
      await shot(admin, 'm27-admin-groups')
      return await text(admin, `#group-row-members-${groupId}`)
    }],
    ['coupon statistics: claimed 1, used 1', async () => {
      await admin.click('#menu-coupons')
      await waitText(admin, `#coupon-row-claimed-${couponId}`, '1 / 100')
      await admin.click(`#coupon-stats-${couponId}`)
      await waitText(admin, '#coupon-stats-claimed', '1')
      await waitText(admin, '#coupon-stats-used', '1')
      await waitText(admin, '#coupon-stats-discount', '¥10.00')
      await shot(admin, 'm28-admin-coupon-stats')
      await admin.keyboard.press('Escape')
      await admin.waitForSelector('#coupon-stats', { state: 'detached' })
    }],
  ], admin)

  // The same pages in English: the second shopper checks in, claims the coupon and opens a checkout.
  await flow('marketing in English', [
    ['points, coupon centre, checkout with coupon, flash list and group page in English', async () => {
      await page2.goto(`${H5}#/pages/me/me`)
      await page2.waitForSelector('#lang-en')
      await acceptConsentIfAsked(page2)
      await page2.click('#lang-en')
      await page2.click('#me-points')
      await page2.waitForSelector('#points-check-in')
      await page2.click('#points-check-in')
      await waitText(page2, '#points-message', /Checked in: \+10 points/)
      await waitText(page2, '#points-entry-0', /Daily check-in/)
      await calmShot(page2, 'm29-points-en')
      await openFresh(page2, `${H5}#/pages/coupons/center`)
      await page2.click(`#coupon-claim-${couponId}`)
      await page2.waitForFunction((sel) => document.querySelector(sel).getAttribute('data-state') === 'claimed', `#coupon-claim-${couponId}`)
      await waitText(page2, `#coupon-claim-${couponId}`, 'Claimed')
      await calmShot(page2, 'm30-coupon-centre-en')
      await openFresh(page2, `${H5}#/pages/product/product?id=${COUPON_PRODUCT}`)
      await page2.click('#buy-now')
      await waitText(page2, '#checkout-coupon-discount', '-¥10.00')
      await calmShot(page2, 'm31-checkout-coupon-en')
      await page2.click('#checkout-coupon')
      await page2.waitForSelector('#coupon-sheet')
      await calmShot(page2, 'm32-checkout-coupon-sheet-en')
      await page2.click('#coupon-sheet-close')
      await openFresh(page2, `${H5}#/pages/flash/list`)
      await waitText(page2, `#flash-status-${flashId}`, 'On now')
      await calmShot(page2, 'm33-flash-list-en')
      await openFresh(page2, `${H5}#/pages/group/index?id=${groupId}`)
      await waitText(page2, '#group-status', 'Group complete')
      expect((await page2.title()) === 'Group buy', `title ${await page2.title()}`)
      await calmShot(page2, 'm34-group-en')
      await openFresh(page2, `${H5}#/pages/coupons/mine`)
      await page2.waitForSelector('[id^="my-coupon-use-"]')
      await calmShot(page2, 'm35-my-coupons-en')
      await page2.goto(`${H5}#/pages/me/me`)
      await page2.click('#lang-zh')
    }],
    ['the console\'s coupons, flash sales, group buys and settings in English', async () => {
      await admin.locator('#lang-switch label', { hasText: 'EN' }).click()
      await admin.click('#menu-coupons')
      await waitText(admin, '.page-head h2', 'Coupons')
      await admin.click('#coupons-refresh')
      await waitText(admin, `#coupon-row-claimed-${couponId}`, '2 / 100')
      await shot(admin, 'm36-admin-coupons-en')
      await admin.click(`#coupon-stats-${couponId}`)
      await waitText(admin, '#coupon-stats-claimed', '2')
      await shot(admin, 'm37-admin-coupon-stats-en')
      await admin.keyboard.press('Escape')
      await admin.waitForSelector('#coupon-stats', { state: 'detached' })
      await admin.click('#coupon-create')
      await admin.waitForSelector('#coupon-name')
      await shot(admin, 'm38-admin-coupon-form-en')
      await admin.click('#coupon-cancel')
      await admin.click('#menu-flashSales')
      await admin.waitForSelector(`#flash-row-status-${flashId}`)
      await shot(admin, 'm39-admin-flash-sales-en')
      await admin.click('#menu-groupBuys')
      await admin.click(`#groupbuy-groups-${groupBuyId}`)
      await admin.waitForSelector(`#group-row-status-${groupId}`)
      await shot(admin, 'm40-admin-groups-en')
      await admin.click('#menu-marketingSettings')
      await admin.waitForFunction(() => { const i = document.querySelector('#marketing-check-in-points'); return i && i.value === '10' })
      await shot(admin, 'm41-admin-marketing-settings-en')
      await admin.locator('#lang-switch label', { hasText: '中文' }).click()
    }],
  ], admin)

  record('no uncaught errors in the pages', pageErrors.length === 0, pageErrors.slice(0, 3).join(' | '))
} catch (e) {
  record('setup', false, e.message)
} finally {
  for (const c of contexts) await c.close().catch(() => {})
  await proxy?.stop().catch(() => {})
  await server?.stop().catch(() => {})
}

function mineCouponIdOf(page) {
  const c = (page.items || []).find((x) => x.status === 'usable')
  return c ? c.id : 'none'
}

console.log(`e2e marketing finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${OUT}`)
console.log(`${counts.passed} passed, ${counts.failed} failed`)
process.exit(counts.failed ? 1 : 0)
