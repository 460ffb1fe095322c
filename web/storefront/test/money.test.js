import { describe, it, expect } from 'vitest'
import { fenToYuan, formatMoney, priceRange, yuanToFen } from '../src/lib/money.js'

describe('money', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(fenToYuan(12900)).toBe('129.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(-50)).toBe('-0.50')
    expect(fenToYuan('7900')).toBe('79.00')
  })
  it('adds the yuan sign', () => {
    expect(formatMoney(12900)).toBe('¥129.00')
    expect(formatMoney(-1)).toBe('-¥0.01')
  })
  it('refuses floats and junk', () => {
    expect(() => fenToYuan(1.5)).toThrow(TypeError)
    expect(() => fenToYuan(undefined)).toThrow(TypeError)
    expect(() => fenToYuan('12.5')).toThrow(TypeError)
  })
  it('shows a price range over SKUs', () => {
    expect(priceRange([{ price: 7900 }, { price: 9900 }])).toBe('¥79.00 – ¥99.00')
    expect(priceRange([{ price: 7900 }, { price: 7900 }])).toBe('¥79.00')
    expect(priceRange([])).toBe('')
    expect(priceRange([{ distributor_price: null }, { distributor_price: 6900 }], 'distributor_price')).toBe('¥69.00')
  })
  it('parses typed yuan into fen without floating point', () => {
    expect(yuanToFen('129.5')).toBe(12950)
    expect(yuanToFen('0.07')).toBe(7)
    expect(yuanToFen('19.99')).toBe(1999)
    expect(yuanToFen('1.234')).toBe(null)
    expect(yuanToFen('abc')).toBe(null)
  })
})
