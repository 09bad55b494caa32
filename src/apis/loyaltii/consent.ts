/**
 * Loyaltii's side of consent: contacts' mail limits and permission sources reported as ledger
 * events, and the ledger's verdicts on e-mail written back as `LimitMailsPermanently` and
 * `LatestPermissionSource`, a batch PATCH per hundred people.
 *
 * @example
 * defineStream({ name: 'loyaltii', source: loyaltiiConsentSource(loyaltii), sink: ledgerSink('loyaltii') })
 */
import { mapConcurrent } from '../../core/limits.ts'
import { refusedOutcome, type Outcome, type Source } from '../../model/connector.ts'
import {
  consentPerson,
  consentRecord,
  type ConsentEvent,
  type ConsentSink,
  type ConsentVerdict,
} from '../../model/consent.ts'
import type { LoyaltiiClient } from './client.ts'
import { isLoyaltiiError } from './errors.ts'

const PAGE = 200

/**
 * What Loyaltii's contacts say of e-mail: a permanent mail limit is an opt-out (dated by the
 * contact's last change, the nearest Loyaltii records); a permission source without a limit an
 * opt-in, dated by the registration it came with (a later permission has no date of its own, and an
 * undated opt-in counts nowhere: assumed, README.md). Loyaltii reads no contacts changed since a
 * time, so every run reads every contact (one list, one read each); what was recorded is not
 * offered again.
 */
export function loyaltiiConsentSource(client: LoyaltiiClient): Source<ConsentEvent> {
  return {
    async *read(ctx) {
      const ids = await client.contacts.list({}, { signal: ctx.signal })
      for (let i = 0; i < ids.length; i += PAGE) {
        const contacts = await mapConcurrent(ids.slice(i, i + PAGE), 8, async (id) => {
          try {
            return await client.contacts.get({ id }, { signal: ctx.signal })
          } catch (error) {
            // deleted since the list was read
            if (isLoyaltiiError(error, 'notFound')) return undefined
            throw error
          }
        })
        const events = contacts.flatMap((c): ConsentEvent[] => {
          const person = consentPerson(c?.Email)
          if (!c || !person) return []
          if (c.LimitMailsPermanently)
            return [
              {
                person,
                channel: 'email',
                status: 'denied',
                tool: 'loyaltii',
                reason: 'limit',
                at: new Date(c.LastModified).toISOString(),
                // each limit set is its own say: one set again after an opt-in lifted it is news
                ref: `loyaltii:limit:${c.Id}:${c.LastModified}`,
              },
            ]
          if (c.LatestPermissionSource)
            return [
              {
                person,
                channel: 'email',
                status: 'allowed',
                tool: 'loyaltii',
                reason: 'permission',
                at: new Date(c.RegistrationDateTime).toISOString(),
                source: c.LatestPermissionSource,
                ref: `loyaltii:permission:${c.Id}:${c.LatestPermissionSource}`,
              },
            ]
          return []
        })
        const last = i + PAGE >= ids.length
        yield {
          records: events.map(consentRecord),
          ...(last ? { cursor: ctx.now.toISOString() } : {}),
        }
      }
      if (!ids.length) yield { records: [], cursor: ctx.now.toISOString() }
    },
  }
}

/**
 * Verdicts on e-mail → contacts by address: an opt-out sets `LimitMailsPermanently`; an opt-in
 * lifts it and records its source as `LatestPermissionSource`. People who are no Loyaltii contact
 * are done: kopru creates no contact for consent alone.
 */
export function loyaltiiConsentSink(client: LoyaltiiClient): ConsentSink {
  const patch = async (verdicts: ConsentVerdict[], signal: AbortSignal, dryRun: boolean) => {
    const allowed = verdicts[0]!.status === 'allowed'
    const input = {
      KeyType: 'Email' as const,
      Keys: verdicts.map((v) => v.person),
      Fields: allowed
        ? {
            LimitMailsPermanently: false,
            LatestPermissionSource: verdicts[0]!.decidedBy.source ?? null,
          }
        : { LimitMailsPermanently: true },
    }
    if (dryRun) client.prepare('contacts.patchMany', input)
    else await client.contacts.patchMany(input, { signal })
  }
  return {
    tool: 'loyaltii',
    name: 'loyaltii contacts',
    batchSize: 100,
    takes: (v) => v.channel === 'email',
    async write(batch, ctx) {
      // one PATCH per set of fields: the opt-outs, and the opt-ins of each source
      const groups = new Map<string, number[]>()
      batch.forEach(({ record: v }, i) => {
        const key = v.status === 'denied' ? 'denied' : `allowed:${v.decidedBy.source ?? ''}`
        groups.set(key, [...(groups.get(key) ?? []), i])
      })
      const outcomes: Outcome[] = batch.map(() => ({ ok: true }))
      for (const members of groups.values()) {
        try {
          await patch(
            members.map((i) => batch[i]!.record),
            ctx.signal,
            ctx.dryRun,
          )
        } catch (error) {
          const refused = refusedOutcome(error)
          for (const i of members) outcomes[i] = refused
        }
      }
      return outcomes
    },
  }
}
