// Starting the fenxiao binary for a test run, and (until the binary serves the built front ends itself)
// a tiny static server that serves them and proxies the API to it.
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { request as httpRequest } from 'node:http'
import { mkdtempSync, readFileSync, statSync, existsSync, createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, extname, resolve, normalize } from 'node:path'
import net from 'node:net'

export function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

export async function waitFor(url, timeoutMs = 30000) {
  const start = Date.now()
  let last
  while (Date.now() - start < timeoutMs) {
    try {
      const r = await fetch(url)
      if (r.ok) return
      last = new Error(`${url} → ${r.status}`)
    } catch (e) {
      last = e
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`timed out waiting for ${url}: ${last && last.message}`)
}

/** Starts `fenxiao serve --demo` in dev mode in a fresh temp dir. Returns {base, port, stop, logFile}. */
export async function startFenxiao({ bin, webDir, adminPassword, logFile }) {
  if (!existsSync(bin)) throw new Error(`fenxiao binary not found at ${bin} (set FENXIAO_BIN)`)
  const port = await freePort()
  const cwd = mkdtempSync(join(tmpdir(), 'fenxiao-e2e-'))
  const env = {
    ...process.env,
    FENXIAO_DEV_MODE: 'true',
    FENXIAO_LISTEN: `127.0.0.1:${port}`,
    FENXIAO_ADMIN_PASSWORD: adminPassword,
    FENXIAO_WEB_DIR: webDir,
  }
  delete env.FENXIAO_DATABASE_URL
  delete env.FENXIAO_REDIS_URL
  const child = spawn(bin, ['serve', '--demo'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const log = createWriteStream(logFile)
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  let exited = null
  child.on('exit', (code) => (exited = code))
  const base = `http://127.0.0.1:${port}`
  try {
    await waitFor(`${base}/healthz`)
  } catch (e) {
    child.kill('SIGTERM')
    throw new Error(`fenxiao did not start (exit ${exited}); see ${logFile}: ${e.message}`)
  }
  return {
    base,
    port,
    cwd,
    stop: () =>
      new Promise((res) => {
        if (exited !== null) return res()
        child.once('exit', () => res())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 5000).unref()
      }),
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
}

function sendFile(res, file) {
  const body = readFileSync(file)
  res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'content-length': body.length })
  res.end(body)
}

function serveDir(root, rel, res) {
  const target = normalize(join(root, rel))
  if (!target.startsWith(resolve(root))) {
    res.writeHead(403).end()
    return
  }
  let file = target
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html')
    statSync(file)
  } catch {
    // SPA fallback (the admin uses hash routing, so this is only for deep links that do not exist).
    file = join(root, 'index.html')
  }
  sendFile(res, file)
}

/**
 * Serves the storefront at /h5/ and / , the admin at /admin/, and proxies /api, /static, /sandbox (the
 * dev-mode WeChat Pay sandbox), /healthz and /docs to the fenxiao server — the layout the binary itself will serve.
 */
export async function startStaticProxy({ upstream, h5Dir, adminDir }) {
  const port = await freePort()
  const up = new URL(upstream)
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname)
    if (path.startsWith('/api/') || path.startsWith('/static/demo/') || path.startsWith('/sandbox/') || path === '/healthz' || path.startsWith('/docs') || path === '/readyz') {
      const p = httpRequest(
        { host: up.hostname, port: up.port, path: req.url, method: req.method, headers: { ...req.headers, host: up.host } },
        (r) => {
          res.writeHead(r.statusCode, r.headers)
          r.pipe(res)
        },
      )
      p.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'text/plain' })
        res.end(String(e))
      })
      req.pipe(p)
      return
    }
    if (path === '/admin') {
      res.writeHead(301, { location: '/admin/' }).end()
      return
    }
    if (path.startsWith('/admin/')) return serveDir(adminDir, path.slice('/admin/'.length), res)
    if (path === '/h5') {
      res.writeHead(301, { location: '/h5/' }).end()
      return
    }
    if (path.startsWith('/h5/')) return serveDir(h5Dir, path.slice('/h5/'.length), res)
    return serveDir(h5Dir, path.slice(1), res)
  })
  await new Promise((r) => server.listen(port, '127.0.0.1', r))
  return { base: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(() => r())) }
}
