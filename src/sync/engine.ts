/**
 * Runs a pipeline: each stream reads from its source, skips what was already delivered unchanged,
 * writes the rest through its sink in batches, and commits mappings, dead letters and the cursor in
 * one transaction after each delivered batch. At-least-once into idempotent sinks: a run killed at
 * any point repeats at most the batch in flight, and the mappings make the repeat a no-op.
 */
import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { hostname } from 'node:os'
import { KopruError, isRefusal, isTransient } from '../core/errors.ts'
import { mapConcurrent } from '../core/limits.ts'
import { contentHash } from '../core/hash.ts'
import {
  emptyCounts,
  refusedRecord,
  type Commit,
  type DeadLetter,
  type Mapping,
  type NewDeadLetter,
  type RefusedRecord,
  type RequestTally,
  type RunRecord,
  type RunStatus,
  type StateStore,
  type StreamCounts,
} from '../model/state.ts'
import type {
  Keyed,
  Logger,
  Outcome,
  Planned,
  SourceContext,
  StreamContext,
} from '../model/connector.ts'
import type { PipelineDef, StreamDef } from './stream.ts'
import { StreamTally, type ReadMark } from './tally.ts'

export interface Progress {
  pipeline: string
  stream: string
  counts: StreamCounts
  /** rows the source expects in all, when it knows */
  total?: number | undefined
  /** since this stream started */
  elapsedMs: number
  done: boolean
}

export interface RunOptions {
  store: StateStore
  dryRun?: boolean
  signal?: AbortSignal
  log?: Logger
  onProgress?: (progress: Progress) => void
  /** each record a sink wrote, or in a dry run would write, after its batch */
  onPlan?: (stream: string, planned: Planned<unknown>) => void
  clock?: () => Date
  /**
   * called with the run's id once it is recorded (logs that name the run), and the signal its
   * calls carry (what transport hooks see as `signal`, to tell one run's requests from another's)
   */
  onStart?: (runId: number, signal: AbortSignal) => void
  /** how long a lock lives without a heartbeat; a killed run's lock expires after it */
  lockTtlMs?: number
  /**
   * The pauses before a stream stopped by a transient failure (the vendor unreachable, throttling
   * or answering garbage after the client's own retries) runs again from its last delivered batch,
   * within the same run; one entry per second chance. Default 2 s, 10 s, 30 s.
   */
  streamRetryDelaysMs?: readonly number[]
  /** how the pauses are waited out (tests record them instead) */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** the requests the run made, per API, recorded with its end */
  requests?: () => Record<string, RequestTally>
}

const defaultStreamRetryDelaysMs = [2_000, 10_000, 30_000]

export interface RunResult {
  runId: number | undefined
  pipeline: string
  status: 'succeeded' | 'failed' | 'interrupted'
  counts: Record<string, StreamCounts>
  durationMs: number
  error?: string
}

export class PipelineLockedError extends KopruError {
  constructor(
    readonly pipeline: string,
    message = `pipeline ${pipeline} is already running (another kopru sync holds its lock); it frees itself when that run ends or stops renewing it`,
  ) {
    super(message)
  }
}

const silent: Logger = { info: () => {}, warn: () => {} }

export async function runPipeline(pipeline: PipelineDef, options: RunOptions): Promise<RunResult> {
  const dryRun = options.dryRun ?? false
  // a dry run is a run against a throwaway copy of the state, its sinks sending nothing: what it
  // reports is what the run would do, stream after stream (customers from the orders it delivers)
  const store = dryRun ? await options.store.scratch() : options.store
  try {
    const result = await runOn(store, pipeline, { ...options, dryRun })
    return dryRun ? { ...result, runId: undefined } : result
  } finally {
    if (dryRun) await store.close()
  }
}

