import { describe, it, expect } from 'vitest'
import { createRequire } from 'node:module'
import {
  qrMatrix, qrRects, wrapText, ellipsize, coverCrop, productPosterLayout, invitePosterLayout, drawOps, canvasMeasure, fontOf, POSTER_WIDTH,
} from '../src/lib/poster.js'
import { inviteFromQuery } from '../src/lib/invite.js'
import { productShareLink } from '../src/lib/distribution.js'
import { messages } from '../src/lib/messages.js'
// qrcode-reader's decoder stage (format, Reed–Solomon, data) on a module grid, without its image detector
import QrDecoder from 'qrcode-reader/src/decoder.js'
import BitMatrix from 'qrcode-reader/src/bitmat.js'

// A measure like a canvas's: CJK characters a full em, latin 0.6 em (bold 10 % wider).
const measure = (s, size = 10, bold = false) => [...String(s)].reduce((w, ch) => w + (/[\u2E80-\uFFFF]/.test(ch) ? 1 : 0.6) * size * (bold ? 1.1 : 1), 0)
const m10 = (s) => measure(s, 10)

/** Decodes a QR matrix drawn as an RGBA bitmap (qrcode-reader comes with the mini-program toolchain). */
function decode(rects, side) {
  const QrReader = createRequire(import.meta.url)('qrcode-reader')
  const data = new Uint8ClampedArray(side * side * 4).fill(255)
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3)
  }
  return new Promise((resolve, reject) => {
    const qr = new QrReader()
    qr.callback = (err, value) => (err ? reject(err) : resolve(value.result))
    qr.decode({ width: side, height: side, data })
  })
}

describe('share links', () => {
  it('points at the product page with the invite code, which the page reads back', () => {
    const link = productShareLink('https://mall.example.com/', 12, 'AB12CD')
    expect(link).toBe('https://mall.example.com/h5/#/pages/product/product?id=12&invite_code=AB12CD')
    const query = Object.fromEntries(new URLSearchParams(link.split('?')[1]))
    expect(inviteFromQuery(query)).toBe('AB12CD')
    expect(productShareLink('', 3, '')).toBe('/h5/#/pages/product/product?id=3')
  })
})

