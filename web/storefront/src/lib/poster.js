// Share posters (分享海报), drawn on a uni canvas (the same legacy CanvasContext API on H5 and in the
// mini-programs): a product poster — picture, name, price, the sharer and a QR code of the product
// page with the distributor's invite code — and an invite poster for the distributor centre.
//
// Everything here is plain maths and unit-tested: the page measures text through the canvas (`measure`),
// asks for a layout, which is a list of drawing operations in canvas pixels, and `drawOps` replays them on
// the context. The QR code is encoded here (qrcode-terminal's bundled encoder, pinned in package.json at
// the version @dcloudio/uni-mp-weixin already installs: no new download), so the code carries the exact
// product link and needs no network image (the server's /me/invite-qr.png only encodes the home link).
import QRCode from 'qrcode-terminal/vendor/QRCode/index.js'
import QRErrorCorrectLevel from 'qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel.js'

export const POSTER_WIDTH = 300
export const FONT = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
const PAD = 16
const QR_BOX = 112
const COLORS = { bg: '#ffffff', text: '#222222', muted: '#888888', price: '#e4393c', line: '#eeeeee', placeholder: '#f2f2f2', brand: '#e4393c' }

// ---- QR code -------------------------------------------------------------------------------------

/** The QR modules of `text` (byte mode, error correction M): {count, dark: boolean[][]}. */
export function qrMatrix(text, level = 'M') {
  const qr = new QRCode(-1, QRErrorCorrectLevel[level])
  qr.addData(String(text))
  qr.make()
  const count = qr.getModuleCount()
  const dark = Array.from({ length: count }, (_, r) => Array.from({ length: count }, (_, c) => qr.isDark(r, c)))
  return { count, dark }
}

/**
 * The QR code as rectangles inside a `box`-pixel square at (x, y): whole-pixel modules (crisp when
 * scanned from a screenshot), centred, on a white square; dark modules of a row merged into runs.
 * Returns {module, size, rects: [{x, y, w, h}], x, y} (x, y: where the code starts).
 */
export function qrRects(matrix, x, y, box) {
  const module = Math.max(1, Math.floor(box / matrix.count))
  const size = module * matrix.count
  const ox = x + Math.floor((box - size) / 2)
  const oy = y + Math.floor((box - size) / 2)
  const rects = []
  matrix.dark.forEach((row, r) => {
    let c = 0
    while (c < matrix.count) {
      if (!row[c]) {
        c++
        continue
      }
      const start = c
      while (c < matrix.count && row[c]) c++
      rects.push({ x: ox + start * module, y: oy + r * module, w: (c - start) * module, h: module })
    }
  })
  return { module, size, rects, x: ox, y: oy }
}

// ---- text ----------------------------------------------------------------------------------------

