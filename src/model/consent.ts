/**
 * Consent as kopru keeps it: a ledger per person and channel of who said what, through which tool,
 * when and on what source (the audit trail a Turkish business keeps for İYS). Tools report events
 * (`ConsentEvent`); the ledger decides a person's standing per channel (`consentVerdict`): the
 * latest say wins, an opt-out over an opt-in of the same instant, and an opt-in counts only with a
 * recorded source and time. No opt-in is ever invented.
 */
import { foldEmail } from '../core/text.ts'
import type { Keyed, Outcome, Planned, Sink, StreamContext } from './connector.ts'
import type { Consent } from './index.ts'
import { normaliseTurkishGsm } from './phone.ts'

export type ConsentChannel = Consent['channel']
export const consentChannels: readonly ConsentChannel[] = ['email', 'sms', 'whatsapp']
/** what a person said: the ledger holds no `unknown` (that is the absence of entries) */
export type ConsentSaid = 'denied' | 'allowed'

/** One thing a person said (or a tool observed: a hard bounce), as a tool reported it. */
export interface ConsentEvent {
  /** the address: an e-mail address as `foldEmail` writes it, or a GSM number as E.164 digits */
  person: string
  channel: ConsentChannel
  status: ConsentSaid
  /** the tool it was said through (`setrow`, `mailkomplet`, `loyaltii`) */
  tool: string
  /** what it was: `unsubscribe`, `hardBounce`, `spam`, `junk`, `wrong`, `iys`, `limit`, `permission` */
  reason: string
  /** when it was said, as the tool dates it (ISO 8601) */
  at: string
  /** the consent's source (İYS `HS_WEB`, a permission source): an opt-in without one counts nowhere */
  source?: string | undefined
  /** the tool's own identity of the event: an event reported twice is recorded once */
  ref: string
}

/** An event as the ledger holds it: in the order it was recorded. */
export interface ConsentEntry extends ConsentEvent {
  seq: number
  recordedAt: string
}

/** A person's standing on one channel, and the entry that decided it. */
export interface ConsentVerdict {
  person: string
  channel: ConsentChannel
  status: ConsentSaid
  decidedBy: ConsentEntry
  /**
   * the tools that hold this standing already: their own latest say is it, said after every say
   * against it
   */
  heardBy: string[]
}

/** The one form of an address the ledger keys people by; undefined when it is neither. */
export function consentPerson(address: string | undefined | null): string | undefined {
  if (!address) return undefined
  const text = address.trim()
  if (text.includes('@')) return foldEmail(text)
  return normaliseTurkishGsm(text)
}

/** Whether an entry may decide anything: an opt-in counts only with its source and time. */
export function counts(entry: ConsentEvent): boolean {
  return entry.status === 'denied' || (!!entry.source && !Number.isNaN(Date.parse(entry.at)))
}

/** An entry's time for ordering: one the tool wrote unreadably ranks oldest, whatever the order. */
function timeOf(entry: ConsentEvent): number {
  const ms = Date.parse(entry.at)
  return Number.isNaN(ms) ? -Infinity : ms
}

/** Whether `a` says later than `b`; at the same instant an opt-out is the later say. */
function later(a: ConsentEvent, b: ConsentEvent): boolean {
  const [ta, tb] = [timeOf(a), timeOf(b)]
  return ta > tb || (ta === tb && a.status === 'denied' && b.status !== 'denied')
}

/**
 * The standing of `person` on `channel` from their entries (any order, other people's and
 * channels' ignored); undefined when nothing counts. The latest say wins; at the same instant an
 * opt-out wins.
 */
export function consentVerdict(
  entries: readonly ConsentEntry[],
  person: string,
  channel: ConsentChannel,
): ConsentVerdict | undefined {
  const latestByStatus = new Map<ConsentSaid, ConsentEntry>()
  const latestByTool = new Map<string, ConsentEntry>()
  for (const entry of entries) {
    if (entry.person !== person || entry.channel !== channel || !counts(entry)) continue
    const same = latestByStatus.get(entry.status)
    if (!same || later(entry, same)) latestByStatus.set(entry.status, entry)
    const own = latestByTool.get(entry.tool)
    if (!own || later(entry, own)) latestByTool.set(entry.tool, entry)
  }
  const [denied, allowed] = [latestByStatus.get('denied'), latestByStatus.get('allowed')]
  const decided = denied && (!allowed || later(denied, allowed)) ? denied : allowed
  if (!decided) return undefined
  const against = decided === denied ? allowed : denied
  // a tool's own say is held only when said after the latest say against it: kopru may have
  // written that one over it since (an İYS opt-in lifting a mail limit)
  const heardBy = [...latestByTool]
    .filter(([, own]) => own.status === decided.status && (!against || later(own, against)))
    .map(([tool]) => tool)
    .sort()
  return { person, channel, status: decided.status, decidedBy: decided, heardBy }
}

/** A person's standing on every channel something counts on: status and the deciding entry's seq. */
export function consentStanding(
  entries: readonly ConsentEntry[],
  person: string,
): Partial<Record<ConsentChannel, { status: ConsentSaid; decidedBy: number }>> {
  return Object.fromEntries(
    consentChannels.flatMap((channel) => {
      const v = consentVerdict(entries, person, channel)
      return v ? [[channel, { status: v.status, decidedBy: v.decidedBy.seq }]] : []
    }),
  )
}

/**
 * Whether the ledger forbids marketing to `address` on `channel`: what a pipeline that adds people
 * to a marketing list asks first, so that it never re-allows a person who said no.
 */
export async function consentDenied(
  ledger: Pick<ConsentLedger, 'consentOf'>,
  address: string | undefined,
  channel: ConsentChannel,
): Promise<boolean> {
  const person = consentPerson(address)
  if (!person) return false
  return consentVerdict(await ledger.consentOf([person]), person, channel)?.status === 'denied'
}

/** The ledger's part of the state store (`state.ts`). */
export interface ConsentLedger {
  /** Records the events whose `ref` is new; answers those recorded (the others were known). */
  recordConsent(events: readonly ConsentEvent[]): Promise<ConsentEntry[]>
  /** Every entry of these people, in the order recorded. */
  consentOf(persons: readonly string[]): Promise<ConsentEntry[]>
  /** The entries recorded after `seq`, in order, at most `limit`. */
  consentAfter(seq: number, limit: number): Promise<ConsentEntry[]>
}

/**
 * A marketing tool as a consent destination: a sink of verdicts, and which it takes at all (its
 * channels; an opt-in only where the law of that channel lets a tool other than the person's own
 * say re-allow marketing). What it reports comes from a `Source<ConsentEvent>` of its room.
 */
export interface ConsentSink extends Sink<ConsentVerdict> {
  /**
   * One outcome per verdict as for any sink; for one the tool turns out to hold already (an
   * address already on its list), `{ ok: true, held: true }`: remembered as the tool's standing,
   * counted as skipped.
   */
  write(batch: Planned<ConsentVerdict>[], ctx: StreamContext): Promise<Outcome[]>
  tool: string
  takes(verdict: ConsentVerdict): boolean
  /**
   * Whether a standing the tool itself reported must still be written to it, where its report
   * said it somewhere else than where the sink writes (an İYS log, not the unsubscribe list; an
   * exclude for one list, not the global one). Default: never.
   */
  rewritesOwn?(verdict: ConsentVerdict): boolean
}

/** A reported event as a source record: keyed by its ref, so an unchanged one is not offered again. */
export function consentRecord(event: ConsentEvent): Keyed<ConsentEvent> {
  return { key: event.ref, record: event }
}
