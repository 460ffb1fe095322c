import { describe, it, expect } from 'vitest'
import { pointsCap, clampPoints, pointsToSend, pointsMoney, pointsKindKey, signedPoints, daysToBonus, checkInMessage, POINTS_KINDS } from '../src/lib/points.js'
import { messages } from '../src/lib/messages.js'

const get = (l, k) => k.split('.').reduce((o, p) => (o ? o[p] : undefined), messages[l])

describe('points at checkout', () => {
  const info = { balance: 800, max_usable: 3900, used: 0 }
  it('caps at max_usable and the balance', () => {
    expect(pointsCap(info)).toBe(800)
    expect(pointsCap({ balance: 5000, max_usable: 3900 })).toBe(3900)
    expect(pointsCap({ balance: -20, max_usable: 100 })).toBe(0)
    expect(pointsCap(null)).toBe(0)
  })
  it('clamps what the shopper types', () => {
    expect(clampPoints('', info)).toBe(800)
    expect(clampPoints(null, info)).toBe(800)
    expect(clampPoints('300', info)).toBe(300)
    expect(clampPoints('300.7', info)).toBe(300)
    expect(clampPoints('9999', info)).toBe(800)
    expect(clampPoints('-5', info)).toBe(0)
    expect(clampPoints('abc', info)).toBe(0)
  })
  it('sends nothing when switched off', () => {
    expect(pointsToSend({ use: false, amount: '300' }, info)).toBe(0)
    expect(pointsToSend({ use: true, amount: null }, info)).toBe(800)
    expect(pointsToSend({ use: true, amount: '120' }, info)).toBe(120)
    expect(pointsToSend({ use: true }, null)).toBe(0)
  })
  it('shows points as money, 1 point = 1 fen', () => {
    expect(pointsMoney(500)).toBe('¥5.00')
    expect(pointsMoney(-3)).toBe('¥0.00')
  })
})

describe('points page', () => {
  it('labels entries and signs deltas', () => {
    expect(pointsKindKey('check_in')).toBe('points.kind.check_in')
    expect(pointsKindKey('mystery')).toBe('points.kind.other')
    for (const l of ['zh-CN', 'en']) for (const k of [...POINTS_KINDS, 'other']) expect(get(l, `points.kind.${k}`), `${l} ${k}`).toBeTruthy()
    expect(signedPoints(10)).toBe('+10')
    expect(signedPoints(-500)).toBe('-500')
    expect(signedPoints(0)).toBe('0')
  })
  it('counts days to the 7th-day bonus and words the check-in', () => {
    expect(daysToBonus(0)).toBe(7)
    expect(daysToBonus(6)).toBe(1)
    expect(daysToBonus(7)).toBe(7)
    expect(daysToBonus(9)).toBe(5)
    expect(checkInMessage({ points: 30, streak: 7, balance: 130 })).toEqual({ key: 'points.checkedIn', params: { points: 30, streak: 7 } })
  })
})