async function runOn(
  store: StateStore,
  pipeline: PipelineDef,
  options: RunOptions & { dryRun: boolean },
): Promise<RunResult> {
  const { dryRun } = options
  const clock = options.clock ?? (() => new Date())
  const log = options.log ?? silent
  const started = performance.now()
  const counts: Record<string, StreamCounts> = {}
  const controller = new AbortController()
  const lock = await lockPipeline(store, pipeline.name, {
    ttlMs: options.lockTtlMs,
    lost: (reason) => controller.abort(reason),
  })
  const owner = lock.owner
  const signal = options.signal
    ? AbortSignal.any([options.signal, controller.signal])
    : controller.signal
  // every call of the run listens to this one signal, as many at once as the limiter allows
  setMaxListeners(0, signal)
  // from here on, whatever fails (the state refusing the run's start, too) frees the lock: a
  // long-lived worker would otherwise never run this pipeline again
  try {
    // we hold the lock, so a run still marked running was killed
    await store.markInterrupted(pipeline.name)
    const runId = await store.startRun(pipeline.name, { dryRun, owner })
    options.onStart?.(runId, signal)
    let status: RunResult['status'] = 'succeeded'
    let error: string | undefined
    const finish = () =>
      store.finishRun(runId, {
        status,
        counts,
        ...(error ? { error } : {}),
        ...(options.requests ? { requests: options.requests() } : {}),
      })
    try {
      const delays = options.streamRetryDelaysMs ?? defaultStreamRetryDelaysMs
      for (const stream of pipeline.streams) {
        if (signal.aborted) break
        const tally = new StreamTally()
        counts[stream.name] = tally.counts
        for (let attempt = 0; ; attempt++) {
          try {
            await runStream(pipeline.name, stream, tally, {
              store,
              dryRun,
              signal,
              log,
              now: clock(),
              onProgress: options.onProgress,
              onPlan: options.onPlan,
            })
            break
          } catch (thrown) {
            const delay = delays[attempt]
            if (signal.aborted || delay === undefined || !isTransient(thrown)) throw thrown
            const reason = thrown instanceof Error ? thrown.message : String(thrown)
            log.warn(
              `${pipeline.name}/${stream.name} stopped: ${reason}; running it again from its last delivered batch in ${delay / 1000} s (${attempt + 1} of ${delays.length})`,
            )
            await (options.sleep ?? pause)(delay, signal)
            tally.restart()
          }
        }
      }
      if (signal.aborted) status = 'interrupted'
    } catch (thrown) {
      status = signal.aborted ? 'interrupted' : 'failed'
      error = thrown instanceof Error ? thrown.message : String(thrown)
      log.warn(`pipeline ${pipeline.name} ${status}: ${error}`)
      if (status === 'failed') {
        await finish()
        throw thrown
      }
    }
    await finish()
    return {
      runId,
      pipeline: pipeline.name,
      status,
      counts,
      durationMs: performance.now() - started,
      ...(error ? { error } : {}),
    }
  } finally {
    // released even when the state cannot take the run's end (its database is down)
    await lock.release()
  }
}

/**
 * Takes a pipeline's lock, one holder at a time (a run, a dead-letter retry: each would write what
 * the other writes), renewed until released; `lost` hears when another took it meanwhile.
 */
async function lockPipeline(
  store: StateStore,
  pipeline: string,
  options: { ttlMs?: number | undefined; lost: (reason: unknown) => void; busy?: string },
): Promise<{ owner: string; release: () => Promise<void> }> {
  const { lost, ttlMs = 60_000 } = options
  const name = `pipeline:${pipeline}`
  const owner = lockOwner()
  const locked =
    (await store.acquireLock(name, owner, ttlMs)) ||
    (await takeOverFromDead(store, name, owner, ttlMs))
  if (!locked) throw new PipelineLockedError(pipeline, options.busy)
  const heartbeat = setInterval(() => {
    store.renewLock(name, owner, ttlMs).then((held) => {
      if (!held) lost(new PipelineLockedError(pipeline))
    }, lost)
  }, ttlMs / 3)
  heartbeat.unref()
  return {
    owner,
    release: async () => {
      clearInterval(heartbeat)
      await store.releaseLock(name, owner)
    },
  }
}

