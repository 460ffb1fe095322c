import { createSSRApp } from 'vue'
import App from './App.vue'
import { i18n } from './lib/i18n.js'

export function createApp() {
  const app = createSSRApp(App)
  app.use(i18n)
  return { app }
}
