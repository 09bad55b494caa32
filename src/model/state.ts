/**
 * What the sync engine remembers between runs, behind one interface: SQLite in process by default
 * (`sqlite.ts`); a PostgreSQL store implements the same methods. Every method is async so a network
 * store fits; `commit` is the one atomic write the engine makes after each delivered batch.
 */
import type { ConsentLedger } from './consent.ts'

/** A record kopru has delivered: what it was sent as, so an unchanged record is not sent again. */
export interface Mapping {
  /** the source key (`softtr:22112026194033-VPN`) */
  key: string
  /** the destination's id, when it gives one */
  destId?: string | undefined
  /** content hash of the canonical record as last delivered */
  hash: string
  /** the source's cheap change marker (a hash of its list row), to skip fetching details */
  version?: string | undefined
  /** groups mappings for later aggregation, e.g. the customer an order belongs to */
  group?: string | undefined
  /** small facts kept for aggregation (an order's total and date) */
  data?: unknown
  /**
   * The canonical record as delivered, for a dry run's diff. Written only: `mappings()`, `groups()`
   * and `groupMembers()` leave it out (the sync reads mappings for every page), `delivered()`
   * reads it. A mapping written without it forgets the one before.
   */
  record?: unknown
  updatedAt?: string
}

/** What a dead letter keeps of a refused record: what a retry sends again, as its mapping would be. */
export interface RefusedRecord {
  action: 'create' | 'update' | 'remove'
  record: unknown
  version?: string | undefined
  group?: string | undefined
  data?: unknown
}

/**
 * What the engine and its sinks file as a dead letter's record: the refused record, or null for a
 * note to a person (a sink that cannot tell what its destination holds now), which holds nothing a
 * retry can send and stays open until dismissed once checked by hand.
 */
export type DeadLetterRecord = RefusedRecord | null

export interface NewDeadLetter {
  stream: string
  key: string
  /**
   * a `DeadLetterRecord`; the store keeps it as given, so what it answers is untrusted (an older
   * kopru's, a note's null): read it only through `refusedRecord`
   */
  record: unknown
  /** the vendor's own code (`E126`), when it gave one */
  code?: string | undefined
  reason: string
}

export interface DeadLetter extends NewDeadLetter {
  id: number
  pipeline: string
  attempts: number
  firstAt: string
  lastAt: string
  /** open: not delivered; resolved: delivered since; dismissed: given up on by the operator */
  status: DeadLetterStatus
}

export type DeadLetterStatus = 'open' | 'resolved' | 'dismissed'

/** The record a retry can send again; undefined for a note to check by hand (or one unreadable). */
export function refusedRecord(letter: Pick<DeadLetter, 'record'>): RefusedRecord | undefined {
  const saved = letter.record
  if (typeof saved !== 'object' || saved === null || !('action' in saved) || !('record' in saved))
    return undefined
  return ['create', 'update', 'remove'].includes(saved.action as string)
    ? (saved as RefusedRecord)
    : undefined
}

/** Which dead letters to answer: every condition given holds, oldest (lowest id) first. */
export interface DeadLetterFilter {
  pipeline?: string
  status?: DeadLetterStatus
  /** any of these streams (an empty list matches nothing) */
  streams?: readonly { pipeline: string; stream: string }[]
  code?: string
  /** only these */
  ids?: readonly number[]
  /** the last id of the page before: the next page starts after it */
  after?: number
  limit?: number
}

/** Work a sink declared before an effect that is not idempotent, cleared once the effect is known. */
export interface Intent {
  key: string
  data: unknown
  createdAt: string
}

