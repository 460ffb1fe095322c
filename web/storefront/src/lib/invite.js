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
 * What happened to the invite on login, for the message shown to the shopper:
 * 'none' (no invite sent), 'recorded' (server kept it as pending_invite_code),
 * 'bound' (the shopper already has a referrer), 'not_recorded' (sent, but not kept: e.g. an
 * existing account, the shopper's own code, or an unknown code), 'invalid' (rejected as malformed).
 */
export function inviteOutcome(sentCode, user, rejected = false) {
  if (rejected) return 'invalid'
  if (!sentCode) return 'none'
  if (user && user.pending_invite_code) return 'recorded'
  if (user && user.referrer_id) return 'bound'
  return 'not_recorded'
}
