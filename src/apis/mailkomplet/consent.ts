/**
 * Mail Komplet's side of consent: its exclude list (unsubscribes, hard bounces, spam complaints)
 * and its webhooks reported as ledger events, and the ledger's opt-outs written to its exclude list.
 *
 * @example
 * defineStream({ name: 'mailkomplet', source: mailkompletConsentSource(mk), sink: ledgerSink('mailkomplet') })
 */
import { mapConcurrent } from '../../core/limits.ts'
import { oncePerRun, refusedOutcome, type Outcome, type Source } from '../../model/connector.ts'
import {
  consentPerson,
  consentRecord,
  type ConsentEvent,
  type ConsentSink,
} from '../../model/consent.ts'
import type { MailKompletClient } from './client.ts'
import { excludedAddresses, pragueInstant } from './connector.ts'
import type { WebhookPayload } from './webhooks.ts'
import { ExcludeReason } from './schemas.ts'

const reasons: Record<number, string> = {
  [ExcludeReason.unsubscribed]: 'unsubscribe',
  [ExcludeReason.hardBounce]: 'hardBounce',
  [ExcludeReason.spam]: 'spam',
  [ExcludeReason.other]: 'unsubscribe',
}

/**
 * Every exclude-list entry as an opt-out of marketing e-mail (one for a single list or campaign
 * too: the person asked not to be mailed; assumed, README.md), keyed by its id. The list has no
 * change date to read from, so every run pages through all of it; entries already recorded are
 * not offered again.
 */
export function mailkompletConsentSource(client: MailKompletClient): Source<ConsentEvent> {
  return {
    async *read(ctx) {
      let page: ConsentEvent[] = []
      for await (const e of client.excludeLists.iterate(
        { pageSize: 1000 },
        { signal: ctx.signal },
      )) {
        const person = consentPerson(e.email)
        if (!person) continue
        page.push({
          person,
          channel: 'email',
          status: 'denied',
          tool: 'mailkomplet',
          reason: reasons[e.reasonId] ?? 'unsubscribe',
          at: pragueInstant(e.createdDate),
          ref: `mailkomplet:exclude:${e.excludeListId}`,
        })
        if (page.length === 1000) {
          yield { records: page.map(consentRecord) }
          page = []
        }
      }
      yield { records: page.map(consentRecord), cursor: ctx.now.toISOString() }
    },
  }
}

/**
 * The opt-out a webhook carries: an unsubscribe or spam complaint (by its exclude-list entry, so
 * the list read later knows it) or a hard bounce; undefined for the others (opens, clicks …).
 */
export function webhookConsentEvent(
  payload: WebhookPayload,
  receivedAt: Date,
): ConsentEvent | undefined {
  const person = consentPerson(payload.recipient)
  if (!person) return undefined
  const said = (reason: string, ref: string): ConsentEvent => ({
    person,
    channel: 'email',
    status: 'denied',
    tool: 'mailkomplet',
    reason,
    at: receivedAt.toISOString(),
    ref,
  })
  switch (payload.webhookTypeId) {
    case 5:
      return said('hardBounce', `mailkomplet:bounce:${payload.deliveryInfoId}`)
    case 6:
    case 8:
      return said('unsubscribe', `mailkomplet:exclude:${payload.excludeListId}`)
    case 7:
      return said('spam', `mailkomplet:exclude:${payload.excludeListId}`)
    default:
      return undefined
  }
}

/**
 * Opt-outs of e-mail → the global exclude list, one `POST excludeLists` each, eight at once; an
 * address already on it is held (skipped: nothing written). Opt-ins never travel here: an exclude
 * entry is lifted only by the person's own double opt-in (`contacts.subscribe`), not by another
 * tool's say (assumed, README.md).
 */
export function mailkompletConsentSink(client: MailKompletClient): ConsentSink {
  const excluded = oncePerRun(
    async (ctx) => (await excludedAddresses(client, { signal: ctx.signal })).all,
  )
  return {
    tool: 'mailkomplet',
    name: 'mailkomplet exclude list',
    batchSize: 100,
    takes: (v) => v.channel === 'email' && v.status === 'denied',
    // an exclude for one list or campaign becomes the global one; one already global costs nothing
    rewritesOwn: () => true,
    async write(batch, ctx) {
      const known = await excluded(ctx)
      return mapConcurrent(batch, 8, async ({ record: v }): Promise<Outcome> => {
        if (known.has(v.person)) return { ok: true, held: true }
        const input = {
          email: v.person,
          reason: `${v.decidedBy.tool}: ${v.decidedBy.reason} at ${v.decidedBy.at}`,
        }
        try {
          if (ctx.dryRun) client.prepare('excludeLists.create', input)
          else await client.excludeLists.create(input, { signal: ctx.signal })
          known.add(v.person)
          return { ok: true }
        } catch (error) {
          return refusedOutcome(error)
        }
      })
    },
  }
}
