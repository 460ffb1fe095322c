// Token, cached profile, chosen locale and a pending invite code, kept in uni storage.
// `uni` is referenced by name (not through globalThis) so uni's H5 build keeps the APIs used.
const TOKEN = 'fx_token'
const USER = 'fx_user'
const LOCALE = 'fx_locale'
const INVITE = 'fx_invite'

function read(key) {
  try {
    return uni.getStorageSync(key) || ''
  } catch {
    return ''
  }
}
function write(key, value) {
  try {
    if (value === '' || value == null) uni.removeStorageSync(key)
    else uni.setStorageSync(key, value)
  } catch {
    /* storage full or unavailable: the session just does not persist */
  }
}

export const getToken = () => read(TOKEN)
export const setToken = (t) => write(TOKEN, t)
export function getUser() {
  const raw = read(USER)
  if (!raw) return null
  try {
    return typeof raw === 'string' ? JSON.parse(raw) : raw
  } catch {
    return null
  }
}
export const setUser = (u) => write(USER, u ? JSON.stringify(u) : '')
export const getSavedLocale = () => read(LOCALE)
export const setSavedLocale = (l) => write(LOCALE, l)
export const getPendingInvite = () => read(INVITE)
export const setPendingInvite = (c) => write(INVITE, c)

export function clearSession() {
  write(TOKEN, '')
  write(USER, '')
}
export const isLoggedIn = () => !!getToken()

// The address picked on the address book in "choose" mode, read back by the checkout page.
const CHOSEN_ADDRESS = 'fx_checkout_address'
export const getChosenAddress = () => Number(read(CHOSEN_ADDRESS)) || null
export const setChosenAddress = (id) => write(CHOSEN_ADDRESS, id ? String(id) : '')
