// SKU selection by specs. A product's SKUs carry `specs: {name: value}`; the picker shows one row per
// spec name with its values, and a value is selectable only if some in-stock SKU matches it together
// with the values already chosen in the other rows.

/** [{name, values:[...]}] in first-seen order. */
export function specDimensions(skus) {
  const dims = []
  const index = new Map()
  for (const sku of skus || []) {
    for (const [name, value] of Object.entries(sku.specs || {})) {
      if (!index.has(name)) {
        index.set(name, dims.length)
        dims.push({ name, values: [] })
      }
      const dim = dims[index.get(name)]
      if (!dim.values.includes(value)) dim.values.push(value)
    }
  }
  return dims
}

function matches(sku, selection, ignore) {
  for (const [name, value] of Object.entries(selection)) {
    if (name === ignore || value == null) continue
    if ((sku.specs || {})[name] !== value) return false
  }
  return true
}

/** Whether choosing `value` for `name` (keeping the other chosen values) leads to an SKU in stock. */
export function isValueAvailable(skus, selection, name, value) {
  return (skus || []).some((sku) => sku.stock > 0 && (sku.specs || {})[name] === value && matches(sku, selection, name))
}

/** The SKU that the selection picks out completely, or null. */
export function findSku(skus, selection) {
  const dims = specDimensions(skus)
  if (dims.some((d) => selection[d.name] == null)) return null
  return (skus || []).find((sku) => dims.every((d) => (sku.specs || {})[d.name] === selection[d.name])) || null
}

/**
 * Clicking a value: selects it, or clears it when it was selected. Values in other rows that no longer
 * fit are cleared, so the selection never points at a combination that does not exist.
 */
export function toggleValue(skus, selection, name, value) {
  const next = { ...selection }
  if (next[name] === value) {
    delete next[name]
    return next
  }
  next[name] = value
  for (const other of Object.keys(next)) {
    if (other === name) continue
    const fits = (skus || []).some((sku) => (sku.specs || {})[name] === value && (sku.specs || {})[other] === next[other])
    if (!fits) delete next[other]
  }
  return next
}

/** Initial selection: when exactly one SKU is in stock (or there is only one), choose it. */
export function initialSelection(skus) {
  const inStock = (skus || []).filter((s) => s.stock > 0)
  const only = (skus || []).length === 1 ? skus[0] : inStock.length === 1 ? inStock[0] : null
  return only ? { ...(only.specs || {}) } : {}
}

/** "颜色：白色；尺码：M" style label of an SKU's specs. */
export function specLabel(specs, sep = ' / ') {
  return Object.values(specs || {}).join(sep)
}
