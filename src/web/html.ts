/**
 * The dashboard's page frame and the formatting every page shares: numbers with thousands
 * separators, times relative to now (the exact time in the tooltip), durations in words people use.
 * Everything interpolated into `html` is escaped unless wrapped in `raw`.
 */
import { html, raw } from 'hono/html'
import type { RequestTally, StreamCounts } from '../model/state.ts'

export { html, raw }
export type Fragment = ReturnType<typeof html>

export interface Frame {
  title: string
  /** which nav entry is current */
  nav: 'overview' | 'runs' | 'dead-letters' | 'consent' | 'webhooks' | 'emulators'
  /** the page's name for the client script's behaviours */
  page: string
  tenant: string
  tenants: readonly string[]
  emulators: boolean
  body: Fragment
  /** JSON the client script reads (chart series, a launch's id) */
  data?: unknown
}

const navItems: [Frame['nav'], string, string][] = [
  ['overview', 'Overview', '/'],
  ['runs', 'Runs', '/runs'],
  ['dead-letters', 'Dead letters', '/dead-letters'],
  ['consent', 'Consent', '/consent'],
  ['webhooks', 'Webhooks', '/webhooks'],
  ['emulators', 'Emulators', '/emulators'],
]

export function page(frame: Frame): Fragment {
  const link = (path: string) => withTenant(path, frame)
  const items = navItems.filter(([key]) => key !== 'emulators' || frame.emulators)
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title} · kopru</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <link rel="stylesheet" href="/assets/uPlot.min.css" />
      </head>
      <body data-page="${frame.page}" data-tenant="${frame.tenant}">
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <a class="brand" href="${link('/')}">kopru</a>
          <nav aria-label="Sections">
            <ul>
              ${items.map(
                ([key, label, path]) =>
                  html`<li>
                    <a href="${link(path)}" ${raw(key === frame.nav ? ' aria-current="page"' : '')}
                      >${label}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
          ${
            frame.tenants.length > 1
              ? html`<form class="tenant" method="get" action="">
                  <label
                    >Tenant
                    <select name="tenant" data-autosubmit>
                      ${frame.tenants.map((t) => html`<option${raw(t === frame.tenant ? ' selected' : '')}>${t}</option>`)}
                    </select></label
                  >
                </form>`
              : ''
          }
        </header>
        <main id="main">
          <h1>${frame.title}</h1>
          ${frame.body}
        </main>
        <script type="application/json" id="page-data">
          ${raw(jsonForScript(frame.data ?? null))}
        </script>
        <script src="/assets/uPlot.iife.min.js" defer></script>
        <script src="/assets/dashboard.js" defer></script>
      </body>
    </html>`
}

/** A path that keeps the tenant chosen (the first tenant needs none). */
export function withTenant(
  path: string,
  frame: { tenant: string; tenants: readonly string[] },
): string {
  if (frame.tenants.length <= 1 || frame.tenant === frame.tenants[0]) return path
  return `${path}${path.includes('?') ? '&' : '?'}tenant=${encodeURIComponent(frame.tenant)}`
}

/** JSON inside a script element: `</script>` and friends cannot end it early. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
}

const numbers = new Intl.NumberFormat('en')
export const num = (n: number | undefined): string =>
  n === undefined ? '–' : numbers.format(Math.round(n))

export function ago(iso: string | undefined, now = Date.now()): Fragment | string {
  if (!iso) return '–'
  return html`<time datetime="${iso}" title="${iso}">${relative(Date.parse(iso) - now)}</time>`
}

/** `3 min ago`, `in 2 h`, `just now`. */
export function relative(deltaMs: number): string {
  const abs = Math.abs(deltaMs)
  if (abs < 5_000) return 'just now'
  const [value, unit] =
    abs < 60_000
      ? [abs / 1000, 's']
      : abs < 3_600_000
        ? [abs / 60_000, 'min']
        : abs < 86_400_000
          ? [abs / 3_600_000, 'h']
          : [abs / 86_400_000, 'd']
  const text = `${Math.floor(value)} ${unit}`
  return deltaMs < 0 ? `${text} ago` : `in ${text}`
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '–'
  if (ms < 1_000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}

export function badge(status: string): Fragment {
  return html`<span class="badge ${status}">${status}</span>`
}

/**
 * A table that scrolls sideways on a narrow screen: a header cell per column (`false` leaves one
 * out) and the rows as they are.
 */
export function table(
  headers: readonly (string | Fragment | false)[],
  rows: readonly Fragment[],
  className?: string,
): Fragment {
  return html`<div class="scroll">
    <table ${raw(className ? `class="${className}"` : '')}>
      <thead>
        <tr>
          ${headers.filter((h) => h !== false).map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`
}

/** A table of per-stream counts; `extra` adds columns (a live run's rate and ETA). */
export function countsTable(
  counts: Record<string, StreamCounts>,
  extra?: { headers: string[]; cells: (stream: string) => (string | Fragment)[] },
): Fragment {
  const streams = Object.keys(counts)
  if (!streams.length) return html`<p class="muted">No stream has started.</p>`
  return table(
    ['Stream', 'Read', 'Created', 'Updated', 'Skipped', 'Failed', ...(extra?.headers ?? [])],
    streams.map((s) => {
      const c = counts[s]!
      return html`<tr data-stream="${s}">
        <th scope="row">${s}</th>
        <td data-count="read">${num(c.read)}</td>
        <td data-count="created">${num(c.created)}</td>
        <td data-count="updated">${num(c.updated)}</td>
        <td data-count="skipped">${num(c.skipped)}</td>
        <td data-count="failed" ${raw(c.failed ? ' class="bad"' : '')}>${num(c.failed)}</td>
        ${(extra?.cells(s) ?? []).map((cell) => html`<td>${cell}</td>`)}
      </tr>`
    }),
    'counts',
  )
}

export function requestsTable(requests: Record<string, RequestTally> | undefined): Fragment {
  const apis = Object.keys(requests ?? {})
  if (!apis.length) return html`<p class="muted">No requests recorded for this run.</p>`
  return table(
    [
      'Vendor',
      'Requests',
      '429s',
      'Retries',
      html`<abbr title="answers 4xx or 5xx other than 429; a look-up that finds nothing is one"
        >4xx/5xx</abbr
      >`,
    ],
    apis.map((api) => {
      const t = requests![api]!
      return html`<tr data-api="${api}">
        <th scope="row">${api}</th>
        <td>${num(t.requests)}</td>
        <td>${num(t.throttled)}</td>
        <td>${num(t.retries)}</td>
        <td>${num(t.failed)}</td>
      </tr>`
    }),
    'requests',
  )
}

export function json(value: unknown): Fragment {
  return html`<pre class="json">${JSON.stringify(value, null, 2)}</pre>`
}
