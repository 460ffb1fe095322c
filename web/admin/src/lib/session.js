import { reactive } from 'vue'

const TOKEN = 'fx_admin_token'
const ADMIN = 'fx_admin'

function load(key) {
  try {
    return localStorage.getItem(key) || ''
  } catch {
    return ''
  }
}

export const session = reactive({
  token: load(TOKEN),
  admin: (() => {
    try {
      return JSON.parse(load(ADMIN) || 'null')
    } catch {
      return null
    }
  })(),
})

export function signIn(token, admin) {
  session.token = token
  session.admin = admin
  localStorage.setItem(TOKEN, token)
  localStorage.setItem(ADMIN, JSON.stringify(admin))
}

export function setAdmin(admin) {
  session.admin = admin
  localStorage.setItem(ADMIN, JSON.stringify(admin))
}

export function signOut() {
  session.token = ''
  session.admin = null
  localStorage.removeItem(TOKEN)
  localStorage.removeItem(ADMIN)
}
