import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './lib/i18n.js'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-loading.css'
import './style.css'

createApp(App).use(router).use(i18n).mount('#app')
