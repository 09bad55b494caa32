/**
 * Counters and gauges in Prometheus's text format, for a worker's `/metrics`. A few dozen series at
 * most (per tenant, pipeline and API), so a map and a string builder are all it takes.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

type Labels = Record<string, string>

interface Family {
  help: string
  type: 'counter' | 'gauge'
  series: Map<string, number>
}

export class Metrics {
  private readonly families = new Map<string, Family>()

  /** Adds `by` to a counter. */
  count(name: string, help: string, labels: Labels = {}, by = 1): void {
    const series = this.family(name, help, 'counter').series
    const key = labelText(labels)
    series.set(key, (series.get(key) ?? 0) + by)
  }

  /** Sets a gauge. */
  set(name: string, help: string, labels: Labels, value: number): void {
    this.family(name, help, 'gauge').series.set(labelText(labels), value)
  }

  /** The exposition text (`text/plain; version=0.0.4`). */
  text(): string {
    const lines: string[] = []
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`)
      for (const [labels, value] of family.series) lines.push(`${name}${labels} ${value}`)
    }
    return `${lines.join('\n')}\n`
  }

  private family(name: string, help: string, type: Family['type']): Family {
    let family = this.families.get(name)
    if (!family) this.families.set(name, (family = { help, type, series: new Map() }))
    return family
  }
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels)
  if (!entries.length) return ''
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
  return `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`
}

/**
 * Serves `GET /metrics` on 127.0.0.1 (or `host`); `refresh` runs first (queue depths are read on
 * demand). Port 0 picks a free port.
 */
export async function serveMetrics(
  metrics: Metrics,
  port: number,
  refresh: () => Promise<void>,
  host = '127.0.0.1',
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n')
      return
    }
    refresh().then(
      () =>
        res
          .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
          .end(metrics.text()),
      (error: unknown) =>
        res
          .writeHead(503, { 'content-type': 'text/plain' })
          .end(`metrics unavailable: ${(error as Error).message}\n`),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
