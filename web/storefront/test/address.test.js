import { describe, it, expect } from 'vitest'
import { validateAddress, addressBody, addressLine, pickAddress, emptyAddress, isMaskedPhone } from '../src/lib/address.js'

const good = { name: '张三', phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号', is_default: true }

describe('address book', () => {
  it('accepts a complete address', () => {
    expect(validateAddress(good)).toEqual({})
  })
  it('names every bad field with a message key', () => {
    const errs = validateAddress({ ...emptyAddress(), phone: '12345' })
    expect(errs).toEqual({
      name: 'address.invalid.name', phone: 'address.invalid.phone', province: 'address.invalid.province',
      city: 'address.invalid.city', district: 'address.invalid.district', detail: 'address.invalid.detail',
    })
    expect(validateAddress({ ...good, name: 'x'.repeat(21) }).name).toBe('address.invalid.name')
    expect(validateAddress({ ...good, detail: '   ' }).detail).toBe('address.invalid.detail')
    expect(validateAddress({ ...good, phone: '23800138000' }).phone).toBe('address.invalid.phone')
  })
  it('lets an untouched masked phone through on edit, and does not send it', () => {
    const masked = { ...good, phone: '138****8000' }
    expect(isMaskedPhone(masked.phone)).toBe(true)
    expect(validateAddress(masked).phone).toBe('address.invalid.phone')
    expect(validateAddress(masked, { editing: true })).toEqual({})
    expect(addressBody(masked, { editing: true }).phone).toBeUndefined()
    expect(addressBody({ ...good, name: ' 张三 ' })).toEqual({ ...good })
  })
  it('formats and picks addresses', () => {
    expect(addressLine(good)).toBe('浙江省 杭州市 西湖区 文三路 1 号')
    expect(addressLine(null)).toBe('')
    const list = [{ id: 1, is_default: false }, { id: 2, is_default: true }, { id: 3, is_default: false }]
    expect(pickAddress(list).id).toBe(2)
    expect(pickAddress(list, 3).id).toBe(3)
    expect(pickAddress(list, 99).id).toBe(2)
    expect(pickAddress([{ id: 5, is_default: false }]).id).toBe(5)
    expect(pickAddress([])).toBe(null)
  })
})
