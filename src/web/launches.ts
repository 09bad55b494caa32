/**
 * Runs started from the dashboard: each a `runPipeline` in this process, watched while it goes
 * (per-stream counts, rate and ETA, log lines, requests per API with their 429s and retries) and
 * remembered afterwards, with what a dry run would write. Requests are told apart per run by the
 * signal they carry (each run's own), so two pipelines running at once count each their own.
 */
import type { Hooks } from '../core/transport.ts'
import type { Logger, Planned } from '../model/connector.ts'
import type { RequestTally, StateStore, StreamCounts } from '../model/state.ts'
import { PipelineLockedError, runPipeline, type Progress, type RunResult } from '../sync/engine.ts'
import type { PipelineDef } from '../sync/stream.ts'
import { fieldChanges, type FieldChange } from './diff.ts'

export interface StreamProgress {
  counts: StreamCounts
  total?: number | undefined
  elapsedMs: number
  done: boolean
  /** records read a second, since the stream started */
  rate: number
  /** seconds left, when the source says how many it holds */
  etaSeconds?: number | undefined
}

export interface LogLine {
  at: string
  level: 'info' | 'warn'
  message: string
}

export interface LaunchView {
  id: number
  pipeline: string
  dryRun: boolean
  state: 'running' | RunResult['status']
  /** the state's run id (none for a dry run: it ran on a throwaway copy) */
  runId?: number | undefined
  startedAt: string
  finishedAt?: string | undefined
  durationMs?: number | undefined
  error?: string | undefined
  streams: Record<string, StreamProgress>
  requests: Record<string, RequestTally>
  log: LogLine[]
  /** what the run wrote or, dry, would write: per stream and action */
  planned: Record<string, { create: number; update: number; remove: number }>
  /** a dry run's records were let go (newer dry runs keep theirs): its diff is empty */
  planDropped?: boolean
}

/** One record a dry run would write, with its changes against what was delivered last. */
export interface PlanRow {
  stream: string
  key: string
  action: Planned<unknown>['action']
  changes: FieldChange[]
  /** fields the same as delivered last */
  unchanged: number
}

interface Launch {
  view: LaunchView
  pipeline: PipelineDef
  plan: { stream: string; planned: Planned<unknown> }[]
  listeners: Set<(event: LaunchEvent) => void>
  done: Promise<void>
  controller: AbortController
}

export type LaunchEvent = { type: 'update' | 'done'; launch: LaunchView }

const MAX_LOG = 500
/** a dry run's records kept for its diff; the counts cover them all */
const MAX_PLAN = 20_000
/** launches remembered, newest kept */
const MAX_LAUNCHES = 200
/** dry runs whose records are kept for their diff, the newest */
const KEEP_PLANS = 10
let lastId = 0

export class Launches {
  private readonly launches = new Map<number, Launch>()
  /** each running launch by the signal its calls carry */
  private readonly bySignal = new WeakMap<AbortSignal, LaunchView>()

  /** give these to the clients the pipelines use: they count each run's requests */
  readonly hooks: Hooks = {
    afterResponse: ({ api, status, signal }) => {
      const tally = this.tally(api, signal)
      if (!tally) return
      tally.requests++
      if (status === 429) tally.throttled++
      else if (status >= 400) tally.failed++
    },
    beforeRetry: ({ api, signal }) => {
      const tally = this.tally(api, signal)
      if (tally) tally.retries++
    },
  }

  constructor(
    private readonly options: {
      store: StateStore
      pipelines: () => readonly PipelineDef[]
      log?: Logger
      onRun?: (result: RunResult) => void
    },
  ) {}

