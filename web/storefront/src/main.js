import { createSSRApp } from 'vue'
import App from './App.vue'
import { i18n } from './lib/i18n.js'
import { createPageViewMixin } from './lib/pageview.js'

export function createApp() {
  const app = createSSRApp(App)
  app.use(i18n)
  // One page view per page show, on every page (H5 and the mini-programs); fire-and-forget.
  app.mixin(createPageViewMixin())
  return { app }
}