/** Breakable pieces: a latin word with its trailing spaces, or one other character (CJK breaks anywhere). */
function tokens(text) {
  return String(text || '').match(/[A-Za-z0-9\u00C0-\u024F'’.,:;!?%¥$&@#+\-_/()]+\s*|\s+|[^\s]/g) || []
}

/**
 * Greedy line breaking of `text` to `maxWidth` with `measure(str) → px`. At most `maxLines` lines; when
 * the text does not fit, the last line ends in "…". Words longer than a line are broken by character.
 */
export function wrapText(text, maxWidth, measure, maxLines = Infinity) {
  const lines = []
  let line = ''
  const push = (l) => lines.push(l.replace(/\s+$/, ''))
  for (const tok of tokens(text)) {
    if (!line && /^\s+$/.test(tok)) continue
    if (measure((line + tok).replace(/\s+$/, '')) <= maxWidth) {
      line += tok
      continue
    }
    if (line.trim()) push(line)
    line = ''
    if (/^\s+$/.test(tok)) continue
    if (measure(tok.replace(/\s+$/, '')) <= maxWidth) {
      line = tok
      continue
    }
    for (const ch of tok) {
      if (measure(line + ch) > maxWidth && line) {
        push(line)
        line = ''
      }
      line += ch
    }
  }
  if (line.trim()) push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  kept[maxLines - 1] = withEllipsis(kept[maxLines - 1], maxWidth, measure)
  return kept
}

/** `text` + "…", cut so that it fits `maxWidth`. */
function withEllipsis(text, maxWidth, measure) {
  const chars = [...String(text)]
  while (chars.length && measure(`${chars.join('').replace(/\s+$/, '')}…`) > maxWidth) chars.pop()
  return `${chars.join('').replace(/\s+$/, '')}…`
}

/** `text` as is when it fits `maxWidth`, else cut and ended with "…". */
export function ellipsize(text, maxWidth, measure) {
  const s = String(text ?? '')
  return measure(s) <= maxWidth ? s : withEllipsis(s, maxWidth, measure)
}

/** `measure(text, size, bold)` bound to one font: what wrapText wants. */
const at = (measure, size, bold = false) => (s) => measure(s, size, bold)

// ---- images --------------------------------------------------------------------------------------

/** The source rectangle that fills a `bw`×`bh` box from an `iw`×`ih` image without distortion (CSS cover). */
export function coverCrop(iw, ih, bw, bh) {
  if (!(iw > 0 && ih > 0 && bw > 0 && bh > 0)) return null
  const scale = Math.max(bw / iw, bh / ih)
  const sw = bw / scale
  const sh = bh / scale
  return { sx: (iw - sw) / 2, sy: (ih - sh) / 2, sw, sh }
}

// ---- layouts -------------------------------------------------------------------------------------

const text = (t, x, y, size, color, { bold = false, align = 'left', id } = {}) => ({ op: 'text', text: t, x, y, size, color, bold, align, ...(id ? { id } : {}) })

/**
 * The product poster. `p`: {name, price, originalPrice?, image?: {path, width, height}, sharer?, tagline?,
 * link, scanHint, scanSub, shopName} (texts already translated and formatted). `measure(text, size, bold)`.
 * Returns {width, height, ops, qr} — ops in drawing order, y of texts is their top (baseline 'top').
 */
export function productPosterLayout(p, measure, width = POSTER_WIDTH) {
  const inner = width - PAD * 2
  const ops = [{ op: 'rect', x: 0, y: 0, w: width, h: 0, color: COLORS.bg, id: 'background' }]
  let y = PAD
  // picture: a square filling the inner width
  const crop = p.image ? coverCrop(p.image.width, p.image.height, inner, inner) : null
  ops.push({ op: 'rect', x: PAD, y, w: inner, h: inner, color: COLORS.placeholder, id: 'image-placeholder' })
  if (p.image && p.image.path && crop) ops.push({ op: 'image', path: p.image.path, x: PAD, y, w: inner, h: inner, crop, id: 'image' })
  y += inner + 14
  // name: up to two lines
  const nameLines = wrapText(p.name, inner, at(measure, 16, true), 2)
  nameLines.forEach((l, i) => ops.push(text(l, PAD, y + i * 22, 16, COLORS.text, { bold: true, id: `name-${i}` })))
  y += nameLines.length * 22 + 6
  // price, with the list price struck through beside it
  ops.push(text(p.price, PAD, y, 24, COLORS.price, { bold: true, id: 'price' }))
  if (p.originalPrice) {
    const ox = PAD + measure(p.price, 24, true) + 8
    const ow = measure(p.originalPrice, 13)
    if (ox + ow <= width - PAD) {
      ops.push(text(p.originalPrice, ox, y + 9, 13, COLORS.muted, { id: 'original-price' }))
      ops.push({ op: 'rect', x: ox, y: y + 16, w: ow, h: 1, color: COLORS.muted, id: 'strike' })
    }
  }
  y += 32
  // the distributor's lines: who shares, and a "share and earn" line when the page shows one
  for (const [key, line] of [['sharer', p.sharer], ['tagline', p.tagline]]) {
    if (!line) continue
    ops.push(text(ellipsize(line, inner, at(measure, 13)), PAD, y, 13, key === 'tagline' ? COLORS.brand : COLORS.muted, { id: key }))
    y += 20
  }
  y += 6
  ops.push({ op: 'rect', x: PAD, y, w: inner, h: 1, color: COLORS.line, id: 'divider' })
  y += 12
  // bottom: the hint on the left, the QR code on the right
  const qrX = width - PAD - QR_BOX
  const hintW = qrX - PAD - 10
  const hints = [
    ...wrapText(p.scanHint, hintW, at(measure, 14, true), 2).map((l) => [l, 14, true, COLORS.text]),
    ...wrapText(p.scanSub, hintW, at(measure, 12), 2).map((l) => [l, 12, false, COLORS.muted]),
  ]
  let hy = y + 16
  hints.forEach(([l, size, bold, color], i) => {
    ops.push(text(l, PAD, hy, size, color, { bold, id: `hint-${i}` }))
    hy += size + 8
  })
  if (p.shopName) ops.push(text(ellipsize(p.shopName, hintW, at(measure, 12, true)), PAD, y + QR_BOX - 20, 12, COLORS.brand, { bold: true, id: 'shop' }))
  const qr = qrRects(qrMatrix(p.link), qrX, y, QR_BOX)
  ops.push({ op: 'rect', x: qrX, y, w: QR_BOX, h: QR_BOX, color: '#ffffff', id: 'qr-background' })
  ops.push({ op: 'rects', rects: qr.rects, color: '#000000', id: 'qr' })
  y += QR_BOX + PAD
  ops[0].h = y
  return { width, height: y, ops, qr }
}

/**
 * The distributor's invite poster. `p`: {title, subtitle, codeLabel, code, link, scanHint, shopName}.
 * A red band with the shop and who invites, then the code and a large QR code on white.
 */
export function invitePosterLayout(p, measure, width = POSTER_WIDTH) {
  const inner = width - PAD * 2
  const ops = [{ op: 'rect', x: 0, y: 0, w: width, h: 0, color: COLORS.bg, id: 'background' }]
  const band = { op: 'rect', x: 0, y: 0, w: width, h: 0, color: COLORS.brand, id: 'band' }
  ops.push(band)
  let y = 28
  ops.push(text(ellipsize(p.shopName, inner, at(measure, 22, true)), width / 2, y, 22, '#ffffff', { bold: true, align: 'center', id: 'shop' }))
  y += 34
  const titleLines = wrapText(p.title, inner, at(measure, 15), 2)
  titleLines.forEach((l, i) => ops.push(text(l, width / 2, y + i * 22, 15, '#ffffff', { align: 'center', id: `title-${i}` })))
  y += titleLines.length * 22 + 20
  band.h = y
  y += 20
  ops.push(text(p.codeLabel, width / 2, y, 13, COLORS.muted, { align: 'center', id: 'code-label' }))
  y += 20
  ops.push(text(p.code, width / 2, y, 26, COLORS.text, { bold: true, align: 'center', id: 'code' }))
  y += 42
  const box = 168
  const qrX = Math.round((width - box) / 2)
  const qr = qrRects(qrMatrix(p.link), qrX, y, box)
  ops.push({ op: 'rects', rects: qr.rects, color: '#000000', id: 'qr' })
  y += box + 12
  const hint = wrapText(p.scanHint, inner, at(measure, 13), 2)
  hint.forEach((l, i) => ops.push(text(l, width / 2, y + i * 20, 13, COLORS.muted, { align: 'center', id: `hint-${i}` })))
  y += hint.length * 20 + PAD + 8
  ops[0].h = y
  return { width, height: y, ops, qr }
}

// ---- drawing -------------------------------------------------------------------------------------

export const fontOf = (size, bold) => `${bold ? 'bold ' : ''}${size}px ${FONT}`

/** A `measure(text, size, bold)` on a uni CanvasContext (its measureText follows the font set last). */
export function canvasMeasure(ctx) {
  return (s, size, bold = false) => {
    ctx.font = fontOf(size, bold)
    const m = ctx.measureText(String(s))
    return (m && m.width) || 0
  }
}

/** Replays a layout's operations on a uni CanvasContext; the caller then calls ctx.draw(false, done). */
export function drawOps(ctx, ops) {
  for (const o of ops) {
    if (o.op === 'rect') {
      ctx.setFillStyle(o.color)
      ctx.fillRect(o.x, o.y, o.w, o.h)
    } else if (o.op === 'rects') {
      ctx.setFillStyle(o.color)
      for (const r of o.rects) ctx.fillRect(r.x, r.y, r.w, r.h)
    } else if (o.op === 'image') {
      const c = o.crop
      // WeChat's (and uni's) order: source rectangle, then destination.
      ctx.drawImage(o.path, c.sx, c.sy, c.sw, c.sh, o.x, o.y, o.w, o.h)
    } else if (o.op === 'text') {
      ctx.font = fontOf(o.size, o.bold)
      ctx.setFillStyle(o.color)
      ctx.setTextAlign(o.align || 'left')
      ctx.setTextBaseline('top')
      ctx.fillText(o.text, o.x, o.y)
    }
  }
}
