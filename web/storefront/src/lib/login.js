// The login flow, apart from the page: get a code, send it with the invite, and work out what to tell
// the shopper. `getCode` is uni.login on mini-programs and the typed sandbox code on H5.
import { inviteOutcome } from './invite.js'

/**
 * loginWithInvite({ login, getCode, invite }) → { session, outcome, reason, invite }
 * (`reason`: why a refused binding was refused, from the login answer's `binding`)
 * If the server rejects the invite code as malformed (validation_failed on invite_code), logs in
 * again without it so a bad share link never blocks the shopper.
 */
export async function loginWithInvite({ login, getCode, invite }) {
  const code = await getCode()
  try {
    const session = await login(code, invite || undefined)
    const binding = session.binding || null
    return { session, outcome: inviteOutcome(invite, session.user, false, binding), reason: (binding && binding.reason) || '', invite }
  } catch (e) {
    const badInvite = invite && e && e.code === 'validation_failed' && e.fieldError && e.fieldError('invite_code')
    if (!badInvite) throw e
    const session = await login(await getCode(), undefined)
    return { session, outcome: inviteOutcome(invite, session.user, true), reason: '', invite }
  }
}
