// A minimal fake of the global `uni` for unit tests: storage in a Map, request answered by a handler.
export function installFakeUni(handler = () => ({ statusCode: 200, data: {} })) {
  const store = new Map()
  const calls = []
  globalThis.uni = {
    getStorageSync: (k) => (store.has(k) ? store.get(k) : ''),
    setStorageSync: (k, v) => store.set(k, v),
    removeStorageSync: (k) => store.delete(k),
    getSystemInfoSync: () => ({ language: 'zh_CN' }),
    setTabBarItem: () => {},
    request(opts) {
      calls.push(opts)
      Promise.resolve()
        .then(() => handler(opts))
        .then((res) => (res && res.fail ? opts.fail(res.fail) : opts.success(res)))
    },
  }
  return { store, calls }
}
