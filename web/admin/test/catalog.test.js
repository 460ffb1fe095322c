import { describe, it, expect } from 'vitest'
import { yuanToFen, fenToYuanText, parseSpecs, specsText, productToForm, formToBody, emptyProduct, emptySku, validateStockAdjustment, flattenCategories } from '../src/lib/catalog.js'

const view = {
  id: 1, category_id: 2, name: 'T恤', subtitle: '棉', description_html: '<p>x</p>', images: ['/a.svg', '/b.svg'], on_shelf: true, sort: 3, freight_template_id: null,
  skus: [{ id: 11, specs: { 颜色: '白色', 尺码: 'M' }, price: 7900, original_price: 12900, distributor_price: 6900, stock: 120, weight_g: 220, code: 'FX1', active: true }],
}

describe('money in the editor', () => {
  it('converts yuan text and fen exactly', () => {
    expect(yuanToFen('79')).toBe(7900)
    expect(yuanToFen('79.9')).toBe(7990)
    expect(yuanToFen('0.01')).toBe(1)
    expect(yuanToFen('1.234')).toBe(null)
    expect(yuanToFen('-1')).toBe(null)
    expect(fenToYuanText(7990)).toBe('79.90')
    expect(fenToYuanText(null)).toBe('')
  })
})

describe('specs', () => {
  it('parses and prints name:value pairs', () => {
    expect(parseSpecs('颜色:白色; 尺码：M')).toEqual({ 颜色: '白色', 尺码: 'M' })
    expect(parseSpecs('')).toEqual({})
    expect(parseSpecs('白色')).toBe(null)
    expect(specsText({ 颜色: '白色', 尺码: 'M' })).toBe('颜色:白色; 尺码:M')
  })
})

describe('product form', () => {
  it('round-trips a product, leaving stock out for existing SKUs', () => {
    const form = productToForm(view)
    expect(form.skus[0]).toMatchObject({ id: 11, price: '79.00', distributor_price: '69.00', stock: '120' })
    const { body, errors } = formToBody(form)
    expect(errors).toBeUndefined()
    expect(body).toEqual({
      name: 'T恤', category_id: 2, subtitle: '棉', description: '<p>x</p>', images: ['/a.svg', '/b.svg'], on_shelf: true, sort: 3, freight_template_id: null,
      skus: [{ id: 11, specs: { 颜色: '白色', 尺码: 'M' }, price: 7900, original_price: 12900, distributor_price: 6900, weight_g: 220, code: 'FX1' }],
    })
  })
  it('sends stock for new SKUs and defaults the list price', () => {
    const form = { ...emptyProduct(), name: '新品', category_id: 3, skus: [{ ...emptySku(), specsText: '口味:原味', price: '39.9', stock: '50' }] }
    const { body } = formToBody(form)
    expect(body.skus).toEqual([{ specs: { 口味: '原味' }, price: 3990, original_price: 3990, distributor_price: null, weight_g: 0, code: '', stock: 50 }])
  })
  it('reports bad fields with message keys', () => {
    const form = { ...emptyProduct(), skus: [{ ...emptySku(), specsText: 'a:1', price: 'abc', distributor_price: '5' }, { ...emptySku(), specsText: 'a:1', price: '1', stock: '-2' }] }
    expect(formToBody(form).errors).toEqual({
      name: 'product.invalid.name', category_id: 'product.invalid.category', 'skus.0.price': 'product.invalid.price',
      'skus.1.specs': 'product.invalid.duplicateSpecs', 'skus.1.stock': 'product.invalid.stock',
    })
    const f2 = { ...emptyProduct(), name: 'x', category_id: 1, skus: [{ ...emptySku(), price: '10', distributor_price: '12' }] }
    expect(formToBody(f2).errors).toEqual({ 'skus.0.distributor_price': 'product.invalid.distributorPrice' })
    expect(formToBody({ ...emptyProduct(), name: 'x', category_id: 1, skus: [] }).errors).toEqual({ skus: 'product.invalid.skus' })
  })
})

describe('stock adjustments and categories', () => {
  it('needs a non-zero delta that keeps stock ≥ 0 and a reason', () => {
    expect(validateStockAdjustment({ delta: '5', reason: '盘点' }, 10)).toEqual({})
    expect(validateStockAdjustment({ delta: '-11', reason: '盘点' }, 10)).toEqual({ delta: 'stock.invalid.negative' })
    expect(validateStockAdjustment({ delta: '0', reason: '' }, 10)).toEqual({ delta: 'stock.invalid.delta', reason: 'stock.invalid.reason' })
    expect(validateStockAdjustment({ delta: '1.5', reason: 'x' }, 10)).toEqual({ delta: 'stock.invalid.delta' })
  })
  it('flattens the tree for selects', () => {
    const tree = [{ id: 1, name: '服饰', children: [{ id: 2, name: 'T恤', children: [] }] }, { id: 4, name: '美妆', children: [] }]
    expect(flattenCategories(tree).map((c) => [c.id, c.label, c.depth])).toEqual([[1, '服饰', 0], [2, '服饰 / T恤', 1], [4, '美妆', 0]])
  })
})
