/** `kopru sync [pipeline…]`: runs the pipelines of kopru.yaml once, incrementally. */
import { Command } from 'commander'
import type { LoadedConfig } from '../../sync/config.ts'
import { runPipeline } from '../../sync/engine.ts'
import { buildPipelines, configFor, pipelineNames } from '../../sync/recipes.ts'
import { openState } from '../../sync/open-state.ts'
import type { StateStore } from '../../model/state.ts'
import type { Logger, Planned } from '../../model/connector.ts'
import type { PipelineDef } from '../../sync/stream.ts'
import { clientsFor } from '../connections.ts'
import { progressView, type ProgressView } from '../progress.ts'
import { didYouMean } from '../suggest.ts'
import {
  describeFailure,
  jsonErrorSummary,
  jsonResult,
  jsonSummary,
  refusalsSince,
  textReport,
  type PipelineReport,
} from '../sync-report.ts'
import { failsAsJson, loadCliConfig, stopOnSignal, UsageError } from '../util.ts'

interface SyncOptions {
  config: string
  dryRun?: boolean
  maxDuration?: string
  json?: boolean
}

export function syncCommand(): Command {
  const command = new Command('sync')
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
    )
    .option(
      '--json',
      'print one JSON object per pipeline as it ends, then a summary object, on standard output',
    )
    .action((names: string[], options: SyncOptions) => sync(names, options))
    .addHelpText(
      'after',
      `
Progress shows live on a terminal and as JSON lines otherwise (standard error). A second run with
nothing changed writes nothing; a run stopped at any point continues where it was on the next run.
Records a destination refuses with its own code go to dead letters and never stop the rest: the
summary counts them by vendor and code and names the command that lists them (kopru dead-letters
list). A vendor that cannot be reached is named at once with the kopru.yaml entry of its URL, while
its client keeps retrying. A vendor that stays down, refuses the credentials or answers with
something that is not its answer (a maintenance page) stops that pipeline with nothing filed, after
the pauses of retryPauses in kopru.yaml; the others still run, the exit code is 1, and the next run
continues.

With --json, standard output holds one object per pipeline ({"type":"pipeline", pipeline, status,
streams: {<stream>: {read, created, updated, skipped, failed}}, refused: [{api, code, count,
explanation}], error: {message, kind, api, operation, httpStatus, vendorCode, vendorMessage,
explanation, hint} or null}) and a last {"type":"summary", status, exitCode, totals, refused,
error, …}. A run that cannot start (kopru.yaml, credentials, a usage mistake) prints that summary
alone, its error {message, kind} (kind: config, usage, state or other).

Examples:
  kopru sync
  kopru sync customers-and-orders --dry-run
  kopru sync inventory -c shop.yaml
  kopru sync --max-duration 15m
  kopru sync --json 2>progress.jsonl | jq 'select(.type == "summary")'`,
    )
  // with --json, standard output ends with a summary even when the run could not start
  return failsAsJson(command, jsonErrorSummary)
}

/** One `kopru sync`: the pipelines named (or all enabled), each reported as it ends. */
async function sync(names: string[], options: SyncOptions): Promise<void> {
  checkPipelineNames(names)
  const maxDurationMs =
    options.maxDuration === undefined
      ? undefined
      : parseDuration(options.maxDuration, '--max-duration')
  const whole = loadCliConfig(options.config)
  // the pipelines run and the connections they use: no other connection's credentials asked
  const loaded = { ...whole, config: configFor(whole.config, names) }
  const view = progressView()
  const clients = await clientsFor(loaded, (problem) =>
    view.note(
      'connection.unreachable',
      `${problem.message}; retrying (Ctrl-C stops). ${problem.hint}`,
      { api: problem.api, url: problem.url, where: problem.where, hint: problem.hint },
    ),
  )
  const pipelines = selectPipelines(buildPipelines(loaded.config, clients), names)
  const plan = options.dryRun ? dryRunPlan() : undefined
  const store = await openState(loaded.statePath)
  try {
    const reports = await runAll(pipelines, store, {
      dryRun: options.dryRun ?? false,
      view,
      loaded,
      retryPausesMs: loaded.config.retryPauses.map((seconds) => seconds * 1000),
      ...(maxDurationMs !== undefined ? { maxDurationMs } : {}),
      ...(plan ? { onPlan: plan.add } : {}),
      ...(options.json
        ? { onReport: (r) => process.stdout.write(`${JSON.stringify(jsonResult(r))}\n`) }
        : {}),
    })
    if (options.json) {
      const extra = plan ? { dryRun: true, planned: plan.entries() } : {}
      const summary = jsonSummary(reports, options.config, extra)
      process.stdout.write(`${JSON.stringify(summary)}\n`)
    } else {
      process.stdout.write(textReport(reports, options.config))
      if (plan) process.stdout.write(plan.text())
    }
    if (reports.some((r) => r.result.status !== 'succeeded')) process.exitCode = 1
  } finally {
    await store.close()
  }
}