  /**
   * Starts a run; resolves once it is under way (a real run has its id then). A pipeline whose
   * lock another run holds is a PipelineLockedError; an unknown one a RangeError.
   */
  async start(name: string, dryRun: boolean): Promise<LaunchView> {
    const pipeline = this.options.pipelines().find((p) => p.name === name)
    if (!pipeline) throw new RangeError(`no pipeline ${name}`)
    const view: LaunchView = {
      id: ++lastId,
      pipeline: name,
      dryRun,
      state: 'running',
      startedAt: new Date().toISOString(),
      streams: {},
      requests: {},
      log: [],
      planned: {},
    }
    const launch: Launch = {
      view,
      pipeline,
      plan: [],
      listeners: new Set(),
      done: Promise.resolve(),
      controller: new AbortController(),
    }
    let started!: () => void
    const underWay = new Promise<void>((resolve) => (started = resolve))
    const emit = throttled(() => this.emit(launch, 'update'), 200)
    const say = (level: LogLine['level']) => (message: string) => {
      view.log.push({ at: new Date().toISOString(), level, message })
      if (view.log.length > MAX_LOG) view.log.splice(0, view.log.length - MAX_LOG)
      this.options.log?.[level](`${name}: ${message}`)
      emit()
    }
    const run = () =>
      runPipeline(pipeline, {
        store: this.options.store,
        dryRun,
        signal: launch.controller.signal,
        log: { info: say('info'), warn: say('warn') },
        requests: () => view.requests,
        onStart: (runId, signal) => {
          this.bySignal.set(signal, view)
          if (!dryRun) view.runId = runId
          started()
        },
        onProgress: (progress) => {
          view.streams[progress.stream] = streamProgress(progress)
          emit()
        },
        onPlan: (stream, planned) => {
          const tally = (view.planned[stream] ??= { create: 0, update: 0, remove: 0 })
          tally[planned.action]++
          if (dryRun && launch.plan.length < MAX_PLAN) launch.plan.push({ stream, planned })
        },
      })
    const finished = run().then(
      (result) => {
        Object.assign(view, {
          state: result.status,
          durationMs: result.durationMs,
          ...(result.error ? { error: result.error } : {}),
        })
        this.options.onRun?.(result)
      },
      (error: unknown) => {
        view.state = 'failed'
        view.error = error instanceof Error ? error.message : String(error)
        return error
      },
    )
    launch.done = finished.then(() => {
      view.finishedAt = new Date().toISOString()
      view.durationMs ??= Date.parse(view.finishedAt) - Date.parse(view.startedAt)
      emit.flush()
      this.emit(launch, 'done')
    })
    // whichever comes first: under way, or refused before it started (its lock held)
    const early = await Promise.race([underWay.then(() => undefined), finished])
    if (early !== undefined) {
      if (early instanceof PipelineLockedError) throw early
    }
    this.remember(launch)
    return view
  }

  get(id: number): LaunchView | undefined {
    return this.launches.get(id)?.view
  }

  /** the launch that ran this state run, when it was started here */
  byRun(runId: number): LaunchView | undefined {
    for (const { view } of this.launches.values()) if (view.runId === runId) return view
    return undefined
  }

  list(): LaunchView[] {
    return [...this.launches.values()].map((l) => l.view).reverse()
  }

  /** Listens to a launch's updates until it is done (then `done` once); answers how to stop. */
  subscribe(id: number, listener: (event: LaunchEvent) => void): () => void {
    const launch = this.launches.get(id)
    if (!launch) throw new RangeError(`no launch ${id}`)
    launch.listeners.add(listener)
    return () => launch.listeners.delete(listener)
  }

  async settled(id: number): Promise<LaunchView | undefined> {
    const launch = this.launches.get(id)
    await launch?.done
    return launch?.view
  }

