// Invite codes come in through share links (`?invite=CODE`) and mini-program codes (`?scene=...`,
// which WeChat URL-encodes; the scene is either the bare code or `invite=CODE`).

const CODE = /^[A-Za-z0-9]{4,32}$/

export function inviteFromQuery(query) {
  if (!query) return ''
  const direct = query.invite || query.invite_code
  if (direct && CODE.test(String(direct).trim())) return String(direct).trim()
  if (query.scene) {
    let scene = String(query.scene)
    try {
      scene = decodeURIComponent(scene)
    } catch {
      /* keep raw */
    }
    const m = /(?:^|[&?])(?:invite|i)=([^&]+)/.exec(scene)
    const code = (m ? m[1] : scene).trim()
    if (CODE.test(code)) return code
  }
  return ''
}

/**
 * What happened to the invite on login, for the message shown to the shopper. The login answer's
 * `binding: {outcome, reason, referrer_id}` decides when the server sends it:
 * 'none' (no invite sent), 'bound' (bound to the inviter now), 'unchanged' (already has a referrer),
 * 'deferred' (binds when the first order is paid), 'recorded' (refused for now but kept as
 * pending_invite_code — e.g. the inviter is not a distributor yet), 'refused' (not kept; see the reason),
 * 'invalid' (rejected as malformed). Without `binding` (older servers) it reads the user:
 * pending_invite_code → 'recorded', a referrer → 'unchanged', else 'not_recorded'.
 */
export function inviteOutcome(sentCode, user, rejected = false, binding = null) {
  if (rejected) return 'invalid'
  if (!sentCode) return 'none'
  if (binding && binding.outcome) {
    if (['bound', 'unchanged', 'deferred'].includes(binding.outcome)) return binding.outcome
    if (user && user.pending_invite_code) return 'recorded'
    return 'refused'
  }
  if (user && user.pending_invite_code) return 'recorded'
  if (user && user.referrer_id) return 'unchanged'
  return 'not_recorded'
}
