// Cart maths. The server owns prices and stock; these helpers only decide what the page shows and
// which lines go to checkout. Money stays integer fen.

export const MAX_QUANTITY = 99

/** Lines that can be bought now: available (on shelf) and with enough stock. */
export function isLineBuyable(line) {
  return !!line && line.available !== false && line.stock > 0 && line.quantity <= line.stock
}

/** Why a line cannot be bought: 'unavailable' | 'out_of_stock' | 'short_stock' | null. */
export function lineProblem(line) {
  if (!line) return null
  if (line.available === false) return 'unavailable'
  if (!(line.stock > 0)) return 'out_of_stock'
  if (line.quantity > line.stock) return 'short_stock'
  return null
}

export const lineAmount = (line) => line.unit_price * line.quantity

/** Sum of the buyable lines (what checkout would charge for goods before freight). */
export function buyableSubtotal(lines) {
  return (lines || []).filter(isLineBuyable).reduce((sum, l) => sum + lineAmount(l), 0)
}

export function itemCount(lines) {
  return (lines || []).reduce((n, l) => n + l.quantity, 0)
}

/** Quantity after a +/- step or typed value: an integer between 1 and min(stock, 99). */
export function clampQuantity(value, stock = MAX_QUANTITY) {
  const n = Math.floor(Number(value))
  const hi = Math.max(1, Math.min(MAX_QUANTITY, stock > 0 ? stock : 1))
  if (!Number.isFinite(n) || n < 1) return 1
  return Math.min(n, hi)
}

/** [{sku_id, quantity}] for checkout from the buyable lines. */
export function checkoutItems(lines) {
  return (lines || []).filter(isLineBuyable).map((l) => ({ sku_id: l.sku_id, quantity: l.quantity }))
}
