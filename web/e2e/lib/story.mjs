// What every browser story shares: steps grouped in flows with a plain "N passed, N failed" count,
// screenshots into output/, and small helpers for uni-app H5 pages and the API.
import { join } from 'node:path'

export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 15000)

/**
 * A story's results. `flow(name, steps, page)` runs [label, fn] steps in order; after a failure the
 * remaining steps of that flow are counted as failed and the page is saved as FAILED-<name>.png.
 * `shot(page, name)` saves output/<name>.png.
 */
export function createStory(outDir) {
  const results = []
  const counts = { passed: 0, failed: 0 }

  function record(name, ok, info = '') {
    results.push({ name, ok, info })
    if (ok) counts.passed++
    else counts.failed++
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${info ? ` — ${info}` : ''}`)
  }

  async function flow(name, steps, page = null) {
    let broken = null
    for (const [label, fn] of steps) {
      const full = `${name}: ${label}`
      if (broken) {
        record(full, false, `not run: "${broken}" failed`)
        continue
      }
      const t0 = Date.now()
      try {
        const info = await fn()
        record(full, true, `${Date.now() - t0} ms${info ? `; ${info}` : ''}`)
      } catch (e) {
        record(full, false, (e && e.message ? e.message : String(e)).split('\n')[0])
        broken = label
        if (page) await page.screenshot({ path: join(outDir, `FAILED-${name}.png`) }).catch(() => {})
      }
    }
    return !broken
  }

  async function shot(page, name) {
    await page.waitForTimeout(250)
    await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: false })
  }

  return { results, counts, record, flow, shot }
}

export function expect(cond, msg) {
  if (!cond) throw new Error(msg)
}

export async function text(page, selector) {
  await page.waitForSelector(selector, { timeout: TIMEOUT })
  return (await page.textContent(selector)).trim()
}

/** Waits until the element's trimmed text satisfies `want` (a string for equality, or a RegExp). */
export async function waitText(page, selector, want, timeout = TIMEOUT) {
  const spec = want instanceof RegExp ? { re: want.source, flags: want.flags } : { eq: String(want) }
  try {
    await page.waitForFunction(([sel, s]) => {
      const el = document.querySelector(sel)
      if (!el) return false
      const v = el.textContent.trim()
      return s.eq !== undefined ? v === s.eq : new RegExp(s.re, s.flags).test(v)
    }, [selector, spec], { timeout })
  } catch {
    const el = await page.$(selector)
    const got = el ? (await el.textContent()).trim() : '(missing)'
    throw new Error(`${selector}: expected ${want}, shows "${got}"`)
  }
  return (await page.textContent(selector)).trim()
}

/** uni-app H5 renders <input> inside <uni-input id=…>. */
export async function fillUni(page, id, value) {
  const sel = `#${id} input`
  await page.waitForSelector(sel, { timeout: TIMEOUT })
  await page.fill(sel, value)
}

export async function apiJson(base, path, { method = 'GET', body, token, headers = {} } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  })
  const data = res.status === 204 ? null : await res.json()
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(data)}`)
  return data
}

/** The storefront's bearer token, read from uni's storage in the page. */
export function shopperToken(page) {
  return page.evaluate(() => {
    const raw = localStorage.getItem('fx_token')
    try {
      const v = JSON.parse(raw)
      return v && v.data !== undefined ? v.data : v
    } catch {
      return raw
    }
  })
}

/** Accepts the privacy prompt of the personal centre if it shows up. */
export async function acceptConsentIfAsked(page) {
  await page.waitForTimeout(300)
  if (await page.$('#consent-accept')) {
    await page.click('#consent-accept')
    await page.waitForSelector('#consent-dialog', { state: 'detached' })
  }
}
