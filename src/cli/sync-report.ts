/**
 * What `kopru sync` says when it is done: per pipeline its status and counts, the records refused in
 * this run (grouped by vendor and code, with what the code means and the command that lists them),
 * and for a pipeline that failed, what failed and what to do. As text for people, and with
 * `--json` as one object per pipeline and a summary for scripts.
 */
import { explainCode } from '../apis/directory.ts'
import { CallError, ConfigError, UnexpectedAnswerError, VendorApiError } from '../core/errors.ts'
import type { StateStore, StreamCounts } from '../model/state.ts'
import type { LoadedConfig } from '../sync/config.ts'
import type { RunResult } from '../sync/engine.ts'
import { streamDestinations } from '../sync/recipes.ts'
import { StateFileError } from '../sync/state-file.ts'
import { connectionProblem, vendorAnswer, type ConnectionProblem } from './connections.ts'
import { configFlag, kopruCommand } from './invocation.ts'
import { summaryTable } from './progress.ts'
import { exitCodeOf, UsageError } from './util.ts'

/** Records refused in one run by one vendor with one code. */
export interface RefusalGroup {
  /** the API that refused them (the stream's destination) */
  api: string | undefined
  code: string | undefined
  count: number
  /** what the code means, or the first refusal's reason when no table explains it */
  explanation: string
}

/** Why a pipeline failed, as scripts read it. */
export interface FailureReport {
  message: string
  /** unreachable, credentials, vendor (its error answer), unexpected-answer, other */
  kind: ConnectionProblem['kind'] | 'vendor' | 'unexpected-answer' | 'other'
  api?: string
  operation?: string
  httpStatus?: number
  vendorCode?: string
  vendorMessage?: string
  explanation?: string
  url?: string
  /** the kopru.yaml entry to look at */
  where?: string
  hint?: string
}

export interface PipelineReport {
  result: RunResult
  refused: RefusalGroup[]
  failure?: FailureReport
}

/** The dead letters `pipeline` filed (or filed again) since `since`, grouped by vendor and code. */
export async function refusalsSince(
  store: StateStore,
  pipeline: string,
  since: string,
): Promise<RefusalGroup[]> {
  const letters = (await store.deadLetters({ pipeline, status: 'open', limit: 1_000_000 })).filter(
    (d) => d.lastAt >= since,
  )
  const groups = new Map<string, RefusalGroup>()
  for (const d of letters) {
    const api = streamDestinations[`${pipeline}/${d.stream}`]
    const key = `${api ?? ''}\u0000${d.code ?? ''}`
    const group = groups.get(key)
    if (group) group.count++
    else
      groups.set(key, {
        api,
        code: d.code,
        count: 1,
        explanation: (api && explainCode(api, d.code)) || shorten(d.reason),
      })
  }
  return [...groups.values()].sort((a, b) => b.count - a.count)
}

