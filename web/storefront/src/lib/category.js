// Helpers over the category tree ([{id, name, icon_url, sort, children: [...]}]).
export function findCategory(tree, id) {
  for (const c of tree || []) {
    if (c.id === id) return c
    const hit = findCategory(c.children, id)
    if (hit) return hit
  }
  return null
}

/** The top-level ancestor of a category (itself when it is top-level), or null. */
export function topLevelOf(tree, id) {
  for (const c of tree || []) {
    if (c.id === id || findCategory(c.children, id)) return c
  }
  return null
}

/** Flat list with depth, in tree order. */
export function flattenTree(tree, depth = 0, out = []) {
  for (const c of tree || []) {
    out.push({ id: c.id, name: c.name, depth })
    flattenTree(c.children, depth + 1, out)
  }
  return out
}
