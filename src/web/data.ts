/**
 * What the dashboard shows, read from the state and the running server: one function per view,
 * answered as JSON by `/api/` and rendered by the pages from the same objects. Every list is paged
 * by id, so ten thousand runs or a hundred thousand dead letters cost one page each.
 */
import { explainCode } from '../apis/directory.ts'
import type { Emulator } from '../emulator/host.ts'
import type { LoggedRequest } from '../emulator/request-log.ts'
import { consentPerson, consentStanding, type ConsentEntry } from '../model/consent.ts'
import type {
  DeadLetter,
  DeadLetterStatus,
  RunRecord,
  StateStore,
  StreamCounts,
} from '../model/state.ts'
import { liveStatus } from '../sync/engine.ts'
import { streamDestinations } from '../sync/recipes.ts'
import type { PipelineDef } from '../sync/stream.ts'
import type { KopruServer, WebhookEffect } from '../sync/serve.ts'
import type { LaunchView, Launches } from './launches.ts'

/** One state the dashboard serves: a configuration's, or a tenant's among many. */
export interface Space {
  tenant: string
  store: StateStore
  pipelines(): readonly PipelineDef[]
  launches: Launches
  /** seconds between scheduled runs of each pipeline, when they are scheduled */
  everySeconds?: number | undefined
}

export interface WebhooksView {
  counts: Record<string, number>
  rejected: readonly { receivedAt: Date | string; reason: string; body: string }[]
  events: readonly WebhookEffect[]
}

/** The webhooks a server took, when it takes any. */
export function webhooksView(options: {
  server?: Pick<KopruServer, 'receiver' | 'effects'> | undefined
}): WebhooksView | undefined {
  const receiver = options.server?.receiver
  if (!receiver) return undefined
  return { counts: receiver.counts, rejected: receiver.rejected, events: options.server!.effects }
}

const HISTORY = 30

export interface PipelineOverview {
  name: string
  description?: string | undefined
  streams: string[]
  lastRun?: RunRecord | undefined
  /** the launch going on now, when this server started it */
  running?: LaunchView | undefined
  nextRunAt?: string | undefined
  openDeadLetters: number
  /** the last runs, oldest first: records written (created + updated) per run */
  history: { id: number; startedAt: string; status: string; written: number }[]
}

export async function overview(space: Space) {
  const counts = await space.store.deadLetterCounts({ status: 'open' })
  const open = (pipeline: string) =>
    counts.filter((c) => c.pipeline === pipeline).reduce((n, c) => n + c.count, 0)
  const pipelines: PipelineOverview[] = []
  for (const p of space.pipelines()) {
    const runs = (await space.store.runs({ pipeline: p.name, limit: HISTORY })).map(live)
    const lastReal = runs.find((r) => !r.dryRun)
    const running = space.launches
      .list()
      .find((l) => l.pipeline === p.name && l.state === 'running')
    pipelines.push({
      name: p.name,
      description: p.description,
      streams: p.streams.map((s) => s.name),
      lastRun: runs[0],
      running,
      nextRunAt:
        space.everySeconds && lastReal
          ? new Date(Date.parse(lastReal.startedAt) + space.everySeconds * 1000).toISOString()
          : undefined,
      openDeadLetters: open(p.name),
      history: runs
        .filter((r) => !r.dryRun)
        .reverse()
        .map((r) => ({
          id: r.id,
          startedAt: r.startedAt,
          status: r.status,
          written: written(r.counts),
        })),
    })
  }
  return {
    tenant: space.tenant,
    pipelines,
    openDeadLetters: counts.reduce((n, c) => n + c.count, 0),
  }
}

/** A run as it stands now: one still marked running whose process died is interrupted. */
export function live(run: RunRecord): RunRecord {
  const status = liveStatus(run)
  return status === run.status ? run : { ...run, status }
}

/** A run of the state, as it stands now. */
export async function runView(space: Space, id: number): Promise<RunRecord | undefined> {
  const run = await space.store.run(id)
  return run && live(run)
}

export function written(counts: Record<string, StreamCounts>): number {
  return Object.values(counts).reduce((n, c) => n + c.created + c.updated, 0)
}

export const PAGE = 50

export async function runsPage(
  space: Space,
  {
    pipeline,
    before,
    limit = PAGE,
  }: { pipeline?: string | undefined; before?: number | undefined; limit?: number },
) {
  const runs = (
    await space.store.runs({
      ...(pipeline ? { pipeline } : {}),
      ...(before !== undefined ? { before } : {}),
      limit: limit + 1,
    })
  ).map(live)
  const more = runs.length > limit
  const page = runs.slice(0, limit)
  return { runs: page, older: more ? page.at(-1)!.id : undefined }
}

