/** `kopru status`: last runs, cursors, what was delivered and open dead letters. */
import { existsSync } from 'node:fs'
import { Command } from 'commander'
import { isPostgresUrl } from '../../sync/open-state.ts'
import { liveStatus } from '../../sync/engine.ts'
import type { RunRecord, StreamCounts } from '../../model/state.ts'
import { configFlag, kopruCommand } from '../invocation.ts'
import { chosenState, parsePositive, withState, type StateChoice } from '../util.ts'

export function statusCommand(): Command {
  return new Command('status')
    .description('show the last sync runs, cursors, delivered records and dead letters')
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option('--runs <n>', 'how many runs to show', '10')
    .option('--json', 'print everything as one JSON object')
    .option('--tenant <name>', "a tenant's state (kopru tenants list), in the PostgreSQL state")
    .option('--state <url>', 'with --tenant: the PostgreSQL state (default: KOPRU_STATE_URL)')
    .action(async (options: StateChoice & { runs: string; json?: boolean }) => {
      const limit = parsePositive(options.runs, '--runs')
      const { statePath, tenant } = chosenState(options)
      if (!isPostgresUrl(statePath) && !existsSync(statePath)) {
        // with --json, the shape a state with no runs gives: scripts read one either way
        if (options.json) {
          const none = { runs: [], cursors: [], delivered: 0, deadLetters: [] }
          process.stdout.write(`${JSON.stringify(none)}\n`)
          return
        }
        process.stdout.write(
          `no sync has run yet (no ${statePath}); ${kopruCommand(`sync${configFlag(options.config)}`)} runs one\n`,
        )
        return
      }
      await withState(
        statePath,
        async (store) => {
          const now = Date.now()
          const runs = (await store.runs({ limit })).map((run) => ({
            ...run,
            status: liveStatus(run, now),
          }))
          const cursors = await store.cursors()
          const deadLetters = await store.deadLetters({ status: 'open', limit: 1000 })
          const delivered = await store.countMappings()
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ runs, cursors, delivered, deadLetters })}\n`)
            return
          }
          process.stdout.write(
            formatStatus(runs, cursors, delivered, deadLetters.length, options.config, tenant),
          )
        },
        tenant,
      )
    })
}

function formatStatus(
  runs: readonly RunRecord[],
  cursors: { pipeline: string; stream: string; value: unknown; updatedAt: string }[],
  delivered: number,
  openDeadLetters: number,
  configFile: string,
  tenant: string | undefined,
): string {
  const lines = [tenant ? `tenant ${tenant}: runs (newest first)` : 'runs (newest first)']
  for (const run of runs) {
    const total = sum(Object.values(run.counts))
    const took = run.finishedAt
      ? `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
      : ''
    // a run that has not counted itself: only what its commits wrote is known
    const counts =
      run.countsFrom === 'commits'
        ? `created ${total.created}, updated ${total.updated}, refused ${total.failed} committed${run.status === 'running' ? ' so far' : ' before its process ended'}`
        : `read ${total.read}, created ${total.created}, updated ${total.updated}, skipped ${total.skipped}, refused ${total.failed}`
    lines.push(
      `  #${run.id} ${run.pipeline.padEnd(22)} ${run.status.padEnd(11)} ${run.startedAt}  ${took.padStart(8)}  ${counts}${run.error ? `  (${run.error})` : ''}`,
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
  if (openDeadLetters)
    lines.push(
      `  see: ${kopruCommand(`dead-letters list${tenant ? ` --tenant ${tenant}` : configFlag(configFile)}`)}`,
    )
  return `${lines.join('\n')}\n`
}

function sum(counts: StreamCounts[]): StreamCounts {
  const total = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0 }
  for (const c of counts)
    for (const k of Object.keys(total) as (keyof StreamCounts)[]) total[k] += c[k]
  return total
}
