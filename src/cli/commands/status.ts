/** `kopru status`: last runs, cursors, what was delivered and open dead letters. */
import { existsSync } from 'node:fs'
import { Command } from 'commander'
import { loadConfig } from '../../sync/config.ts'
import { SqliteStateStore } from '../../sync/sqlite.ts'
import type { StreamCounts } from '../../sync/store.ts'

export function statusCommand(): Command {
  return new Command('status')
    .description('show the last sync runs, cursors, delivered records and dead letters')
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option('--runs <n>', 'how many runs to show', '10')
    .option('--json', 'print everything as one JSON object')
    .action(async (options: { config: string; runs: string; json?: boolean }) => {
      const { statePath } = loadConfig(options.config)
      if (!existsSync(statePath)) {
        process.stdout.write(`no sync has run yet (no ${statePath})\n`)
        return
      }
      const store = new SqliteStateStore(statePath)
      try {
        const runs = await store.runs({ limit: Number(options.runs) || 10 })
        const cursors = await store.cursors()
        const deadLetters = await store.deadLetters({ status: 'open', limit: 1000 })
        const delivered = await store.countMappings()
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ runs, cursors, delivered, deadLetters })}\n`)
          return
        }
        process.stdout.write(formatStatus(runs, cursors, delivered, deadLetters.length))
      } finally {
        await store.close()
      }
    })
}

function formatStatus(
  runs: Awaited<ReturnType<SqliteStateStore['runs']>>,
  cursors: Awaited<ReturnType<SqliteStateStore['cursors']>>,
  delivered: number,
  openDeadLetters: number,
): string {
  const lines = ['runs (newest first)']
  for (const run of runs) {
    const total = sum(Object.values(run.counts))
    const took = run.finishedAt
      ? `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
      : ''
    lines.push(
      `  #${run.id} ${run.pipeline.padEnd(22)} ${run.status.padEnd(11)} ${run.startedAt}  ${took.padStart(8)}  read ${total.read}, created ${total.created}, updated ${total.updated}, skipped ${total.skipped}, failed ${total.failed}${run.error ? `  (${run.error})` : ''}`,
    )
  }
  if (!runs.length) lines.push('  none')
  lines.push('', 'cursors')
  for (const c of cursors)
    lines.push(
      `  ${`${c.pipeline}/${c.stream}`.padEnd(40)} ${JSON.stringify(c.value)}  (${c.updatedAt})`,
    )
  if (!cursors.length) lines.push('  none')
  lines.push('', `records delivered: ${delivered}`, `open dead letters: ${openDeadLetters}`)
  if (openDeadLetters) lines.push('  see: npm run kopru -- dead-letters list')
  return `${lines.join('\n')}\n`
}

function sum(counts: StreamCounts[]): StreamCounts {
  const total = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0 }
  for (const c of counts)
    for (const k of Object.keys(total) as (keyof StreamCounts)[]) total[k] += c[k]
  return total
}