/** Pipeline names as typed: each one kopru knows, or a usage error with the closest one. */
function checkPipelineNames(names: readonly string[]): void {
  for (const name of names) {
    if (!(pipelineNames as readonly string[]).includes(name))
      throw new UsageError(
        `unknown pipeline "${name}"${didYouMean(name, pipelineNames)}; known: ${pipelineNames.join(', ')}`,
      )
  }
}

export function selectPipelines(all: PipelineDef[], names: readonly string[]): PipelineDef[] {
  checkPipelineNames(names)
  for (const name of names) {
    if (!all.some((p) => p.name === name))
      throw new UsageError(`pipeline "${name}" is not enabled in kopru.yaml`)
  }
  return names.length ? all.filter((p) => names.includes(p.name)) : all
}

export interface RunAllOptions {
  dryRun: boolean
  /** where progress and notes go (default: standard error, live on a terminal) */
  view?: ProgressView
  /** kopru.yaml, to trace a failure to the entry behind it */
  loaded?: LoadedConfig
  /** the engine's pauses before a stream stopped by a transient failure runs again */
  retryPausesMs?: readonly number[]
  /** stops the runs after this long, as Ctrl-C does */
  maxDurationMs?: number
  /** what a dry run would write, record by record */
  onPlan?: (stream: string, planned: Planned<unknown>) => void
  /** each pipeline's report as soon as it ends */
  onReport?: (report: PipelineReport) => void
}

/**
 * Runs pipelines one after another with progress; stops at Ctrl-C after the batch in flight. A
 * pipeline that fails is reported with its error and the next one runs. Each report counts the
 * records refused in that run.
 */
export async function runAll(
  pipelines: readonly PipelineDef[],
  store: StateStore,
  options: RunAllOptions,
): Promise<PipelineReport[]> {
  const view = options.view ?? progressView()
  const { signal, stop, release } = stopOnSignal()
  const deadline =
    options.maxDurationMs === undefined
      ? undefined
      : setTimeout(() => {
          view.note(
            'run.max-duration',
            '--max-duration reached: stopping after the batch in flight; the next run continues from there',
          )
          stop()
        }, options.maxDurationMs)
  // the engine's own account of a stream running again after an outage, as it happens; how a
  // pipeline ended is in the summary
  const log: Logger = {
    info: () => {},
    warn: (message, fields) => {
      if (!/^pipeline \S+ (failed|interrupted):/.test(message))
        view.note('warning', message, fields)
    },
  }
  const reports: PipelineReport[] = []
  try {
    for (const pipeline of pipelines) {
      if (signal.aborted) break
      const started = performance.now()
      const since = new Date().toISOString()
      let report: PipelineReport
      try {
        const result = await runPipeline(pipeline, {
          store,
          dryRun: options.dryRun,
          signal,
          log,
          onProgress: (p) => view.update(p),
          ...(options.retryPausesMs ? { streamRetryDelaysMs: options.retryPausesMs } : {}),
          ...(options.onPlan ? { onPlan: options.onPlan } : {}),
        })
        report = { result, refused: [] }
      } catch (error) {
        // one pipeline failing (a destination down, a credential refused) leaves the others to run
        const result = await failedRun(store, pipeline.name, error, performance.now() - started)
        report = { result, refused: [], failure: describeFailure(error, options.loaded) }
      }
      if (!options.dryRun) report.refused = await refusalsSince(store, pipeline.name, since)
      reports.push(report)
      options.onReport?.(report)
    }
  } finally {
    clearTimeout(deadline)
    view.stop()
    release()
  }
  return reports
}

/** A failed run as a result: what it did before it stopped, as its run record keeps it. */
async function failedRun(store: StateStore, pipeline: string, error: unknown, durationMs: number) {
  const message = error instanceof Error ? error.message : String(error)
  const [last] = await store.runs({ pipeline, limit: 1 })
  const own = last?.status === 'failed' && last.error === message
  return {
    runId: own ? last.id : undefined,
    pipeline,
    status: 'failed' as const,
    counts: own ? last.counts : {},
    durationMs,
    error: message,
  }
}

/** What a dry run would write: per stream and action, a count and the first few keys. */
function dryRunPlan(limit = 10) {
  const seen = new Map<string, { action: string; stream: string; count: number; keys: string[] }>()
  return {
    add(stream: string, planned: Planned<unknown>) {
      const id = `${planned.action} ${stream}`
      const entry = seen.get(id) ?? { action: planned.action, stream, count: 0, keys: [] }
      entry.count++
      if (entry.keys.length < limit) entry.keys.push(planned.key)
      seen.set(id, entry)
    },
    entries() {
      return [...seen.values()]
    },
    text() {
      const lines = ['dry run: nothing was written']
      for (const { action, stream, count, keys } of seen.values()) {
        const more = count - keys.length
        lines.push(
          `  would ${action} ${stream}: ${keys.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
        )
      }
      return `${lines.join('\n')}\n`
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
