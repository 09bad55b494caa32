/**
 * Setrow's side of consent: its unsubscribe, junk and wrong-address lists and its İYS send logs
 * reported as ledger events, and the ledger's verdicts written back to its unsubscribe lists.
 *
 * @example
 * defineStream({ name: 'setrow', source: setrowConsentSource(setrow), sink: ledgerSink('setrow') })
 */
import { formatDateText } from '../../core/schema.ts'
import type { Source } from '../../model/connector.ts'
import { refusedOutcome, type Outcome } from '../../model/connector.ts'
import {
  consentPerson,
  consentRecord,
  type ConsentChannel,
  type ConsentEvent,
  type ConsentSink,
  type ConsentVerdict,
} from '../../model/consent.ts'
import { mapConcurrent } from '../../core/limits.ts'
import type { SetrowClient } from './client.ts'
import { setrowGsm, setrowInstant, setrowTime } from './connector.ts'
import { isSetrowError } from './errors.ts'
import { MAX_HOURS } from './schemas.ts'

const DAY = 86_400_000
const HOUR = 3_600_000

/** The dated lists read, what each says. */
const lists = [
  { id: 'unsubscribe.email.listRange', channel: 'email', reason: 'unsubscribe' },
  { id: 'junk.listRange', channel: 'email', reason: 'junk' },
  { id: 'wrong.email.listRange', channel: 'email', reason: 'wrong' },
  { id: 'unsubscribe.sms.listRange', channel: 'sms', reason: 'unsubscribe' },
  { id: 'unsubscribe.whatsapp.listRange', channel: 'whatsapp', reason: 'unsubscribe' },
  { id: 'wrong.whatsapp.listRange', channel: 'whatsapp', reason: 'wrong' },
] as const

type ListId = (typeof lists)[number]['id']

interface Cursor {
  /** the last day whose lists were read through (Setrow's day, `yyyy-mm-dd`) */
  day: string
  /** when the İYS logs were last read */
  iysAt: string
}

export interface SetrowConsentSourceOptions {
  /** how far back the first run reads the dated lists (default 365 days) */
  initialDays?: number
}

/**
 * Every opt-out on Setrow's dated lists since the last run (a day of overlap: an entry of the
 * cursor's day written after the read is read again, and known by its ref), and İYS logs of the
 * hours since (at most Setrow's 96): ONAY is an opt-in with its İYS source, RET an opt-out. An
 * account without İYS (E146) has no logs to read.
 */
export function setrowConsentSource(
  setrow: SetrowClient,
  options: SetrowConsentSourceOptions = {},
): Source<ConsentEvent> {
  const initialDays = options.initialDays ?? 365
  return {
    async *read(ctx) {
      const cursor = ctx.cursor as Cursor | undefined
      const now = ctx.now.getTime()
      // Setrow's days are Türkiye's
      const day = (ms: number) => setrowTime(new Date(ms).toISOString()).slice(0, 10)
      const today = day(now)
      const startDate = cursor
        ? formatDateText(new Date(Date.parse(cursor.day) - DAY), 'yyyy-mm-dd')
        : day(now - initialDays * DAY)
      for (const list of lists) {
        const read = setrowList(setrow, list.id)
        const entries = await read({ startDate, lastDate: today }, { signal: ctx.signal })
        const events = entries.flatMap((entry): ConsentEvent[] => {
          const person = consentPerson('email' in entry ? entry.email : entry.number)
          if (!person) return []
          return [
            {
              person,
              channel: list.channel,
              status: 'denied',
              tool: 'setrow',
              reason: list.reason,
              at: setrowInstant(entry.date),
              ref: `setrow:${list.reason}:${list.channel}:${person}:${entry.date}`,
            },
          ]
        })
        yield { records: events.map(consentRecord) }
      }
      const since = cursor ? Date.parse(cursor.iysAt) : now - MAX_HOURS * HOUR
      const hours = Math.min(MAX_HOURS, Math.max(1, Math.ceil((now - since) / HOUR) + 1))
      const logs = await iysLogs(setrow, hours, ctx.signal)
      yield {
        records: logs.map(consentRecord),
        cursor: { day: today, iysAt: new Date(now).toISOString() } satisfies Cursor,
      }
    },
  }
}

type ListEntry = { email: string; date: string } | { number: string; date: string }

function setrowList(setrow: SetrowClient, id: ListId) {
  const [group, second, third] = id.split('.') as [string, string, string?]
  const node = (setrow as unknown as Record<string, Record<string, unknown>>)[group]!
  const method = third ? (node[second] as Record<string, unknown>)[third] : node[second]
  return method as (
    input: { startDate: string; lastDate: string },
    call: { signal: AbortSignal },
  ) => Promise<ListEntry[]>
}

async function iysLogs(
  setrow: SetrowClient,
  hours: number,
  signal: AbortSignal,
): Promise<ConsentEvent[]> {
  let logs
  try {
    logs = await setrow.iys.successes({ hours }, { signal })
  } catch (error) {
    if (isSetrowError(error, 'E146')) return []
    throw error
  }
  return logs.flatMap((log): ConsentEvent[] => {
    const channel: ConsentChannel = log.recipientType === 'EPOSTA' ? 'email' : 'sms'
    const person = consentPerson(log.recipient)
    if (!person) return []
    return [
      {
        person,
        channel,
        status: log.type === 'ONAY' ? 'allowed' : 'denied',
        tool: 'setrow',
        reason: 'iys',
        at: setrowInstant(log.consentDate),
        source: log.source,
        ref: `setrow:iys:${log.requestId}:${channel}:${person}`,
      },
    ]
  })
}

/**
 * Verdicts → Setrow's unsubscribe lists, one call each (Setrow has no bulk form), eight at once.
 * An opt-out joins the channel's unsubscribe list (a hard bounce too: the wrong-address list has
 * no write, so the unsubscribe list stands in: assumed, README.md); one already there (E115,
 * E117) is done, and counted as written: a dry run, which sends nothing, could not tell. An opt-in
 * leaves the list only when it is İYS's own (Turkish law wants commercial consent registered with
 * İYS: another tool's opt-in does not reach Setrow).
 */
export function setrowConsentSink(setrow: SetrowClient): ConsentSink {
  const write = async (v: ConsentVerdict, signal: AbortSignal, dryRun: boolean) => {
    const number = v.channel === 'sms' ? setrowGsm(v.person) : v.person
    const calls = {
      email: ['unsubscribe.email', { email: v.person }, 'E115', 'E116'],
      sms: ['unsubscribe.sms', { number }, 'E117', 'E118'],
      whatsapp: ['unsubscribe.whatsapp', { number }, 'E117', 'E118'],
    } as const
    const [path, input, already, absent] = calls[v.channel]
    const add = v.status === 'denied'
    const id = `${path}.${add ? 'add' : 'delete'}` as 'unsubscribe.email.add'
    try {
      if (dryRun) setrow.prepare(id, input as never)
      else await setrow.request(id, input as never, { signal })
      return { ok: true } satisfies Outcome
    } catch (error) {
      if (isSetrowError(error, add ? already : absent)) return { ok: true } satisfies Outcome
      return refusedOutcome(error)
    }
  }
  return {
    tool: 'setrow',
    name: 'setrow unsubscribe lists',
    batchSize: 100,
    takes: (v) => v.status === 'denied' || v.decidedBy.reason === 'iys',
    // an İYS opt-in Setrow logged still has to lift its own unsubscribe list
    rewritesOwn: (v) => v.status === 'allowed',
    write: (batch, ctx) => mapConcurrent(batch, 8, (p) => write(p.record, ctx.signal, ctx.dryRun)),
  }
}
