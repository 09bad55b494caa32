/** `kopru sync [pipeline…]`: runs the pipelines of kopru.yaml once, incrementally. */
import { Command } from 'commander'
import { loadConfig } from '../../sync/config.ts'
import { runPipeline, type RunResult } from '../../sync/engine.ts'
import { buildPipelines, clientsFromConfig, pipelineNames } from '../../sync/recipes.ts'
import { SqliteStateStore } from '../../sync/sqlite.ts'
import type { StateStore } from '../../model/state.ts'
import type { Planned } from '../../model/connector.ts'
import type { PipelineDef } from '../../sync/stream.ts'
import { progressView, summaryTable } from '../progress.ts'
import { UsageError } from '../util.ts'

export function syncCommand(): Command {
  return new Command('sync')
    .description('run the pipelines of kopru.yaml once: only new and changed records are written')
    .argument(
      '[pipeline...]',
      `pipelines to run (default: every enabled one): ${pipelineNames.join(', ')}`,
    )
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option('--dry-run', 'read and print what would be created and updated; write nothing')
    .option(
      '--max-duration <time>',
      'stop after this long (90s, 15m, 2h), after the batch in flight; the next run continues',
      (value: string) => parseDuration(value, '--max-duration'),
    )
    .action(
      async (
        names: string[],
        options: { config: string; dryRun?: boolean; maxDuration?: number },
      ) => {
        const { config, statePath } = loadConfig(options.config)
        const pipelines = selectPipelines(buildPipelines(config, clientsFromConfig(config)), names)
        const store = new SqliteStateStore(statePath)
        try {
          const results = await runAll(pipelines, store, {
            dryRun: options.dryRun ?? false,
            retryPausesMs: config.retryPauses.map((seconds) => seconds * 1000),
            ...(options.maxDuration !== undefined ? { maxDurationMs: options.maxDuration } : {}),
          })
          process.stdout.write(`${summaryTable(results)}\n`)
          if (results.some((r) => r.status !== 'succeeded')) process.exitCode = 1
        } finally {
          await store.close()
        }
      },
    )
    .addHelpText(
      'after',
      `
Progress shows live on a terminal and as JSON lines otherwise. A second run with nothing changed
writes nothing; a run stopped at any point continues where it was on the next run. Records a
destination refuses with its own code go to dead letters (kopru dead-letters list) and never stop
the rest. A vendor that is down, refuses the credentials or answers with something that is not its
answer (a maintenance page) stops that pipeline with nothing filed, after the pauses of retryPauses
in kopru.yaml; the others still run, the exit code is 1, and the next run continues.

Examples:
  kopru sync
  kopru sync customers-and-orders --dry-run
  kopru sync inventory -c shop.yaml
  kopru sync --max-duration 15m`,
    )
}

export function selectPipelines(all: PipelineDef[], names: readonly string[]): PipelineDef[] {
  for (const name of names) {
    if (!(pipelineNames as readonly string[]).includes(name))
      throw new UsageError(`unknown pipeline "${name}"; known: ${pipelineNames.join(', ')}`)
    if (!all.some((p) => p.name === name))
      throw new UsageError(`pipeline "${name}" is not enabled in kopru.yaml`)
  }
  return names.length ? all.filter((p) => names.includes(p.name)) : all
}

/**
 * Runs pipelines one after another with progress; stops at Ctrl-C after the batch in flight. A
 * pipeline that fails is reported with its error and the next one runs.
 */
export async function runAll(
  pipelines: readonly PipelineDef[],
  store: StateStore,
  options: {
    dryRun: boolean
    out?: NodeJS.WriteStream
    /** the engine's pauses before a stream stopped by a transient failure runs again */
    retryPausesMs?: readonly number[]
    /** stops the runs after this long, as Ctrl-C does */
    maxDurationMs?: number
  },
): Promise<RunResult[]> {
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const deadline =
    options.maxDurationMs === undefined
      ? undefined
      : setTimeout(() => {
          ;(options.out ?? process.stderr).write(
            `--max-duration reached: stopping after the batch in flight; the next run continues from there\n`,
          )
          stop()
        }, options.maxDurationMs)
  const view = progressView(options.out ?? process.stderr)
  const planned = options.dryRun ? dryRunPrinter() : undefined
  const results: RunResult[] = []
  try {
    for (const pipeline of pipelines) {
      if (controller.signal.aborted) break
      const started = performance.now()
      try {
        results.push(
          await runPipeline(pipeline, {
            store,
            dryRun: options.dryRun,
            signal: controller.signal,
            onProgress: (p) => view.update(p),
            ...(options.retryPausesMs ? { streamRetryDelaysMs: options.retryPausesMs } : {}),
            ...(planned ? { onPlan: planned.add } : {}),
          }),
        )
      } catch (error) {
        // one pipeline failing (a destination down, a credential refused) leaves the others to run
        results.push(await failedRun(store, pipeline.name, error, performance.now() - started))
      }
    }
  } finally {
    clearTimeout(deadline)
    view.stop()
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    planned?.print()
  }
  return results
}

/** A failed run as a result: what it did before it stopped, as its run record keeps it. */
async function failedRun(
  store: StateStore,
  pipeline: string,
  error: unknown,
  durationMs: number,
): Promise<RunResult> {
  const message = error instanceof Error ? error.message : String(error)
  const [last] = await store.runs({ pipeline, limit: 1 })
  const own = last?.status === 'failed' && last.error === message
  return {
    runId: own ? last.id : undefined,
    pipeline,
    status: 'failed',
    counts: own ? last.counts : {},
    durationMs,
    error: message,
  }
}

/** What a dry run would write, the first few per stream and action, then a count. */
function dryRunPrinter(limit = 10) {
  const seen = new Map<string, string[]>()
  const counts = new Map<string, number>()
  return {
    add(stream: string, planned: Planned<unknown>) {
      const key = `${planned.action} ${stream}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
      const list = seen.get(key) ?? []
      if (list.length < limit) list.push(planned.key)
      seen.set(key, list)
    },
    print() {
      const lines = ['dry run: nothing was written']
      for (const [key, keys] of seen) {
        const more = counts.get(key)! - keys.length
        lines.push(`  would ${key}: ${keys.join(', ')}${more > 0 ? ` and ${more} more` : ''}`)
      }
      process.stdout.write(`${lines.join('\n')}\n`)
    },
  }
}

/** `90s`, `15m`, `2h`, `1h30m`, or a number of seconds, in ms. */
export function parseDuration(value: string, what: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
  const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)?/gy)]
  const total = parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit ?? 's']!, 0)
  if (!parts.length || parts.map((p) => p[0]).join('') !== value.trim() || !(total > 0))
    throw new UsageError(`${what} takes a duration such as 90s, 15m or 2h, got "${value}"`)
  return Math.round(total)
}
