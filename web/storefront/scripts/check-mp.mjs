#!/usr/bin/env node
// Structural check of a mini-program build (WeChat DevTools has no Linux build, so this is what CI can
// do): every JS file passes `node --check`, every JSON file parses, app.json lists every page and each
// listed page has its files. Usage: node scripts/check-mp.mjs dist/build/mp-weixin [more dirs…]
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs'
import { join, relative, extname } from 'node:path'
import { spawnSync } from 'node:child_process'

const PLATFORMS = {
  'mp-weixin': { markup: '.wxml', style: '.wxss' },
  'mp-alipay': { markup: '.axml', style: '.acss' },
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out
}

function checkDir(dir) {
  const failures = []
  let checks = 0
  const platform = Object.keys(PLATFORMS).find((p) => dir.replace(/\/+$/, '').endsWith(p)) || 'mp-weixin'
  const { markup, style } = PLATFORMS[platform]
  if (!existsSync(dir)) return { checks: 1, failures: [`${dir}: build output missing`] }
  const files = walk(dir)
  for (const f of files) {
    const rel = relative(dir, f)
    if (extname(f) === '.js') {
      checks++
      const r = spawnSync(process.execPath, ['--check', f], { encoding: 'utf8' })
      if (r.status !== 0) failures.push(`${rel}: node --check failed\n${r.stderr}`)
    } else if (extname(f) === '.json') {
      checks++
      try {
        JSON.parse(readFileSync(f, 'utf8'))
      } catch (e) {
        failures.push(`${rel}: invalid JSON: ${e.message}`)
      }
    }
  }
  checks++
  let app
  try {
    app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'))
  } catch (e) {
    failures.push(`app.json: ${e.message}`)
    return { checks, failures }
  }
  const source = JSON.parse(readFileSync(new URL('../src/pages.json', import.meta.url), 'utf8'))
  const wanted = source.pages.map((p) => p.path)
  for (const sub of source.subPackages || []) for (const p of sub.pages) wanted.push(`${sub.root}/${p.path}`)
  const listed = new Set([...(app.pages || []), ...(app.subPackages || app.subpackages || []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))])
  for (const page of wanted) {
    checks++
    if (!listed.has(page)) failures.push(`app.json does not list page ${page}`)
  }
  for (const page of listed) {
    for (const ext of ['.js', '.json', markup, style]) {
      checks++
      const file = join(dir, page + ext)
      // A page without styles may have no style file; every other part must exist.
      if (!existsSync(file) && ext !== style) failures.push(`page ${page}: missing ${page + ext}`)
    }
  }
  // Components a page or component uses must exist too (paths are relative to the user, or absolute).
  for (const f of files.filter((x) => extname(x) === '.json' && !x.endsWith('app.json') && !x.endsWith('project.config.json'))) {
    let using = {}
    try {
      using = JSON.parse(readFileSync(f, 'utf8')).usingComponents || {}
    } catch {
      continue
    }
    for (const [name, target] of Object.entries(using)) {
      if (/^plugin:|^dynamicLib:/.test(target)) continue
      checks++
      const base = target.startsWith('/') ? join(dir, target) : join(f, '..', target)
      if (!existsSync(base + '.js')) failures.push(`${relative(dir, f)}: component ${name} → ${target} has no .js`)
    }
  }
  for (const tab of (app.tabBar && app.tabBar.list) || []) {
    checks++
    if (!listed.has(tab.pagePath)) failures.push(`tabBar page ${tab.pagePath} is not in app.json pages`)
  }
  for (const f of ['app.js', platform === 'mp-weixin' ? 'project.config.json' : 'app.json']) {
    checks++
    if (!existsSync(join(dir, f))) failures.push(`missing ${f}`)
  }
  return { checks, failures, pages: listed.size, files: files.length }
}

const dirs = process.argv.slice(2)
if (!dirs.length) dirs.push('dist/build/mp-weixin')
let passed = 0
let failed = 0
for (const dir of dirs) {
  const r = checkDir(dir)
  for (const f of r.failures) console.error(`FAIL ${dir}: ${f}`)
  console.log(`${dir}: ${r.pages ?? 0} pages, ${r.files ?? 0} files, ${r.checks} checks, ${r.failures.length} failures`)
  passed += r.checks - r.failures.length
  failed += r.failures.length
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
