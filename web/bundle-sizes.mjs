#!/usr/bin/env node
// JS bundle sizes of the built front ends, raw and gzip (zlib level 9), as a table on stdout and in
// e2e/output/bundle-sizes.txt:
//   storefront H5: the entry script, everything it imports statically (what the first page load needs
//                  before any page chunk), the first screen (that plus the home page's chunks) and the
//                  largest lazy chunks;
//   admin:         the initial JS (entry, modulepreloads and their static imports), the dashboard route
//                  (its chunk and the static imports the initial JS does not already bring) and the
//                  ECharts chunk the dashboard fetches lazily.
// Run after the builds (test.sh and build.sh do). Exits 1 when neither build is there.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { dirname, join, basename } from 'node:path'
import { fileURLToPath } from 'node:url'

const WEB = dirname(fileURLToPath(import.meta.url))
const H5 = join(WEB, 'storefront/dist/build/h5')
const ADMIN = join(WEB, 'admin/dist')
const OUT = join(WEB, 'e2e/output/bundle-sizes.txt')

const sizeCache = new Map()
function sizes(file) {
  if (!sizeCache.has(file)) {
    const buf = readFileSync(file)
    sizeCache.set(file, { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length })
  }
  return sizeCache.get(file)
}
const sum = (files) => files.reduce((a, f) => ({ raw: a.raw + sizes(f).raw, gzip: a.gzip + sizes(f).gzip }), { raw: 0, gzip: 0 })

/** Scripts and modulepreloads named by index.html, as files under `dir` (base "/admin/" or "./" dropped). */
function htmlScripts(dir) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  const refs = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
  ]
  return refs.map((r) => join(dir, 'assets', basename(r))).filter((f) => existsSync(f))
}

/** Static imports of a built chunk (`import … from"./x.js"`, `import"./x.js"`), not `import("./x.js")`. */
function staticImports(file) {
  const code = readFileSync(file, 'utf8')
  const found = new Set()
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["']\.\/([^"'()]+\.js)["']/g)) found.add(join(dirname(file), m[1]))
  return [...found].filter((f) => existsSync(f))
}

/** `roots` and everything they import statically. */
function closure(roots) {
  const seen = new Set()
  const stack = [...roots]
  while (stack.length) {
    const f = stack.pop()
    if (seen.has(f)) continue
    seen.add(f)
    stack.push(...staticImports(f))
  }
  return [...seen]
}

const jsIn = (dir) => readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => join(dir, 'assets', f))
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const rows = []
const row = (app, what, files, note = '') => {
  const s = sum(files)
  rows.push({ app, what, files: files.length, raw: kb(s.raw), gzip: kb(s.gzip), note })
}

if (existsSync(join(H5, 'index.html'))) {
  const entry = htmlScripts(H5)
  const initial = closure(entry)
  row('storefront H5', `entry ${entry.map((f) => basename(f)).join(', ')}`, entry)
  row('storefront H5', 'initial JS (entry + static imports)', initial)
  const home = jsIn(H5).find((f) => basename(f).startsWith('pages-index-index.'))
  if (home) row('storefront H5', 'first screen: initial + home page chunk and its imports', closure([...initial, home]))
  const lazy = jsIn(H5).filter((f) => !initial.includes(f)).sort((a, b) => sizes(b).gzip - sizes(a).gzip)
  for (const f of lazy.slice(0, 5)) row('storefront H5', `chunk ${basename(f)}`, [f], 'lazy')
  row('storefront H5', `all JS (${jsIn(H5).length} files)`, jsIn(H5))
} else {
  console.log(`(no storefront H5 build at ${H5})`)
}

if (existsSync(join(ADMIN, 'index.html'))) {
  const initial = closure(htmlScripts(ADMIN))
  row('admin', 'initial JS (entry + modulepreload + static imports)', initial)
  const find = (prefix) => jsIn(ADMIN).find((f) => basename(f).startsWith(prefix))
  const dash = find('Dashboard-')
  if (dash) row('admin', `dashboard route ${basename(dash)} + what initial lacks`, closure([dash]).filter((f) => !initial.includes(f)), 'lazy')
  const chart = find('EChart-')
  if (chart) row('admin', `ECharts ${basename(chart)} + what initial lacks`, closure([chart]).filter((f) => !initial.includes(f) && (!dash || !closure([dash]).includes(f))), 'lazy, with the dashboard')
  row('admin', `all JS (${jsIn(ADMIN).length} files)`, jsIn(ADMIN))
} else {
  console.log(`(no admin build at ${ADMIN})`)
}

if (!rows.length) {
  console.log('bundle sizes: nothing built')
  process.exit(1)
}

const head = { app: 'app', what: 'what', files: 'files', raw: 'raw', gzip: 'gzip -9', note: 'note' }
const cols = ['app', 'what', 'files', 'raw', 'gzip', 'note']
const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => String(r[c]).length))]))
const right = new Set(['files', 'raw', 'gzip'])
const line = (r) => cols.map((c) => (right.has(c) ? String(r[c]).padStart(width[c]) : String(r[c]).padEnd(width[c]))).join('  ').trimEnd()
const table = [line(head), cols.map((c) => '-'.repeat(width[c])).join('  '), ...rows.map(line)].join('\n')
const stamp = `JS bundle sizes, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (KB = 1024 bytes)`
console.log(`${stamp}\n${table}`)
mkdirSync(dirname(OUT), { recursive: true })
writeFileSync(OUT, `${stamp}\n${table}\n`)
console.log(`written to ${OUT}`)
