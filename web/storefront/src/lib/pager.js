// Paged lists ({items,total,page,page_size}) that grow as the shopper scrolls.
// Pass `wrap: reactive` from a page so the list re-renders as it changes.
export function createPager(fetchPage, { pageSize = 20, wrap = (x) => x } = {}) {
  const state = wrap({ items: [], total: 0, page: 0, loading: false, error: null, done: false })
  async function load(reset = false) {
    if (state.loading) return state
    if (reset) Object.assign(state, { items: [], total: 0, page: 0, done: false, error: null })
    if (state.done) return state
    state.loading = true
    state.error = null
    try {
      const res = await fetchPage(state.page + 1, pageSize)
      state.items = state.items.concat(res.items || [])
      state.total = res.total || 0
      state.page = res.page || state.page + 1
      state.done = state.items.length >= state.total || !(res.items || []).length
    } catch (e) {
      state.error = e
    } finally {
      state.loading = false
    }
    return state
  }
  return { state, load }
}
