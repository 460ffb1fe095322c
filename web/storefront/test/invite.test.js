import { describe, it, expect, vi } from 'vitest'
import { inviteFromQuery, inviteOutcome } from '../src/lib/invite.js'
import { loginWithInvite } from '../src/lib/login.js'
import { ApiError } from '../src/lib/problem.js'

describe('invite codes from page queries', () => {
  it('reads ?invite= and ?invite_code=', () => {
    expect(inviteFromQuery({ invite: '7R6X5CHH' })).toBe('7R6X5CHH')
    expect(inviteFromQuery({ invite_code: 'ABCD1234' })).toBe('ABCD1234')
  })
  it('reads a mini-program scene, bare or as invite=CODE, URL-encoded', () => {
    expect(inviteFromQuery({ scene: 'JHRCZ2WT' })).toBe('JHRCZ2WT')
    expect(inviteFromQuery({ scene: 'invite%3DJHRCZ2WT' })).toBe('JHRCZ2WT')
    expect(inviteFromQuery({ scene: encodeURIComponent('p=3&invite=KK5WWVTR') })).toBe('KK5WWVTR')
  })
  it('ignores junk', () => {
    expect(inviteFromQuery({})).toBe('')
    expect(inviteFromQuery(null)).toBe('')
    expect(inviteFromQuery({ invite: '<script>' })).toBe('')
  })
})

describe('invite outcome', () => {
  it('tells what happened', () => {
    expect(inviteOutcome('', { pending_invite_code: null })).toBe('none')
    expect(inviteOutcome('ABCD', { pending_invite_code: 'ABCD' })).toBe('recorded')
    expect(inviteOutcome('ABCD', { pending_invite_code: null, referrer_id: 7 })).toBe('unchanged')
    expect(inviteOutcome('ABCD', { pending_invite_code: null, referrer_id: null })).toBe('not_recorded')
    expect(inviteOutcome('ABCD', null, true)).toBe('invalid')
  })
  it('follows the login answer\'s binding when there is one', () => {
    expect(inviteOutcome('ABCD', { referrer_id: 1 }, false, { outcome: 'bound', referrer_id: 1 })).toBe('bound')
    expect(inviteOutcome('ABCD', { referrer_id: 1 }, false, { outcome: 'unchanged', referrer_id: 1 })).toBe('unchanged')
    expect(inviteOutcome('ABCD', { pending_invite_code: 'ABCD' }, false, { outcome: 'deferred' })).toBe('deferred')
    // refused because the inviter is not a distributor yet: the server keeps the code → "recorded"
    expect(inviteOutcome('ABCD', { pending_invite_code: 'ABCD' }, false, { outcome: 'refused', reason: 'not_distributor' })).toBe('recorded')
    expect(inviteOutcome('ABCD', { pending_invite_code: null }, false, { outcome: 'refused', reason: 'self' })).toBe('refused')
    expect(inviteOutcome('', {}, false, { outcome: 'bound' })).toBe('none')
  })
})

describe('loginWithInvite', () => {
  const user = (pending) => ({ token: 't', created: true, user: { pending_invite_code: pending } })

  it('sends the invite with the code', async () => {
    const login = vi.fn(async (code, invite) => user(invite))
    const r = await loginWithInvite({ login, getCode: async () => 'zed', invite: 'ABCD1234' })
    expect(login).toHaveBeenCalledWith('zed', 'ABCD1234')
    expect(r.outcome).toBe('recorded')
  })

  it('passes the binding outcome and reason on', async () => {
    const login = vi.fn(async () => ({ token: 't', created: false, user: { pending_invite_code: null }, binding: { outcome: 'refused', reason: 'self', referrer_id: null } }))
    const r = await loginWithInvite({ login, getCode: async () => 'alice', invite: 'ABCD1234' })
    expect(r).toMatchObject({ outcome: 'refused', reason: 'self', invite: 'ABCD1234' })
    const bound = vi.fn(async () => ({ token: 't', created: true, user: { referrer_id: 1 }, binding: { outcome: 'bound', reason: null, referrer_id: 1 } }))
    expect((await loginWithInvite({ login: bound, getCode: async () => 'x', invite: 'ABCD1234' })).outcome).toBe('bound')
  })

  it('logs in again without a malformed invite', async () => {
    const bad = new ApiError({ status: 422, code: 'validation_failed', errors: [{ field: 'invite_code', reason: 'invalid_format', message: 'x' }] })
    const login = vi.fn(async (code, invite) => {
      if (invite) throw bad
      return user(null)
    })
    let n = 0
    const r = await loginWithInvite({ login, getCode: async () => `code${++n}`, invite: 'NOPE' })
    expect(login).toHaveBeenCalledTimes(2)
    expect(login.mock.calls[1]).toEqual(['code2', undefined])
    expect(r.outcome).toBe('invalid')
  })

  it('passes other errors through', async () => {
    const login = vi.fn(async () => {
      throw new ApiError({ status: 429, code: 'rate_limited' })
    })
    await expect(loginWithInvite({ login, getCode: async () => 'a', invite: 'ABCD' })).rejects.toMatchObject({ code: 'rate_limited' })
  })
})