/** The vendor a dead letter's stream writes to. */
export function vendorOf(pipeline: string, stream: string): string | undefined {
  return streamDestinations[`${pipeline}/${stream}`]
}

export interface DeadLetterFilter {
  status?: DeadLetterStatus | undefined
  pipeline?: string | undefined
  vendor?: string | undefined
  code?: string | undefined
  after?: number | undefined
  limit?: number | undefined
}

export async function deadLettersPage(space: Space, filter: DeadLetterFilter) {
  const status = filter.status ?? 'open'
  const facets = await space.store.deadLetterCounts({ status })
  // a vendor is the streams that write to it
  const streams = filter.vendor
    ? facets
        .filter((f) => vendorOf(f.pipeline, f.stream) === filter.vendor)
        .map(({ pipeline, stream }) => ({ pipeline, stream }))
    : undefined
  const limit = filter.limit ?? PAGE
  const letters = await space.store.deadLetters({
    status,
    ...(filter.pipeline ? { pipeline: filter.pipeline } : {}),
    ...(streams ? { streams: unique(streams) } : {}),
    ...(filter.code ? { code: filter.code } : {}),
    ...(filter.after !== undefined ? { after: filter.after } : {}),
    limit: limit + 1,
  })
  const more = letters.length > limit
  const page = letters.slice(0, limit).map(explained)
  const sum = (pick: (f: (typeof facets)[number]) => string | undefined) => {
    const out: Record<string, number> = {}
    for (const f of facets) {
      const key = pick(f)
      if (key !== undefined) out[key] = (out[key] ?? 0) + f.count
    }
    return out
  }
  const matches = (f: (typeof facets)[number]) =>
    (!filter.pipeline || f.pipeline === filter.pipeline) &&
    (!filter.vendor || vendorOf(f.pipeline, f.stream) === filter.vendor) &&
    (!filter.code || f.code === filter.code)
  return {
    letters: page,
    next: more ? page.at(-1)!.id : undefined,
    total: facets.reduce((n, f) => n + f.count, 0),
    matching: facets.filter(matches).reduce((n, f) => n + f.count, 0),
    facets: {
      pipeline: sum((f) => f.pipeline),
      vendor: sum((f) => vendorOf(f.pipeline, f.stream)),
      code: sum((f) => f.code),
    },
    codes: Object.fromEntries(
      unique(facets.map((f) => [vendorOf(f.pipeline, f.stream), f.code] as const))
        .filter(([api, code]) => api && code)
        .map(([api, code]) => [code!, explainCode(api!, code) ?? '']),
    ),
  }
}

export type ExplainedDeadLetter = DeadLetter & {
  vendor?: string | undefined
  explanation?: string | undefined
}

function explained(d: DeadLetter): ExplainedDeadLetter {
  const vendor = vendorOf(d.pipeline, d.stream)
  const explanation = vendor ? explainCode(vendor, d.code) : undefined
  return { ...d, vendor, ...(explanation ? { explanation } : {}) }
}

function unique<T>(items: readonly T[]): T[] {
  const seen = new Map(items.map((i) => [JSON.stringify(i), i]))
  return [...seen.values()]
}

export interface ConsentView {
  person: string
  verdicts: ReturnType<typeof consentStanding>
  entries: ConsentEntry[]
}

/** A person's ledger; undefined for what is neither an address nor a GSM number. */
export async function consentView(space: Space, address: string): Promise<ConsentView | undefined> {
  const person = consentPerson(address)
  if (!person) return undefined
  const entries = await space.store.consentOf([person])
  return { person, verdicts: consentStanding(entries, person), entries }
}

export interface EmulatorView {
  name: string
  baseUrl: string
  /** the size of each collection the emulator holds */
  state: Record<string, number>
  chaos: unknown
  /** the latest requests, newest first */
  requests: LoggedRequest[]
  /** the requests its log holds (it keeps the latest ones) */
  logged: number
}

export function emulatorView(emulator: Emulator, baseUrl: string, recent = 25): EmulatorView {
  return {
    name: emulator.name,
    baseUrl,
    state: stateCounts(emulator.state),
    chaos: emulator.chaos.settings,
    requests: emulator.log.list({ limit: recent }).reverse(),
    logged: emulator.log.count(),
  }
}

/** Each collection's size: a map's, a list's, an object's keys'. */
export function stateCounts(state: unknown): Record<string, number> {
  const out: Record<string, number> = {}
  if (!state || typeof state !== 'object') return out
  for (const [key, value] of Object.entries(state)) {
    if (value instanceof Map || value instanceof Set) out[key] = value.size
    else if (Array.isArray(value)) out[key] = value.length
    else if (value && typeof value === 'object') out[key] = Object.keys(value).length
  }
  return out
}
