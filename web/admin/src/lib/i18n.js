import { createI18n } from 'vue-i18n'
import { messages, pickLocale, LOCALES } from './messages.js'

const KEY = 'fx_admin_locale'

function initial() {
  try {
    return localStorage.getItem(KEY) || pickLocale(navigator.language)
  } catch {
    return 'zh-CN'
  }
}

export const i18n = createI18n({ legacy: false, locale: initial(), fallbackLocale: 'zh-CN', messages })

export function setLocale(l) {
  if (!LOCALES.includes(l)) return
  i18n.global.locale.value = l
  try {
    localStorage.setItem(KEY, l)
  } catch {
    /* private mode */
  }
  document.documentElement.lang = l
}

export const currentLocale = () => i18n.global.locale.value
export const t = (...a) => i18n.global.t(...a)
export const te = (k) => i18n.global.te(k) || i18n.global.te(k, 'zh-CN')
