import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const UNI_TAGS = ['view', 'text', 'image', 'button', 'input', 'swiper', 'swiper-item', 'scroll-view', 'navigator', 'rich-text']

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => UNI_TAGS.includes(tag) } } })],
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.js'],
    reporters: ['default', './test/plain-reporter.mjs'],
  },
})