/** Waits `ms`, or less when `signal` aborts (the run then ends as interrupted). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** A lock owner names its process: `<host>:<pid>:<uuid>`. */
function lockOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID()}`
}

/**
 * Takes a lock whose holder was a process on this machine that no longer exists: a run killed
 * (SIGKILL, a crash, a power cut) never releases its lock, and waiting for it to expire would make
 * `kopru sync` refuse to start again for a whole TTL. A holder on another host, or one that cannot
 * be told, is left to expire.
 */
async function takeOverFromDead(
  store: StateStore,
  name: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  const holder = await store.lockHolder(name)
  if (holder === undefined || !isDeadLocalProcess(holder)) return false
  return store.acquireLock(name, owner, ttlMs, { replacing: holder })
}

export function isDeadLocalProcess(owner: string): boolean {
  const parts = owner.split(':')
  if (parts.length < 3) return false
  const pid = Number(parts.at(-2))
  if (parts.slice(0, -2).join(':') !== hostname() || !Number.isSafeInteger(pid) || pid <= 0)
    return false
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    // EPERM: alive, someone else's
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

interface StreamRun {
  store: StateStore
  dryRun: boolean
  signal: AbortSignal
  log: Logger
  now: Date
  onProgress: RunOptions['onProgress']
  onPlan: RunOptions['onPlan']
}

async function runStream(
  pipeline: string,
  stream: StreamDef,
  tally: StreamTally,
  run: StreamRun,
): Promise<void> {
  const { store, dryRun, signal } = run
  const scope = `${pipeline}/${stream.scope ?? stream.name}`
  const sink = stream.sink
  const hash = (record: unknown) => (sink.hash ? sink.hash(record) : contentHash(record))
  // the source's last look-up, reused for the page it yields (one query per page, not two); a
  // commit may change what it found, so each commit forgets it, and a look-up that a commit
  // overlapped (a source reading ahead while the engine writes) is never kept
  let looked: { keys: Set<string>; found: Map<string, Mapping> } | undefined
  let commits = 0
  const ctx: StreamContext = {
    pipeline,
    stream: stream.name,
    scope,
    store,
    now: run.now,
    signal,
    dryRun,
    log: run.log,
    known: async (keys) => {
      const before = commits
      const found = await store.mappings(scope, keys)
      if (commits === before) looked = { keys: new Set(keys), found }
      return found
    },
  }
  let total: number | undefined
  // a stream's rate and ETA count from its own start, not the pipeline's
  const started = performance.now()
  const report = (done: boolean) =>
    run.onProgress?.({
      pipeline,
      stream: stream.name,
      counts: { ...tally.counts },
      total,
      elapsedMs: performance.now() - started,
      done,
    })

  if (!dryRun) await sink.recover?.(ctx)
  const cursor = await store.cursor(pipeline, stream.name)
  const sourceCtx: SourceContext = { ...ctx, cursor }
  const seen = stream.source.fullScan ? new Set<string>() : undefined
  // what the destination refused, by key and content: sent again by `retry`, or by a run once the
  // source changes it, never by every run as it stands (a second run would write again)
  const refused = new Map<string, string>()
  // keys with a note for a person (no record kept): the run goes on around them, and delivering
  // the key later does not close the note, which only a person who checked it dismisses
  const notes = new Set<string>()
  for (const letter of await store.deadLetters({
    streams: [{ pipeline, stream: stream.name }],
    status: 'open',
    limit: 1_000_000,
  })) {
    const saved = refusedRecord(letter)
    if (saved) refused.set(letter.key, hash(saved.record))
    else notes.add(letter.key)
  }

  // planned records wait here until a full round of batches is ready, so writes go out at the
  // sink's maximum size even when the source's pages are smaller; a page's cursor is committed
  // with the batch that delivers its last record
  let pending: Planned<unknown>[] = []
  const pendingKeyed = new Map<string, Keyed<unknown>>()
  let versionOnly: Mapping[] = []
  let marks: { end: number; value: unknown; read: ReadMark }[] = []
  const roundSize = sink.batchSize * (sink.concurrency ?? 2)

  const flush = async (count: number) => {
    const batch = pending.slice(0, count)
    pending = pending.slice(count)
    const keyed = new Map(batch.map((p) => [p.key, pendingKeyed.get(p.key)!]))
    for (const p of batch) pendingKeyed.delete(p.key)
    const touched = versionOnly
    versionOnly = []
    const committable = marks.filter((m) => m.end <= count).at(-1)
    marks = marks.filter((m) => m.end > count).map((m) => ({ ...m, end: m.end - count }))
    const outcomes = await deliver(batch, (part) => sink.write(part, ctx), sink)
    announce(batch, outcomes, stream.name, run.onPlan)
    commits++
    // counted once committed: a batch whose commit fails is delivered again by the next attempt
    const counted = emptyCounts()
    await store.commit(
      commitFor(pipeline, scope, stream.name, batch, outcomes, keyed, counted, {
        touched,
        cursor: committable && { value: committable.value },
        notes,
      }),
    )
    // the records the cursor covers are never read again: only those after it are kept
    const uncovered = batch.slice(committable?.end ?? 0).map((p) => p.key)
    tally.committed(counted, uncovered, committable?.read)
    commits++
    looked = undefined
    report(false)
  }

  /** Takes a key's planned write out of those waiting, the page marks after it moved up. */
  const unplan = (key: string) => {
    if (!pendingKeyed.delete(key)) return
    const at = pending.findIndex((p) => p.key === key)
    pending.splice(at, 1)
    marks = marks.map((m) => (m.end > at ? { ...m, end: m.end - 1 } : m))
  }

  for await (const page of stream.source.read(sourceCtx)) {
    if (signal.aborted) return
    if (page.total !== undefined) total = page.total
    const unchanged = page.unchanged ?? []
    tally.read(page.records.length + unchanged.length)
    for (const { key } of unchanged) {
      tally.skip(key)
      seen?.add(key)
    }
    const keys = page.records.map((r) => r.key)
    const seenBySource = looked
    const previous =
      seenBySource && keys.every((key) => seenBySource.keys.has(key))
        ? seenBySource.found
        : await store.mappings(scope, keys)
    looked = undefined
    for (const keyed of page.records) {
      seen?.add(keyed.key)
      const before = previous.get(keyed.key)
      const h = hash(keyed.record)
      if (before && before.hash === h) {
        // a later read is the record as it is now: an earlier one waiting to go out is stale
        unplan(keyed.key)
        tally.skip(keyed.key)
        // same content, new list marker: remember it so the next run skips the detail fetch
        if (keyed.version !== undefined && keyed.version !== before.version)
          versionOnly.push({ ...before, version: keyed.version })
        continue
      }
      if (refused.get(keyed.key) === h) {
        unplan(keyed.key)
        tally.skip(keyed.key)
        continue
      }
      const planned: Planned<unknown> = {
        key: keyed.key,
        record: keyed.record,
        hash: h,
        action: before ? 'update' : 'create',
        previous: before,
      }
      // the same key twice before a flush: the later read takes the earlier one's place
      const twice = pendingKeyed.has(keyed.key) ? pending.findIndex((p) => p.key === keyed.key) : -1
      if (twice >= 0) pending[twice] = planned
      else pending.push(planned)
      pendingKeyed.set(keyed.key, keyed)
    }
    if (page.cursor !== undefined)
      marks.push({ end: pending.length, value: page.cursor, read: tally.mark() })
    while (pending.length >= roundSize) await flush(roundSize)
    if (pending.length === 0 && (marks.length || versionOnly.length)) await flush(0)
    else report(false)
  }
  if (signal.aborted) return
  await flush(pending.length)
  if (seen) await removeGone(pipeline, stream, scope, seen, tally, ctx, run.onPlan, notes)
  report(true)
}

/** Tells `onPlan` of each record a sink wrote, or in a dry run would write. */
function announce(
  batch: Planned<unknown>[],
  outcomes: Outcome[],
  stream: string,
  onPlan: RunOptions['onPlan'],
): void {
  if (onPlan)
    batch.forEach((planned, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok && !outcome.skipped && !outcome.held) onPlan(stream, planned)
    })
}

/** Sends planned records in batches at the sink's maximum, a few at once, one outcome each. */
async function deliver(
  batch: Planned<unknown>[],
  send: (part: Planned<unknown>[]) => Promise<Outcome[]>,
  sink: { batchSize: number; concurrency?: number },
): Promise<Outcome[]> {
  const parts: Planned<unknown>[][] = []
  for (let i = 0; i < batch.length; i += sink.batchSize)
    parts.push(batch.slice(i, i + sink.batchSize))
  const results = await mapConcurrent(parts, sink.concurrency ?? 2, async (part) => {
    try {
      const outcomes = await send(part)
      if (outcomes.length !== part.length)
        throw new KopruError(`sink answered ${outcomes.length} outcomes for ${part.length} records`)
      return outcomes
    } catch (error) {
      // only the vendor's refusal of what was sent files these records as refused; anything else
      // (the destination unreachable, refusing the caller, answering garbage, a defect here) stops
      // the stream with nothing of this round committed, so a later run sends it again
      if (!isRefusal(error)) throw error
      const code = 'vendorCode' in error ? error.vendorCode : 'invalid'
      return part.map((): Outcome => ({ ok: false, reason: error.message, code }))
    }
  })
  return results.flat()
}

function commitFor(
  pipeline: string,
  scope: string,
  stream: string,
  batch: Planned<unknown>[],
  outcomes: Outcome[],
  keyed: Map<string, Keyed<unknown>>,
  counts: StreamCounts,
  extra: {
    touched: Mapping[]
    cursor: { value: unknown } | undefined
    /** keys whose open note for a person stays open whatever becomes of them */
    notes?: ReadonlySet<string>
  },
): Commit {
  const mappings: Mapping[] = [...extra.touched]
  const removeMappings: string[] = []
  const deadLetters: NewDeadLetter[] = []
  const resolveDeadLetters: { stream: string; key: string }[] = []
  const audit: Commit['audit'] & object[] = []
  batch.forEach((planned, i) => {
    const outcome = outcomes[i]!
    if (outcome.ok && outcome.skipped) {
      counts.skipped++
      resolveDeadLetters.push({ stream, key: planned.key })
    } else if (outcome.ok) {
      if (planned.action === 'remove') {
        removeMappings.push(planned.key)
      } else {
        const source = keyed.get(planned.key)
        mappings.push({
          key: planned.key,
          destId: outcome.destId ?? planned.previous?.destId,
          hash: planned.hash,
          version: source?.version,
          group: source?.group,
          data: source?.data,
          record: planned.record,
        })
      }
      resolveDeadLetters.push({ stream, key: planned.key })
      if (outcome.held) {
        counts.skipped++
      } else {
        counts[planned.action === 'create' ? 'created' : 'updated']++
        audit.push({ stream, key: planned.key, action: auditAction(planned.action) })
      }
    } else {
      const source = keyed.get(planned.key)
      const saved: RefusedRecord = {
        action: planned.action,
        record: planned.record,
        version: source?.version,
        group: source?.group,
        data: source?.data,
      }
      deadLetters.push({
        stream,
        key: planned.key,
        record: saved,
        code: outcome.code,
        reason: outcome.reason,
      })
      counts.failed++
      audit.push({ stream, key: planned.key, action: 'fail', detail: outcome.reason })
    }
  })
  return {
    pipeline,
    scope,
    // one mapping a key, the last one (a key read on two pages before its batch, as offset paging
    // does while rows arrive, is touched twice): a store may take each key once per statement
    mappings: [...new Map(mappings.map((m) => [m.key, m])).values()],
    removeMappings,
    deadLetters,
    resolveDeadLetters: extra.notes?.size
      ? resolveDeadLetters.filter((r) => !extra.notes!.has(r.key))
      : resolveDeadLetters,
    audit,
    ...(extra.cursor ? { cursor: { stream, value: extra.cursor.value } } : {}),
  }
}

function auditAction(action: Planned<unknown>['action']) {
  return action === 'remove' ? ('delete' as const) : action
}

/** After a complete full scan: what was delivered before and is no longer in the source. */
async function removeGone(
  pipeline: string,
  stream: StreamDef,
  scope: string,
  seen: Set<string>,
  tally: StreamTally,
  ctx: StreamContext,
  onPlan: RunOptions['onPlan'],
  notes: ReadonlySet<string>,
): Promise<void> {
  const gone: string[] = []
  for (let after: string | undefined; ;) {
    const keys = await ctx.store.mappingKeys(scope, after, 1000)
    if (!keys.length) break
    gone.push(...keys.filter((k) => !seen.has(k)))
    after = keys.at(-1)
  }
  if (!gone.length) return
  const previous = await ctx.store.mappings(scope, gone)
  const planned = gone.map((key): Planned<unknown> => ({
    key,
    record: previous.get(key)?.data,
    hash: '',
    action: 'remove',
    previous: previous.get(key),
  }))
  const sink = stream.sink
  const outcomes = sink.remove
    ? await deliver(planned, (part) => sink.remove!(part, ctx), sink)
    : planned.map((): Outcome => ({ ok: true }))
  announce(planned, outcomes, stream.name, onPlan)
  const counted = emptyCounts()
  await ctx.store.commit(
    commitFor(pipeline, scope, stream.name, planned, outcomes, new Map(), counted, {
      touched: [],
      cursor: undefined,
      notes,
    }),
  )
  tally.committed(counted, gone)
}

/** What a dead-letter retry did with the open letters it took. */
export interface RetryResult {
  /** the open letters taken */
  retried: number
  delivered: number
  /** left open: refused again, or notes for a person */
  failed: number
  /**
   * of those left open, the ids of notes for a person (no record kept): nothing a retry can send;
   * dismissed once checked by hand. Absent when there is none.
   */
  byHand?: number[]
}

/**
 * Sends open dead letters of a pipeline through their streams' sinks again, holding the pipeline's
 * lock as a run does (a run at the same time would write what the retry writes). Each sink first
 * settles what a killed run or a half-done write left (its `recover`, as a run starts), so that a
 * record found written is planned as an update, never created again. A note for a person is not
 * sent: it stays open, counted as failed and named in `byHand`. `signal` stops the calls (a
 * stopped retry commits nothing of the batch it was in: those letters stay open).
 */
export async function retryDeadLetters(
  pipeline: PipelineDef,
  options: {
    store: StateStore
    ids?: readonly number[]
    log?: Logger
    clock?: () => Date
    signal?: AbortSignal
    /** how long the lock lives without a heartbeat */
    lockTtlMs?: number
  },
): Promise<RetryResult> {
  const { store } = options
  const log = options.log ?? silent
  const open = await store.deadLetters({
    pipeline: pipeline.name,
    status: 'open',
    ids: options.ids,
    limit: options.ids?.length ?? 100_000,
  })
  // a pipeline with nothing to retry is not kept from running
  if (!open.length) return { retried: 0, delivered: 0, failed: 0 }
  const controller = new AbortController()
  const lock = await lockPipeline(store, pipeline.name, {
    ttlMs: options.lockTtlMs,
    lost: (reason) => controller.abort(reason),
    busy: `pipeline ${pipeline.name} is running (a kopru sync holds its lock): retry its dead letters once that run ends`,
  })
  try {
    const signal = options.signal
      ? AbortSignal.any([options.signal, controller.signal])
      : controller.signal
    setMaxListeners(0, signal)
    let delivered = 0
    const byHand: number[] = []
    for (const stream of pipeline.streams) {
      const taken = new Set(open.filter((d) => d.stream === stream.name).map((d) => d.id))
      if (!taken.size) continue
      const scope = `${pipeline.name}/${stream.scope ?? stream.name}`
      const ctx: StreamContext = {
        pipeline: pipeline.name,
        stream: stream.name,
        scope,
        store,
        now: (options.clock ?? (() => new Date()))(),
        signal,
        dryRun: false,
        log,
        known: (keys) => store.mappings(scope, keys),
      }
      const sink = stream.sink
      await sink.recover?.(ctx)
      // read again under the lock: what recover settled, or a run delivered before it, is
      // delivered; what recover filed meanwhile is not this retry's to send
      const letters = (
        await store.deadLetters({
          streams: [{ pipeline: pipeline.name, stream: stream.name }],
          status: 'open',
          ids: [...taken],
          limit: taken.size,
        })
      ).filter((d) => taken.has(d.id))
      delivered += taken.size - letters.length
      const saved = new Map<string, RefusedRecord>()
      const notes: DeadLetter[] = []
      for (const d of letters) {
        const record = refusedRecord(d)
        if (record) saved.set(d.key, record)
        else notes.push(d)
      }
      byHand.push(...notes.map((d) => d.id))
      if (notes.length)
        log.warn(
          `${pipeline.name}/${stream.name}: ${notes.map((d) => `#${d.id} (${d.key})`).join(', ')} kept no record to send: a note to check by hand, then dismiss`,
        )
      if (!saved.size) continue
      const previous = await store.mappings(scope, [...saved.keys()])
      const planned = [...saved].map(([key, { action, record }]): Planned<unknown> => {
        const before = previous.get(key)
        return {
          key,
          record,
          hash: action === 'remove' ? '' : (sink.hash?.(record) ?? contentHash(record)),
          action: action === 'remove' ? 'remove' : before ? 'update' : 'create',
          previous: before,
        }
      })
      const counts = emptyCounts()
      const writes = planned.filter((p) => p.action !== 'remove')
      const removals = planned.filter((p) => p.action === 'remove')
      const outcomes = [
        ...(await deliver(writes, (part) => sink.write(part, ctx), sink)),
        ...(sink.remove
          ? await deliver(removals, (part) => sink.remove!(part, ctx), sink)
          : removals.map((): Outcome => ({ ok: true }))),
      ]
      const ordered = [...writes, ...removals]
      const keyed = new Map(ordered.map((p) => [p.key, { ...saved.get(p.key)!, key: p.key }]))
      const commit = commitFor(
        pipeline.name,
        scope,
        stream.name,
        ordered,
        outcomes,
        keyed,
        counts,
        {
          touched: [],
          cursor: undefined,
        },
      )
      await store.commit({
        ...commit,
        audit: [
          ...(commit.audit ?? []),
          ...ordered.map((p) => ({ stream: stream.name, key: p.key, action: 'retry' as const })),
        ],
      })
      delivered += counts.created + counts.updated
    }
    return {
      retried: open.length,
      delivered,
      failed: open.length - delivered,
      ...(byHand.length ? { byHand } : {}),
    }
  } finally {
    await lock.release()
  }
}

/**
 * A run's status as it stands now. A run stays `running` in the state until it finishes, so one
 * whose process died (SIGKILL, a crash, a power cut) would look alive until the next sync of its
 * pipeline; it is `interrupted` as soon as its process no longer holds its lock: the process is
 * gone from this host, or (on another host) it stopped renewing the lock and the lock lapsed.
 */
export function liveStatus(run: RunRecord, now = Date.now()): RunStatus {
  // a run from before runs recorded their process cannot be told
  if (run.status !== 'running' || run.owner === undefined) return run.status
  const held = run.heldUntil !== undefined && Date.parse(run.heldUntil) > now
  return held && !isDeadLocalProcess(run.owner) ? 'running' : 'interrupted'
}
