/**
 * Buyers as Loyaltii contacts: matched by e-mail, then by phone, created when new without any
 * consent (no `LimitMails…`, no permission source: an order is not consent). The ids found are
 * remembered in the state (scope `<pipeline>/loyaltii-contacts`), so a returning buyer costs no
 * look-up on later runs.
 */
import { createOnce } from '../../core/once.ts'
import type { StreamContext } from '../../model/connector.ts'
import type { Order } from '../../model/index.ts'
import type { Mapping } from '../../model/state.ts'
import { customerKey } from '../../model/customers.ts'
import type { LoyaltiiClient } from './client.ts'
import { isLoyaltiiError } from './errors.ts'

export interface ContactMatcher {
  /** the buyer's contact id; undefined in a dry run for one that would be created */
  find(order: Order, storeId?: number): Promise<number | undefined>
  /** stores the ids found since the last save */
  save(): Promise<void>
}

/** `905321234567` → `['+90', '5321234567']`; other numbers as they are, without a country code. */
export function loyaltiiPhone(gsm: string): [string | null, string] {
  return /^90\d{10}$/.test(gsm) ? ['+90', gsm.slice(2)] : [null, gsm]
}

export const contactsScope = (pipeline: string) => `${pipeline}/loyaltii-contacts`

/**
 * `mailDenied`: whether the buyer said no to marketing e-mail (a consent ledger): a contact created
 * for them then carries `LimitMailsPermanently`, so kopru never makes a mailable contact of them.
 */
export function contactMatcher(
  client: LoyaltiiClient,
  ctx: StreamContext,
  mailDenied?: (email: string, ctx: StreamContext) => Promise<boolean>,
): ContactMatcher {
  const scope = contactsScope(ctx.pipeline)
  const pending = new Map<string, Promise<number | undefined>>()
  const fresh: Mapping[] = []
  const call = { signal: ctx.signal }

  const lookUp = async (order: Order, storeId: number | undefined) => {
    const { email, gsm, firstName, lastName } = order.customer
    const [country, phone] = gsm ? loyaltiiPhone(gsm) : [null, undefined]
    const existing = async () =>
      (
        (email ? await client.contacts.getByEmail({ email }, call) : null) ??
        (phone ? await client.contacts.getByPhone({ phone }, call) : null)
      )?.Id
    const found = await existing()
    if (found !== undefined) return found
    const input = {
      RegistrationSource: `kopru ${order.source.api}`,
      ...(storeId ? { RegistrationStoreId: storeId } : {}),
      ...(email ? { Email: email } : {}),
      ...(phone ? { Phone: phone, PhoneCountryCode: country } : {}),
      FirstName: firstName.slice(0, 50) || null,
      LastName: lastName.slice(0, 50) || null,
      ...(email && (await mailDenied?.(email, ctx)) ? { LimitMailsPermanently: true } : {}),
    }
    if (ctx.dryRun) {
      client.prepare('contacts.create', input)
      return undefined
    }
    try {
      return await createOnce(async () => (await client.contacts.create(input, call)).Id, existing)
    } catch (error) {
      // the address or number is taken: a create whose answer was lost, or another buyer's phone
      const current = isLoyaltiiError(error, 'contactConflict') ? error.current : undefined
      if (typeof current?.Id === 'number') return current.Id
      throw error
    }
  }

  return {
    async find(order, storeId) {
      const key = customerKey(order)
      let id = pending.get(key)
      if (!id) {
        id = (async () => {
          const known = (await ctx.store.mappings(scope, [key])).get(key)?.destId
          if (known) return Number(known)
          const found = await lookUp(order, storeId)
          if (found !== undefined) fresh.push({ key, destId: String(found), hash: 'contact' })
          return found
        })()
        pending.set(key, id)
        id.catch(() => pending.delete(key))
      }
      return id
    },
    async save() {
      if (!fresh.length) return
      const mappings = fresh.splice(0)
      await ctx.store.commit({ pipeline: ctx.pipeline, scope, mappings })
    },
  }
}
