// Product editor: form ↔ API body, SKU rows with specs, yuan text ↔ fen, client-side checks.
// Money is integer fen in the API; the form shows yuan strings ("79.00").

export function yuanToFen(text) {
  const m = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(String(text ?? ''))
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}
export function fenToYuanText(fen) {
  if (fen == null || !Number.isSafeInteger(fen)) return ''
  return `${Math.floor(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`
}

/** "颜色:白色; 尺码:M" ↔ {颜色: '白色', 尺码: 'M'} (also accepts ：，； and commas). */
export function parseSpecs(text) {
  const specs = {}
  for (const part of String(text || '').split(/[;；,，]/)) {
    const p = part.trim()
    if (!p) continue
    const m = /^([^:：]+)[:：](.+)$/.exec(p)
    if (!m) return null
    specs[m[1].trim()] = m[2].trim()
  }
  return specs
}
export const specsText = (specs) => Object.entries(specs || {}).map(([k, v]) => `${k}:${v}`).join('; ')

export function emptySku() {
  return { id: null, specsText: '', price: '', original_price: '', distributor_price: '', stock: '0', weight_g: '0', code: '' }
}

export function emptyProduct() {
  return { name: '', category_id: null, subtitle: '', description: '', imagesText: '', on_shelf: false, sort: 0, freight_template_id: null, skus: [emptySku()] }
}

/** ProductView → form. */
export function productToForm(p) {
  return {
    name: p.name,
    category_id: p.category_id,
    subtitle: p.subtitle || '',
    description: p.description_html || '',
    imagesText: (p.images || []).join('\n'),
    on_shelf: !!p.on_shelf,
    sort: p.sort || 0,
    freight_template_id: p.freight_template_id ?? null,
    skus: (p.skus || []).map((s) => ({
      id: s.id,
      specsText: specsText(s.specs),
      price: fenToYuanText(s.price),
      original_price: fenToYuanText(s.original_price),
      distributor_price: fenToYuanText(s.distributor_price),
      stock: String(s.stock),
      weight_g: String(s.weight_g ?? 0),
      code: s.code || '',
    })),
  }
}

/**
 * Form → {body} or {errors: {field: key}} where SKU fields are "skus.<i>.<field>".
 * Stock is sent only for new SKUs (existing stock moves through stock adjustments).
 */
export function formToBody(form) {
  const errors = {}
  const name = String(form.name || '').trim()
  if (!name || name.length > 100) errors.name = 'product.invalid.name'
  if (!form.category_id) errors.category_id = 'product.invalid.category'
  if (!form.skus || !form.skus.length) errors.skus = 'product.invalid.skus'
  const seen = new Set()
  const skus = (form.skus || []).map((s, i) => {
    const specs = parseSpecs(s.specsText)
    if (specs == null) errors[`skus.${i}.specs`] = 'product.invalid.specs'
    else {
      const key = JSON.stringify(Object.entries(specs).sort())
      if (seen.has(key)) errors[`skus.${i}.specs`] = 'product.invalid.duplicateSpecs'
      seen.add(key)
    }
    const price = yuanToFen(s.price)
    if (price == null || price <= 0) errors[`skus.${i}.price`] = 'product.invalid.price'
    const opt = (v, f) => {
      if (String(v ?? '').trim() === '') return null
      const fen = yuanToFen(v)
      if (fen == null) errors[`skus.${i}.${f}`] = 'product.invalid.price'
      return fen
    }
    const original = opt(s.original_price, 'original_price')
    const dist = opt(s.distributor_price, 'distributor_price')
    if (dist != null && price != null && dist > price) errors[`skus.${i}.distributor_price`] = 'product.invalid.distributorPrice'
    const weight = Number(String(s.weight_g ?? '0').trim() || 0)
    if (!Number.isSafeInteger(weight) || weight < 0) errors[`skus.${i}.weight_g`] = 'product.invalid.weight'
    const sku = { specs: specs || {}, price, original_price: original ?? price, distributor_price: dist, weight_g: weight, code: String(s.code || '').trim() }
    if (s.id) sku.id = s.id
    else {
      const stock = Number(String(s.stock ?? '0').trim() || 0)
      if (!Number.isSafeInteger(stock) || stock < 0) errors[`skus.${i}.stock`] = 'product.invalid.stock'
      sku.stock = stock
    }
    return sku
  })
  if (Object.keys(errors).length) return { errors }
  const images = String(form.imagesText || '').split(/\s*\n\s*/).map((x) => x.trim()).filter(Boolean)
  return {
    body: {
      name,
      category_id: form.category_id,
      subtitle: String(form.subtitle || '').trim(),
      description: form.description || '',
      images,
      on_shelf: !!form.on_shelf,
      sort: Number(form.sort) || 0,
      freight_template_id: form.freight_template_id || null,
      skus,
    },
  }
}

/** Stock adjustment: a non-zero integer delta that does not take stock below 0, and a reason. */
export function validateStockAdjustment({ delta, reason }, currentStock) {
  const errors = {}
  const d = Number(String(delta ?? '').trim())
  if (!Number.isSafeInteger(d) || d === 0) errors.delta = 'stock.invalid.delta'
  else if (currentStock != null && currentStock + d < 0) errors.delta = 'stock.invalid.negative'
  if (!String(reason || '').trim()) errors.reason = 'stock.invalid.reason'
  return errors
}

/** Category tree → flat options [{id, label, depth}] for selects ("服饰 / T恤"). */
export function flattenCategories(tree, parents = []) {
  const out = []
  for (const c of tree || []) {
    const path = [...parents, c.name]
    out.push({ id: c.id, label: path.join(' / '), depth: parents.length, parent_path: parents.join(' / ') })
    out.push(...flattenCategories(c.children, path))
  }
  return out
}
