import { createI18n } from 'vue-i18n'
import { messages, pickLocale, LOCALES } from './messages.js'
import { getSavedLocale, setSavedLocale } from './session.js'
import { setLocaleGetter } from './api.js'
import { problemText } from './errors.js'

function systemLanguage() {
  try {
    return uni.getSystemInfoSync().language
  } catch {
    return ''
  }
}

export const i18n = createI18n({
  locale: getSavedLocale() || pickLocale(systemLanguage()),
  fallbackLocale: 'zh-CN',
  messages,
})

setLocaleGetter(() => i18n.global.locale)

export const t = (...args) => i18n.global.t(...args)
export const te = (key) => i18n.global.te(key) || i18n.global.te(key, 'zh-CN')

/** A problem from the API as one translated line (see lib/errors.js); `context` 'coupon' | 'activity'. */
export const errText = (err, context = '') => problemText(err, t, te, context)

const TABS = ['home', 'category', 'cart', 'me']
export function applyTabBar() {
  TABS.forEach((key, index) => {
    try {
      uni.setTabBarItem({ index, text: t(`tab.${key}`), fail() {} })
    } catch {
      /* not on a tab page yet */
    }
  })
}

export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  i18n.global.locale = locale
  setSavedLocale(locale)
  applyTabBar()
}

export function currentLocale() {
  return i18n.global.locale
}