function shorten(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

/** A pipeline's error as the user can act on it. */
export function describeFailure(error: unknown, loaded: LoadedConfig | undefined): FailureReport {
  const message = error instanceof Error ? error.message : String(error)
  const call =
    error instanceof CallError ? { api: error.api, operation: error.operationId } : undefined
  const problem = loaded ? connectionProblem(error, loaded) : undefined
  const vendor =
    error instanceof VendorApiError
      ? {
          httpStatus: error.httpStatus,
          ...(error.vendorCode !== undefined ? { vendorCode: error.vendorCode } : {}),
          ...(error.vendorMessage !== undefined ? { vendorMessage: error.vendorMessage } : {}),
          ...withExplanation(explainCode(error.api, error.vendorCode)),
        }
      : undefined
  if (problem) {
    return {
      message: problem.message,
      kind: problem.kind,
      ...call,
      ...vendor,
      url: problem.url,
      where: problem.where,
      hint: problem.hint,
    }
  }
  if (error instanceof VendorApiError) {
    return {
      message: `${error.api} ${error.operationId} failed: ${vendorAnswer(error)}`,
      kind: 'vendor',
      ...call,
      ...vendor,
    }
  }
  if (error instanceof UnexpectedAnswerError)
    return { message, kind: 'unexpected-answer', ...call, httpStatus: error.httpStatus }
  return { message, kind: 'other', ...call }
}

function withExplanation(explanation: string | undefined) {
  return explanation === undefined ? {} : { explanation }
}

/** Each pipeline's result, and what kopru sync prints below its table. */
export function textReport(reports: readonly PipelineReport[], configFile: string): string {
  const lines = [summaryTable(reports.map((r) => r.result))]
  const refused = reports.flatMap((r) => r.refused)
  const total = refused.reduce((n, g) => n + g.count, 0)
  if (total) {
    lines.push(
      '',
      `${total} record${total === 1 ? '' : 's'} refused in this run, kept as dead letters (the rest went on):`,
    )
    for (const g of refused) {
      const by = g.api ? ` by ${g.api}` : ''
      const why = [g.code, g.explanation].filter(Boolean).join(' ')
      lines.push(`  ${g.count} refused${by}${why ? ` (${why})` : ''}`)
    }
    lines.push(`see them: ${kopruCommand(`dead-letters list${configFlag(configFile)}`)}`)
  }
  // pipelines stopped by the same cause (one vendor down) are named together, the cause once
  const causes = new Map<string, { pipelines: string[]; failure: FailureReport }>()
  for (const { result, failure } of reports) {
    if (!failure) continue
    const key = `${failure.message}\n${failure.hint ?? ''}`
    const cause = causes.get(key) ?? { pipelines: [], failure }
    cause.pipelines.push(result.pipeline)
    causes.set(key, cause)
  }
  for (const { pipelines, failure } of causes.values()) {
    lines.push('', `${pipelines.join(', ')} failed: ${failure.message}`)
    if (failure.hint) lines.push(`  ${failure.hint}`)
  }
  return `${lines.join('\n')}\n`
}

/** One pipeline's result as one JSON object (`kopru sync --json`). */
export function jsonResult({ result, refused, failure }: PipelineReport): Record<string, unknown> {
  return {
    type: 'pipeline',
    pipeline: result.pipeline,
    status: result.status,
    runId: result.runId ?? null,
    durationMs: Math.round(result.durationMs),
    streams: result.counts,
    refused,
    error: failure ?? (result.error ? { message: result.error, kind: 'other' } : null),
  }
}

/** The last object of `kopru sync --json`: totals, the exit code, what to run for the refusals. */
export function jsonSummary(
  reports: readonly PipelineReport[],
  configFile: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const totals: StreamCounts = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0 }
  for (const { result } of reports)
    for (const counts of Object.values(result.counts))
      for (const key of Object.keys(totals) as (keyof StreamCounts)[]) totals[key] += counts[key]
  const refused = reports.reduce((n, r) => n + r.refused.reduce((m, g) => m + g.count, 0), 0)
  const count = (status: RunResult['status']) =>
    reports.filter((r) => r.result.status === status).length
  const ok = reports.every((r) => r.result.status === 'succeeded')
  return {
    type: 'summary',
    status: ok ? 'succeeded' : count('failed') ? 'failed' : 'interrupted',
    exitCode: ok ? 0 : 1,
    pipelines: reports.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    interrupted: count('interrupted'),
    totals,
    refused,
    deadLettersCommand: refused ? kopruCommand(`dead-letters list${configFlag(configFile)}`) : null,
    error: null,
    ...extra,
  }
}

/**
 * The summary of `kopru sync --json` when the command itself failed (kopru.yaml, credentials, a
 * usage mistake, the state): the same shape, with the exit code kopru ends with and the error.
 */
export function jsonErrorSummary(error: unknown): Record<string, unknown> {
  const message = error instanceof Error ? error.message : String(error)
  const kind =
    error instanceof UsageError
      ? 'usage'
      : error instanceof ConfigError || (error as Error | undefined)?.cause instanceof ConfigError
        ? 'config'
        : error instanceof StateFileError
          ? 'state'
          : 'other'
  // an error main does not explain ends the process with its stack, exit code 1
  const exitCode = exitCodeOf(error) ?? 1
  return { ...jsonSummary([], ''), status: 'failed', exitCode, error: { message, kind } }
}
