/**
 * The contract a connector implements, beside the canonical records it moves: a source reads
 * records changed since its cursor; a sink writes batches of them idempotently. The sync engine
 * (`src/sync/`) joins them and remembers what was delivered, so neither side needs to know about the
 * other, and a vendor's connector never imports the engine.
 */
import { isRefusal } from '../core/errors.ts'
import type { Mapping, StateStore } from './state.ts'

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
}

/** A canonical record with the identity and change markers the engine tracks. */
export interface Keyed<R> {
  key: string
  record: R
  /** the source's cheap change marker (e.g. a hash of its list row), stored with the mapping */
  version?: string | undefined
  /** groups mappings for aggregation (an order's customer) */
  group?: string | undefined
  /** small facts stored with the mapping (an order's total and date) */
  data?: unknown
}

export interface SourcePage<R> {
  records: Keyed<R>[]
  /** rows the source saw but did not emit because their version is unchanged */
  unchanged?: readonly { key: string }[]
  /** the cursor that is safe once this page and every earlier one are delivered */
  cursor?: unknown
  /** estimated number of rows in the whole read, for progress */
  total?: number
}

/** One object per stream run (and per dead-letter retry): every call of that run gets the same. */
export interface StreamContext {
  pipeline: string
  stream: string
  /** mapping scope of the stream (`<pipeline>/<scope>`) */
  scope: string
  store: StateStore
  now: Date
  /**
   * the run's: give it to every client call (`{ signal: ctx.signal }`, an `iterate`'s second
   * argument), so a stopped run (Ctrl-C, `--max-duration`, a lost lock) ends its calls' waits
   */
  signal: AbortSignal
  /**
   * a dry run: `store` is a throwaway copy of the state, and a sink sends nothing to its
   * destination but answers what it would (its lookups, matching and checks all made)
   */
  dryRun: boolean
  log: Logger
  /** the mappings stored for these keys, to skip fetching what has not changed */
  known(keys: readonly string[]): Promise<Map<string, Mapping>>
}

export interface SourceContext extends StreamContext {
  /** the cursor the last committed run left; undefined on the first run */
  cursor: unknown
}

export interface Source<R> {
  read(ctx: SourceContext): AsyncIterable<SourcePage<R>>
  /**
   * Every run reads everything: once a read completes, records mapped before but not read are
   * gone from the source and handed to the sink's `remove`.
   */
  fullScan?: boolean
}

/** What the engine asks a sink to do with one record. */
export interface Planned<R> {
  key: string
  record: R
  hash: string
  action: 'create' | 'update' | 'remove'
  /** what was delivered last time, when it was */
  previous?: Mapping | undefined
}

export type Outcome =
  /**
   * `skipped`: nothing to do at this destination for now (a unit the marketplace does not list);
   * not remembered, so the record is offered again on the next run. `held`: the destination holds
   * the record already, so nothing was sent: remembered as delivered, counted as skipped.
   */
  | { ok: true; destId?: string | undefined; skipped?: boolean; held?: boolean }
  | { ok: false; reason: string; code?: string | undefined }

export interface Sink<R> {
  /** names the destination in logs and dead letters */
  name: string
  /** the most records one write takes (the destination's documented maximum) */
  batchSize: number
  /** writes in flight at once (default 2) */
  concurrency?: number
  /**
   * one outcome per record, in order; a thrown error fails the whole batch. In a dry run
   * (`ctx.dryRun`) nothing goes to the destination: the outcomes are those it would answer,
   * the input each write would send checked as for sending (`client.prepare`)
   */
  write(batch: Planned<R>[], ctx: StreamContext): Promise<Outcome[]>
  /** records gone from a full scan; without it they are only forgotten */
  remove?(batch: Planned<R>[], ctx: StreamContext): Promise<Outcome[]>
  /** settles work a killed run may have left half done, before the stream reads */
  recover?(ctx: StreamContext): Promise<void>
  /** the content hash that decides whether a record changed (default: of the whole record) */
  hash?(record: R): string
}

/**
 * Memoises `load` for one stream run, keyed by its context object: a sink reads what it needs from
 * its destination (a catalogue, a category tree) once per run rather than once per batch. A load
 * that fails is forgotten, so the next batch tries again.
 */
export function oncePerRun<T>(
  load: (ctx: StreamContext) => Promise<T>,
): (ctx: StreamContext) => Promise<T> {
  const loaded = new WeakMap<StreamContext, Promise<T>>()
  return (ctx) => {
    let value = loaded.get(ctx)
    if (!value) {
      value = load(ctx)
      loaded.set(ctx, value)
      value.catch(() => loaded.delete(ctx))
    }
    return value
  }
}

/**
 * A sink built on first use, for one whose options need a call first (a group id looked up by
 * name): `name` and `batchSize` are known up front, the rest waits for `create`. A dry run's sink
 * is made apart and not kept: what it stood in for (a group not created) must not reach a run.
 */
export function deferredSink<R>(
  name: string,
  batchSize: number,
  create: (ctx: StreamContext) => Promise<Sink<R>>,
): Sink<R> {
  let made: Promise<Sink<R>> | undefined
  const dry = oncePerRun(create)
  const sink = (ctx: StreamContext) => {
    if (ctx.dryRun) return dry(ctx)
    made ??= create(ctx).catch((error: unknown) => {
      made = undefined
      throw error
    })
    return made
  }
  return {
    name,
    batchSize,
    write: async (batch, ctx) => (await sink(ctx)).write(batch, ctx),
    remove: async (batch, ctx) => {
      const inner = await sink(ctx)
      return inner.remove ? inner.remove(batch, ctx) : batch.map((): Outcome => ({ ok: true }))
    },
    recover: async (ctx) => (await sink(ctx)).recover?.(ctx),
  }
}

/**
 * A record's outcome when writing it threw: the vendor's refusal (or kopru's refusal to send it) as
 * a failed outcome with the vendor's code; anything else (an outage, a defect) is thrown on, so
 * the engine stops instead of filing the record as refused.
 */
export function refusedOutcome(error: unknown): Outcome {
  if (!isRefusal(error)) throw error
  const code = 'vendorCode' in error ? error.vendorCode : undefined
  return { ok: false, reason: error.message, code: code ?? 'invalid' }
}
