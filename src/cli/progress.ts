/**
 * Sync progress: on a terminal, one live line per stream (read, written, skipped, refused, rate,
 * ETA); elsewhere a structured JSON line per stream every few seconds and when it ends.
 */
import type { Progress, RunResult } from '../sync/engine.ts'

export interface ProgressView {
  update(progress: Progress): void
  /**
   * something the user should know while the run goes on (a vendor cannot be reached, a stream
   * runs again): a line above the live ones on a terminal, a JSON line with `event` otherwise
   */
  note(event: string, message: string, fields?: Record<string, unknown>): void
  /** stops redrawing and leaves the last lines in place */
  stop(): void
}

export function progressView(
  out: NodeJS.WriteStream = process.stderr,
  options: { intervalMs?: number } = {},
): ProgressView {
  return out.isTTY ? terminalView(out) : logView(out, options.intervalMs ?? 5000)
}

function rateOf(p: Progress): number {
  return p.elapsedMs > 0 ? (p.counts.read / p.elapsedMs) * 1000 : 0
}

function line(p: Progress): string {
  const c = p.counts
  const rate = rateOf(p)
  const of = p.total ? `/${p.total}` : ''
  const eta =
    p.total && rate > 0 && !p.done
      ? `  ETA ${Math.max(0, Math.round((p.total - c.read) / rate))}s`
      : ''
  return `${`${p.pipeline}/${p.stream}`.padEnd(34)} read ${c.read}${of}  written ${c.created + c.updated}  skipped ${c.skipped}  refused ${c.failed}  ${Math.round(rate)}/s${eta}${p.done ? '  done' : ''}`
}

function terminalView(out: NodeJS.WriteStream): ProgressView {
  const lines = new Map<string, string>()
  let drawn = 0
  let last = 0
  const draw = (force: boolean) => {
    const now = Date.now()
    if (!force && now - last < 100) return
    last = now
    if (drawn) out.write(`\x1b[${drawn}A`)
    for (const text of lines.values())
      out.write(`\x1b[2K${text.slice(0, (out.columns || 120) - 1)}\n`)
    drawn = lines.size
  }
  return {
    update(p) {
      lines.set(`${p.pipeline}/${p.stream}`, line(p))
      draw(p.done)
    },
    note(_event, message) {
      // above the live lines, which are drawn again below it
      if (drawn) out.write(`\x1b[${drawn}A\x1b[J`)
      drawn = 0
      out.write(`kopru: ${message}\n`)
      draw(true)
    },
    stop() {
      draw(true)
    },
  }
}

function logView(out: NodeJS.WritableStream, intervalMs: number): ProgressView {
  const lastAt = new Map<string, number>()
  return {
    update(p) {
      const key = `${p.pipeline}/${p.stream}`
      const now = Date.now()
      if (!p.done && now - (lastAt.get(key) ?? 0) < intervalMs) return
      lastAt.set(key, now)
      out.write(
        `${JSON.stringify({
          at: new Date(now).toISOString(),
          event: p.done ? 'stream.done' : 'stream.progress',
          pipeline: p.pipeline,
          stream: p.stream,
          ...p.counts,
          total: p.total,
          ratePerSecond: Math.round(rateOf(p)),
        })}\n`,
      )
    },
    note(event, message, fields = {}) {
      out.write(`${JSON.stringify({ at: new Date().toISOString(), event, message, ...fields })}\n`)
    },
    stop() {},
  }
}

/** `, 3 refused`: records the destination refused in this run, kept as dead letters. */
function refusedNote(result: RunResult): string {
  const refused = Object.values(result.counts).reduce((n, c) => n + c.failed, 0)
  return refused ? `, ${refused} refused` : ''
}

/** read / written / skipped / failed per stream, and each run's duration. */
export function summaryTable(results: readonly RunResult[]): string {
  const rows = [['stream', 'read', 'created', 'updated', 'skipped', 'refused', 'status']]
  for (const result of results) {
    for (const [stream, c] of Object.entries(result.counts)) {
      rows.push([
        `${result.pipeline}/${stream}`,
        String(c.read),
        String(c.created),
        String(c.updated),
        String(c.skipped),
        String(c.failed),
        '',
      ])
    }
    rows.push([
      `${result.pipeline} (${(result.durationMs / 1000).toFixed(1)} s)`,
      '',
      '',
      '',
      '',
      '',
      result.status + refusedNote(result) + (result.error ? `: ${result.error}` : ''),
    ])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows
    .map((r) =>
      r
        .map((cell, i) =>
          i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