describe('QR code', () => {
  it('encodes the link so a reader gets it back', async () => {
    const link = 'http://127.0.0.1:41234/h5/#/pages/product/product?id=12&invite_code=Q7XK2M9P'
    const m = qrMatrix(link)
    expect(m.count).toBeGreaterThanOrEqual(33)
    expect(m.dark).toHaveLength(m.count)
    // on a 240 px square with a quiet zone
    const q = qrRects(m, 40, 40, 160)
    expect(await decode(q.rects, 240)).toBe(link)
  })
  it('makes valid symbols for share links of every length (decoded from the module grid)', () => {
    let seed = 7
    const rand = (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    const A = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
    for (let i = 0; i < 40; i++) {
      const code = Array.from({ length: 4 + rand(29) }, () => A[rand(A.length)]).join('')
      const origin = i % 2 ? `http://127.0.0.1:${1024 + rand(64000)}` : `https://mall${rand(1000)}.example.com`
      for (const link of [productShareLink(origin, 1 + rand(100000), code), `${origin}/h5/#/pages/index/index?invite=${code}`]) {
        const m = qrMatrix(link)
        const bits = new BitMatrix(m.count)
        m.dark.forEach((row, y) => row.forEach((d, x) => d && bits.set_Renamed(x, y)))
        const text = QrDecoder.decode(bits).DataByte.map((bytes) => String.fromCharCode(...bytes)).join('')
        expect(text).toBe(link)
      }
    }
  })
  it('uses whole-pixel modules, centred in the box, merged into runs', () => {
    const m = qrMatrix('https://mall.example.com/h5/#/pages/index/index?invite=AB12CD')
    const q = qrRects(m, 10, 20, 112)
    expect(Number.isInteger(q.module)).toBe(true)
    expect(q.size).toBe(q.module * m.count)
    expect(q.size).toBeLessThanOrEqual(112)
    expect(q.x - 10).toBe(Math.floor((112 - q.size) / 2))
    for (const r of q.rects) {
      expect(r.x >= q.x && r.y >= q.y && r.x + r.w <= q.x + q.size && r.y + r.h <= q.y + q.size).toBe(true)
      expect(r.w % q.module).toBe(0)
    }
    const darkCount = m.dark.flat().filter(Boolean).length
    expect(q.rects.reduce((n, r) => n + r.w / q.module, 0)).toBe(darkCount)
    expect(q.rects.length).toBeLessThan(darkCount)
  })
})

describe('text wrapping', () => {
  it('breaks Chinese anywhere and keeps latin words whole', () => {
    expect(wrapText('一二三四五六七', 30, m10)).toEqual(['一二三', '四五六', '七'])
    expect(wrapText('Organic mixed nuts 500g', 60, m10)).toEqual(['Organic', 'mixed nuts', '500g'])
    expect(wrapText('经典 T恤 white', 50, m10)).toEqual(['经典 T恤', 'white'])
  })
  it('breaks a word longer than the line by character', () => {
    expect(wrapText('ABCDEFGHIJ', 30, m10)).toEqual(['ABCDE', 'FGHIJ'])
  })
  it('stops at maxLines with an ellipsis that fits', () => {
    const lines = wrapText('这是一个名字非常非常长的商品需要两行以上才能放下', 60, m10, 2)
    expect(lines).toHaveLength(2)
    expect(lines[1].endsWith('…')).toBe(true)
    for (const l of lines) expect(m10(l)).toBeLessThanOrEqual(60)
    expect(wrapText('短', 60, m10, 2)).toEqual(['短'])
    expect(wrapText('', 60, m10)).toEqual([])
  })
  it('ellipsizes single lines only when needed', () => {
    expect(ellipsize('abc', 100, m10)).toBe('abc')
    const cut = ellipsize('一二三四五六', 40, m10)
    expect(cut).toBe('一二三…')
  })
})

describe('image cover crop', () => {
  it('fills the box from the middle of the picture without distortion', () => {
    expect(coverCrop(600, 600, 268, 268)).toEqual({ sx: 0, sy: 0, sw: 600, sh: 600 })
    expect(coverCrop(800, 400, 200, 200)).toEqual({ sx: 200, sy: 0, sw: 400, sh: 400 })
    const c = coverCrop(300, 900, 100, 200)
    expect(c.sw / c.sh).toBeCloseTo(100 / 200)
    expect(c.sx).toBe(0)
    expect(coverCrop(0, 10, 10, 10)).toBe(null)
  })
})

const product = {
  name: '坚果礼盒', price: '¥39.00', originalPrice: '¥59.00', image: { path: '/static/demo/p1.svg', width: 600, height: 600 },
  sharer: 'alice 为你推荐', link: 'http://shop.test/h5/#/pages/product/product?id=1&invite_code=AB12CD', scanHint: '长按识别二维码', scanSub: '查看商品详情', shopName: '分销商城',
}
const byId = (layout, id) => layout.ops.find((o) => o.id === id)
const texts = (layout) => layout.ops.filter((o) => o.op === 'text')

describe('product poster layout', () => {
  it('stacks picture, name, price, sharer and QR inside the poster', () => {
    const L = productPosterLayout(product, measure)
    expect(L.width).toBe(POSTER_WIDTH)
    expect(byId(L, 'background')).toMatchObject({ x: 0, y: 0, w: L.width, h: L.height })
    const img = byId(L, 'image')
    expect(img).toMatchObject({ x: 16, y: 16, w: 268, h: 268, crop: { sx: 0, sy: 0, sw: 600, sh: 600 } })
    const name = byId(L, 'name-0')
    const price = byId(L, 'price')
    const sharer = byId(L, 'sharer')
    expect(name.y).toBeGreaterThanOrEqual(img.y + img.h)
    expect(price.y).toBeGreaterThan(name.y + name.size)
    expect(sharer.y).toBeGreaterThan(price.y + price.size)
    expect(byId(L, 'divider').y).toBeGreaterThan(sharer.y + sharer.size)
    // the list price beside the price, struck through
    const orig = byId(L, 'original-price')
    expect(orig.x).toBeGreaterThan(price.x + measure(price.text, 24, true))
    expect(byId(L, 'strike')).toMatchObject({ x: orig.x, w: measure(orig.text, 13) })
    // QR at the bottom right, fully inside, below the divider
    expect(L.qr.x + L.qr.size).toBeLessThanOrEqual(L.width - 16)
    expect(L.qr.y).toBeGreaterThan(byId(L, 'divider').y)
    expect(L.qr.y + L.qr.size).toBeLessThanOrEqual(L.height - 16)
    // every text fits the width and stays left of the QR when beside it
    for (const t of texts(L)) {
      expect(t.x + measure(t.text, t.size, t.bold)).toBeLessThanOrEqual(L.width - 16 + 0.001)
      if (t.y >= L.qr.y) expect(t.x + measure(t.text, t.size, t.bold)).toBeLessThan(L.qr.x)
    }
  })
  it('grows by a line for a long name, never past two', () => {
    const one = productPosterLayout(product, measure)
    const two = productPosterLayout({ ...product, name: '每日坚果混合装 30 小包 早餐零食干果组合装 送礼佳品' }, measure)
    const many = productPosterLayout({ ...product, name: '每日坚果混合装 30 小包 早餐零食干果组合装 送礼佳品'.repeat(4) }, measure)
    expect(two.height - one.height).toBe(22)
    expect(many.height).toBe(two.height)
    expect(byId(many, 'name-1').text.endsWith('…')).toBe(true)
    expect(byId(many, 'name-2')).toBeUndefined()
  })
  it('leaves out what is missing: picture, list price, sharer; adds the share-and-earn line when given', () => {
    const bare = productPosterLayout({ ...product, image: null, originalPrice: '', sharer: '' }, measure)
    expect(byId(bare, 'image')).toBeUndefined()
    expect(byId(bare, 'image-placeholder')).toBeTruthy()
    expect(byId(bare, 'original-price')).toBeUndefined()
    expect(byId(bare, 'sharer')).toBeUndefined()
    const full = productPosterLayout({ ...product, tagline: '分享赚 ¥3.90' }, measure)
    expect(full.height - productPosterLayout(product, measure).height).toBe(20)
    expect(byId(full, 'tagline').y).toBeGreaterThan(byId(full, 'sharer').y)
  })
})

describe('invite poster layout', () => {
  it('centres the shop, the code and the QR', () => {
    const L = invitePosterLayout({ shopName: '分销商城', title: 'alice 邀请你一起逛', codeLabel: '邀请码', code: 'AB12CD', link: 'http://shop.test/h5/#/pages/index/index?invite=AB12CD', scanHint: '长按识别二维码进入商城' }, measure)
    for (const t of texts(L)) expect(t.align).toBe('center')
    expect(byId(L, 'code')).toMatchObject({ text: 'AB12CD', x: L.width / 2 })
    expect(byId(L, 'band').h).toBeLessThan(byId(L, 'code-label').y)
    expect(Math.abs(L.qr.x + L.qr.size / 2 - L.width / 2)).toBeLessThanOrEqual(L.qr.module)
    expect(L.qr.y).toBeGreaterThan(byId(L, 'code').y + 26)
    expect(byId(L, 'hint-0').y).toBeGreaterThan(L.qr.y + L.qr.size)
    expect(L.height).toBeGreaterThan(byId(L, 'hint-0').y + 13)
  })
})

describe('drawing on a uni canvas context', () => {
  function fakeCtx() {
    const calls = []
    const ctx = new Proxy({}, {
      get: (o, k) => {
        if (k in o) return o[k]
        if (k === 'measureText') return (s) => ({ width: measure(s, Number(/(\d+)px/.exec(o.font)[1]), /bold/.test(o.font)) })
        return (...a) => calls.push([k, ...a])
      },
      set: (o, k, v) => { calls.push([`=${String(k)}`, v]); o[k] = v; return true },
    })
    return { ctx, calls }
  }
  it('measures with the font of each text and replays operations in order', () => {
    const { ctx, calls } = fakeCtx()
    const measureOnCanvas = canvasMeasure(ctx)
    expect(measureOnCanvas('ab', 10)).toBeCloseTo(12)
    expect(fontOf(16, true)).toMatch(/^bold 16px .*sans-serif$/)
    calls.length = 0
    const L = productPosterLayout(product, measureOnCanvas)
    calls.length = 0
    drawOps(ctx, L.ops)
    const names = calls.map((c) => c[0])
    expect(names[0]).toBe('setFillStyle')
    const img = calls.find((c) => c[0] === 'drawImage')
    expect(img).toEqual(['drawImage', '/static/demo/p1.svg', 0, 0, 600, 600, 16, 16, 268, 268])
    expect(calls.filter((c) => c[0] === 'fillText').map((c) => c[1])).toContain('¥39.00')
    expect(calls.filter((c) => c[0] === 'fillRect').length).toBeGreaterThan(L.qr.rects.length)
  })
})

describe('poster messages', () => {
  it('exist in both languages', () => {
    for (const l of ['zh-CN', 'en']) {
      const p = messages[l].poster
      for (const k of ['share', 'invite', 'generating', 'failed', 'longPress', 'save', 'saved', 'sharer', 'scanHint', 'scanSub', 'inviteTitle', 'codeLabel', 'inviteScan']) expect(p[k]).toBeTruthy()
    }
  })
})
