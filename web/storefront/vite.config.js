import { defineConfig } from 'vite'
import uni from '@dcloudio/vite-plugin-uni'

export default defineConfig({
  plugins: [uni()],
  server: {
    // `npm run dev:h5` against a local `fenxiao serve --demo`.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/static/demo': 'http://127.0.0.1:8080',
      // The WeChat Pay sandbox of a dev-mode server (the H5 payment sheet calls it).
      '/sandbox': 'http://127.0.0.1:8080',
    },
  },
})
