/**
 * The dashboard: pages at `/`, their JSON API at `/api/`, and the few static files they load, all
 * on `kopru serve`'s Hono host behind its token. No build step: the pages are rendered here, the
 * client script is plain JavaScript, the chart library comes as its package ships it.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Socket } from 'node:net'
import { Hono } from 'hono'
import { hostAllowed } from '../emulator/admin-guard.ts'
import { dashboardApi, type DashboardOptions } from './api.ts'
import { dashboardPages } from './pages.ts'

export type { DashboardOptions } from './api.ts'

const here = import.meta.dirname
const require = createRequire(import.meta.url)

const assets: Record<string, { file: () => string; type: string }> = {
  'dashboard.js': { file: () => join(here, 'assets', 'dashboard.js'), type: 'text/javascript' },
  'dashboard.css': { file: () => join(here, 'assets', 'dashboard.css'), type: 'text/css' },
  'uPlot.iife.min.js': {
    file: () => require.resolve('uplot/dist/uPlot.iife.min.js'),
    type: 'text/javascript',
  },
  'uPlot.min.css': { file: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css' },
}
const loaded = new Map<string, string>()

/** Adds the dashboard to `app`; answers the routes for the start banner. */
export function mountDashboard(app: Hono, options: DashboardOptions): string[] {
  const dashboard = new Hono()
  const hostCheck = options.hostCheck
  if (hostCheck)
    dashboard.use('*', async (c, next) => {
      // a page on a name that resolves to 127.0.0.1 (DNS rebinding) is same-origin to the
      // browser: without a token, only a Host naming this server is served
      const incoming = (
        c.env as { incoming?: { socket?: Socket; headers: { host?: string } } } | null
      )?.incoming
      const host = incoming?.headers.host
      if (
        incoming?.socket &&
        host !== undefined &&
        !hostAllowed(host, incoming.socket, hostCheck.hostNames)
      )
        return c.json({ error: `Host ${host} is not an address kopru serve listens on` }, 403)
      await next()
    })
  dashboard.get('/assets/:name', (c) => {
    const name = c.req.param('name')
    const asset = Object.hasOwn(assets, name) ? assets[name] : undefined
    if (!asset) return c.json({ error: `no asset ${name}` }, 404)
    let text = loaded.get(name)
    if (text === undefined) loaded.set(name, (text = readFileSync(asset.file(), 'utf8')))
    return c.body(text, 200, {
      'content-type': `${asset.type}; charset=utf-8`,
      'cache-control': 'max-age=300',
    })
  })
  dashboard.route('/api', dashboardApi(options))
  dashboard.route('/', dashboardPages(options))
  app.route('/', dashboard)
  return ['GET / (the dashboard)', 'GET|POST|PUT /api/… (openapi/kopru.json)']
}
