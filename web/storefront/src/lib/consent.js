// The storefront asks for consent to the privacy policy (个人信息保护法) when the shopper has never
// consented or consented to an older version than the one the server names.
export function needsConsent(me) {
  if (!me) return false
  const current = me.privacy_policy_version
  if (!current) return false
  const given = me.privacy_consent && me.privacy_consent.version
  return !given || given !== current && compareVersions(given, current) < 0
}

/** Versions are strings like "2026-11" or "2026-11-2"; compare numerically part by part. */
export function compareVersions(a, b) {
  const pa = String(a).split(/[^0-9]+/).filter(Boolean).map(Number)
  const pb = String(b).split(/[^0-9]+/).filter(Boolean).map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0)
    if (d) return d < 0 ? -1 : 1
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}

/** Client-side checks that mirror the server's, so a typo is caught before the round trip. */
export function validateProfile({ nickname, phone, avatar_url }) {
  const errors = {}
  if (nickname !== undefined && (!String(nickname).trim() || String(nickname).length > 32)) errors.nickname = 'nickname'
  if (phone !== undefined && phone !== '' && !/^1\d{10}$/.test(String(phone))) errors.phone = 'phone'
  if (avatar_url !== undefined && avatar_url !== '' && !/^https?:\/\/|^\//.test(String(avatar_url))) errors.avatar_url = 'avatar_url'
  return errors
}