export interface StreamCounts {
  read: number
  created: number
  updated: number
  skipped: number
  failed: number
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted'

/** What a run asked of one API. */
export interface RequestTally {
  /** answers received (each attempt counts) */
  requests: number
  /** answers 429 */
  throttled: number
  /** attempts made again after a 429, a 5xx, a timeout or a dropped connection */
  retries: number
  /** other answers 4xx or 5xx (a look-up that finds nothing among them) */
  failed: number
}

export interface RunRecord {
  id: number
  pipeline: string
  dryRun: boolean
  status: RunStatus
  startedAt: string
  finishedAt?: string | undefined
  counts: Record<string, StreamCounts>
  /**
   * `run`: the run's own tally at its end. `commits`: the run has not finished (still running, or
   * its process died): what its committed batches wrote, created, updated (removals among them)
   * and failed, with `read` their sum; what it read and skipped beyond that is not known.
   */
  countsFrom?: 'run' | 'commits'
  error?: string | undefined
  /** the process that ran it, as its lock owner (`<host>:<pid>:<uuid>`), when recorded */
  owner?: string | undefined
  /** while that process holds a lock: when it lapses unless renewed (a live run renews it) */
  heldUntil?: string | undefined
  /** the requests it made, by API name, when its end recorded them */
  requests?: Record<string, RequestTally> | undefined
}

export interface AuditEntry {
  stream: string
  key: string
  action: 'create' | 'update' | 'delete' | 'fail' | 'retry' | 'dismiss'
  detail?: string | undefined
}

/** One atomic write: after a batch is delivered, everything it changed, together. */
export interface Commit {
  pipeline: string
  /** mapping scope: `<pipeline>/<stream scope>` */
  scope: string
  mappings?: readonly Mapping[]
  removeMappings?: readonly string[]
  deadLetters?: readonly NewDeadLetter[]
  /** keys whose open dead letters are now delivered */
  resolveDeadLetters?: readonly { stream: string; key: string }[]
  /** the stream's new cursor; omitted leaves it as it was */
  cursor?: { stream: string; value: unknown }
  putIntents?: readonly { key: string; data: unknown }[]
  clearIntents?: readonly string[]
  audit?: readonly AuditEntry[]
}

/** What the engine keeps, the consent ledger (`consent.ts`) among it. */
export interface StateStore extends ConsentLedger {
  /**
   * Takes the named lock for `ttlMs`; false when someone else holds a lock that has not expired,
   * unless that holder is `replacing` (one the caller has found dead: a killed run's).
   */
  acquireLock(
    name: string,
    owner: string,
    ttlMs: number,
    options?: { replacing?: string },
  ): Promise<boolean>
  /** Who holds the named lock, expired or not; undefined when nobody does. */
  lockHolder(name: string): Promise<string | undefined>
  /** Extends a held lock; false when it was lost (expired and taken by another). */
  renewLock(name: string, owner: string, ttlMs: number): Promise<boolean>
  releaseLock(name: string, owner: string): Promise<void>

  /** `owner`: the lock owner running it, so that a run whose process died can be told */
  startRun(pipeline: string, options: { dryRun: boolean; owner?: string }): Promise<number>
  finishRun(
    id: number,
    result: {
      status: RunStatus
      counts: Record<string, StreamCounts>
      error?: string
      requests?: Record<string, RequestTally>
    },
  ): Promise<void>
  /** Newest first; `before` (a run's id) pages to the runs older than it. */
  runs(filter?: { pipeline?: string; limit?: number; before?: number }): Promise<RunRecord[]>
  run(id: number): Promise<RunRecord | undefined>
  /** Runs still marked running whose lock is gone: they were killed. */
  markInterrupted(pipeline: string): Promise<number>

  cursor(pipeline: string, stream: string): Promise<unknown>
  cursors(): Promise<{ pipeline: string; stream: string; value: unknown; updatedAt: string }[]>

  mappings(scope: string, keys: readonly string[]): Promise<Map<string, Mapping>>
  /** Every key of a scope, in key order, a page at a time (for records gone from a full scan). */
  mappingKeys(scope: string, after: string | undefined, limit: number): Promise<string[]>
  /** The mappings of groups in group order, a page of groups at a time. */
  groups(
    scope: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ group: string; mappings: Mapping[] }[]>
  /** The mappings of these groups. */
  groupMembers(scope: string, groups: readonly string[]): Promise<Map<string, Mapping[]>>
  countMappings(scope?: string): Promise<number>
  /** The records as last delivered, of those keys that have one kept. */
  delivered(scope: string, keys: readonly string[]): Promise<Map<string, unknown>>

  intents(scope: string): Promise<Intent[]>

  deadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>
  /** How many dead letters each pipeline, stream and code has (a dashboard's facets). */
  deadLetterCounts(filter?: {
    status?: DeadLetterStatus
  }): Promise<{ pipeline: string; stream: string; code: string | undefined; count: number }[]>
  /**
   * Gives up on open dead letters (a record the source has since corrected under another key, one
   * the operator chose not to deliver): they leave the open list, recorded in the audit log.
   * Answers the ids dismissed; ids not open are left as they are.
   */
  dismissDeadLetters(ids: readonly number[]): Promise<number[]>

  auditLog(filter?: {
    pipeline?: string
    limit?: number
  }): Promise<(AuditEntry & { pipeline: string; at: string })[]>

  commit(commit: Commit): Promise<void>
  /**
   * A throwaway copy of the whole state, for a dry run: it behaves as the state (what earlier
   * streams of the run deliver is there for later ones), and what is written to it goes nowhere.
   */
  scratch(): Promise<StateStore>
  close(): Promise<void>
}

export const emptyCounts = (): StreamCounts => ({
  read: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  failed: 0,
})
