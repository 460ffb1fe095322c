import { describe, it, expect } from 'vitest'
import { specDimensions, isValueAvailable, findSku, toggleValue, initialSelection, specLabel } from '../src/lib/sku.js'

// Shaped like demo product 1 (two dimensions, full grid) and product 3 (sparse grid).
const tshirt = [
  { id: 1, specs: { 尺码: 'M', 颜色: '白色' }, price: 7900, stock: 120 },
  { id: 2, specs: { 尺码: 'L', 颜色: '白色' }, price: 7900, stock: 80 },
  { id: 3, specs: { 尺码: 'M', 颜色: '黑色' }, price: 7900, stock: 60 },
  { id: 4, specs: { 尺码: 'L', 颜色: '黑色' }, price: 8900, stock: 0 },
]
const jacket = [
  { id: 5, specs: { 尺码: 'L', 颜色: '藏青' }, price: 39900, stock: 30 },
  { id: 6, specs: { 尺码: 'M', 颜色: '米白' }, price: 39900, stock: 25 },
]

describe('sku selection', () => {
  it('lists dimensions and values in first-seen order', () => {
    expect(specDimensions(tshirt)).toEqual([
      { name: '尺码', values: ['M', 'L'] },
      { name: '颜色', values: ['白色', '黑色'] },
    ])
    expect(specDimensions([])).toEqual([])
  })

  it('finds the SKU only once every dimension is chosen', () => {
    expect(findSku(tshirt, { 尺码: 'M' })).toBe(null)
    expect(findSku(tshirt, { 尺码: 'M', 颜色: '黑色' }).id).toBe(3)
  })

  it('marks values that lead only to sold-out or missing SKUs as unavailable', () => {
    expect(isValueAvailable(tshirt, { 尺码: 'L' }, '颜色', '黑色')).toBe(false)
    expect(isValueAvailable(tshirt, { 尺码: 'L' }, '颜色', '白色')).toBe(true)
    expect(isValueAvailable(jacket, { 尺码: 'L' }, '颜色', '米白')).toBe(false)
    // The dimension being chosen does not restrict itself.
    expect(isValueAvailable(jacket, { 尺码: 'L' }, '尺码', 'M')).toBe(true)
  })

  it('toggles values and drops choices that no longer fit', () => {
    let sel = toggleValue(jacket, {}, '尺码', 'L')
    sel = toggleValue(jacket, sel, '颜色', '藏青')
    expect(findSku(jacket, sel).id).toBe(5)
    sel = toggleValue(jacket, sel, '尺码', 'M')
    expect(sel).toEqual({ 尺码: 'M' })
    sel = toggleValue(jacket, sel, '尺码', 'M')
    expect(sel).toEqual({})
  })

  it('preselects a single SKU', () => {
    expect(initialSelection([{ id: 9, specs: { 规格: '10片装' }, stock: 5 }])).toEqual({ 规格: '10片装' })
    expect(initialSelection(tshirt)).toEqual({})
    expect(initialSelection([{ id: 1, specs: { a: 'x' }, stock: 0 }, { id: 2, specs: { a: 'y' }, stock: 3 }])).toEqual({ a: 'y' })
  })

  it('labels specs', () => {
    expect(specLabel({ 尺码: 'M', 颜色: '白色' })).toBe('M / 白色')
  })
})
