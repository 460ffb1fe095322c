// Builds the PATCH /me body from the edit form: only fields that changed. The phone is shown masked
// (138****5678) and never pre-filled, so an empty phone field means "leave it"; removing the phone is
// an explicit action (`removePhone`).
export function profilePatch(me, form, { removePhone = false } = {}) {
  const patch = {}
  const nickname = String(form.nickname ?? '').trim()
  if (me && nickname !== me.nickname) patch.nickname = nickname
  const avatar = String(form.avatar_url ?? '').trim()
  if (me && avatar !== (me.avatar_url || '')) patch.avatar_url = avatar
  const phone = String(form.phone ?? '').replace(/\s+/g, '')
  if (removePhone) patch.phone = ''
  else if (phone) patch.phone = phone
  return patch
}