  /**
   * A page of what a dry run would write, each record beside what was delivered last (the state's
   * snapshot; none for a record never delivered).
   */
  async plan(
    id: number,
    { stream, offset = 0, limit = 50 }: { stream?: string; offset?: number; limit?: number },
  ): Promise<{ rows: PlanRow[]; total: number; kept: number } | undefined> {
    const launch = this.launches.get(id)
    if (!launch) return undefined
    const all = stream ? launch.plan.filter((p) => p.stream === stream) : launch.plan
    const page = all.slice(offset, offset + limit)
    const scopes = new Map(launch.pipeline.streams.map((s) => [s.name, s.scope ?? s.name]))
    const byStream = new Map<string, string[]>()
    for (const { stream: s, planned } of page)
      (byStream.get(s) ?? byStream.set(s, []).get(s)!).push(planned.key)
    const delivered = new Map<string, unknown>()
    for (const [s, keys] of byStream) {
      const found = await this.options.store.delivered(
        `${launch.view.pipeline}/${scopes.get(s)}`,
        keys,
      )
      for (const [key, record] of found) delivered.set(`${s}\u0000${key}`, record)
    }
    const rows = page.map(({ stream: s, planned }): PlanRow => {
      const before = delivered.get(`${s}\u0000${planned.key}`)
      const changes =
        planned.action === 'remove'
          ? fieldChanges(before, undefined)
          : fieldChanges(before, planned.record)
      const fields = fieldChanges(undefined, planned.record).length
      return {
        stream: s,
        key: planned.key,
        action: planned.action,
        changes,
        unchanged:
          planned.action === 'remove'
            ? 0
            : fields - changes.filter((c) => c.after !== undefined).length,
      }
    })
    const total = Object.entries(launch.view.planned)
      .filter(([s]) => !stream || s === stream)
      .reduce((n, [, t]) => n + t.create + t.update + t.remove, 0)
    return { rows, total, kept: all.length }
  }

  /** Stops the runs going and waits for them. */
  async close(): Promise<void> {
    for (const launch of this.launches.values()) launch.controller.abort()
    await Promise.all([...this.launches.values()].map((l) => l.done))
  }

  private tally(api: string, signal: AbortSignal | undefined): RequestTally | undefined {
    const view = signal && this.bySignal.get(signal)
    if (!view) return undefined
    return (view.requests[api] ??= { requests: 0, throttled: 0, retries: 0, failed: 0 })
  }

  private remember(launch: Launch) {
    this.launches.set(launch.view.id, launch)
    for (const [id, old] of this.launches) {
      if (this.launches.size <= MAX_LAUNCHES) break
      if (old.view.state !== 'running') this.launches.delete(id)
    }
    // the records of older dry runs go: their counts stay, their diffs are not kept
    const dry = [...this.launches.values()].filter((l) => l.view.dryRun)
    for (const old of dry.slice(0, Math.max(0, dry.length - KEEP_PLANS))) {
      if (!old.plan.length) continue
      old.plan = []
      old.view.planDropped = true
    }
  }

  private emit(launch: Launch, type: LaunchEvent['type']) {
    for (const listener of launch.listeners) listener({ type, launch: launch.view })
  }
}

function streamProgress(progress: Progress): StreamProgress {
  const seconds = progress.elapsedMs / 1000
  const rate = seconds > 0 ? progress.counts.read / seconds : 0
  const left = progress.total === undefined ? undefined : progress.total - progress.counts.read
  return {
    counts: { ...progress.counts },
    total: progress.total,
    elapsedMs: progress.elapsedMs,
    done: progress.done,
    rate,
    etaSeconds:
      !progress.done && left !== undefined && rate > 0 ? Math.max(0, left / rate) : undefined,
  }
}

/** Calls `fn` at most once every `ms`, the last call never lost. */
function throttled(fn: () => void, ms: number): (() => void) & { flush(): void } {
  let timer: NodeJS.Timeout | undefined
  let last = 0
  const call = () => {
    timer = undefined
    last = Date.now()
    fn()
  }
  const wrapped = () => {
    if (timer) return
    const wait = last + ms - Date.now()
    if (wait <= 0) call()
    else timer = setTimeout(call, wait)
  }
  wrapped.flush = () => {
    if (timer) clearTimeout(timer)
    call()
  }
  return wrapped
}
