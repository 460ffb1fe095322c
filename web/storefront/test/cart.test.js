import { describe, it, expect } from 'vitest'
import { isLineBuyable, lineProblem, buyableSubtotal, itemCount, clampQuantity, checkoutItems } from '../src/lib/cart.js'

const line = (o) => ({ id: 1, sku_id: 11, unit_price: 7900, quantity: 2, stock: 10, available: true, ...o })

describe('cart maths', () => {
  it('adds up only the buyable lines, in integer fen', () => {
    const lines = [line(), line({ id: 2, sku_id: 12, unit_price: 1999, quantity: 3 }), line({ id: 3, available: false }), line({ id: 4, stock: 0 })]
    expect(buyableSubtotal(lines)).toBe(7900 * 2 + 1999 * 3)
    expect(buyableSubtotal([])).toBe(0)
    expect(buyableSubtotal(undefined)).toBe(0)
  })
  it('marks unavailable, sold-out and short-stock lines', () => {
    expect(lineProblem(line())).toBe(null)
    expect(lineProblem(line({ available: false }))).toBe('unavailable')
    expect(lineProblem(line({ stock: 0 }))).toBe('out_of_stock')
    expect(lineProblem(line({ quantity: 5, stock: 3 }))).toBe('short_stock')
    expect(isLineBuyable(line({ quantity: 5, stock: 3 }))).toBe(false)
    expect(isLineBuyable(line())).toBe(true)
  })
  it('clamps quantities to 1..min(stock, 99)', () => {
    expect(clampQuantity(0, 10)).toBe(1)
    expect(clampQuantity(-3, 10)).toBe(1)
    expect(clampQuantity(11, 10)).toBe(10)
    expect(clampQuantity(150, 500)).toBe(99)
    expect(clampQuantity('4', 10)).toBe(4)
    expect(clampQuantity('x', 10)).toBe(1)
    expect(clampQuantity(2.7, 10)).toBe(2)
    expect(clampQuantity(3, 0)).toBe(1)
  })
  it('builds checkout items and counts units', () => {
    const lines = [line(), line({ id: 3, sku_id: 13, available: false })]
    expect(checkoutItems(lines)).toEqual([{ sku_id: 11, quantity: 2 }])
    expect(itemCount(lines)).toBe(4)
  })
})
