/**
 * Contacts as others reach them: by secret (counted per IP address against guessing), by a
 * dynamic field's value, by registration, by password (Login), the batch PATCH by key, and the
 * personal-data file the API links to.
 */
import { z } from 'zod'
import { compareInstants, exactInstant } from '../codecs.ts'
import { UpdateContactKeyType } from '../schemas/contacts.ts'
import { fail, notFound } from './answers.ts'
import {
  checkEmail,
  contactOut,
  passwordMatches,
  requireContact,
  writeContact,
} from './contacts.ts'
import { dynamicField, dynamicValueOf } from './dynamic.ts'
import type { StoredContact } from './state.ts'
import { emailKey, type LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp } from './time.ts'

const HOUR = 3_600_000

/**
 * The contact with `secret`. Secrets that find no contact are counted per `ip`: past the
 * account's limit an address is refused (429) for the rest of the hour, right secret or not.
 */
export function contactBySecret(ctx: LoyaltiiContext, secret: string, ip: string | undefined) {
  const store = ctx.state
  const now = ctx.now.getTime()
  const misses = ip === undefined ? undefined : store.secretMisses.get(ip)
  if (misses && now - misses.since >= HOUR) store.secretMisses.delete(ip!)
  else if (misses && misses.count >= ctx.switches.secretAttemptsPerHour)
    throw fail('tooManyAttempts')
  const contact = store.contactsBySecret.get(secret)
  if (contact) return contact
  if (ip !== undefined) {
    const kept = store.secretMisses.get(ip) ?? { count: 0, since: now }
    kept.count++
    store.secretMisses.set(ip, kept)
  }
  throw notFound()
}

/**
 * Contacts whose dynamic field `name` holds `value` (text as the query carries it, read as the
 * field's type). An unknown field, or a value the field cannot hold, finds none.
 */
export function contactsByField(
  store: LoyaltiiStore,
  name: string,
  value: string,
): StoredContact[] {
  const field = dynamicField(store, 'Contacts', name)
  if (!field) return []
  const read =
    field.Type === 'Boolean'
      ? /^true$/i.test(value)
        ? true
        : /^false$/i.test(value)
          ? false
          : undefined
      : field.Type === 'Number' || field.Type === 'Decimal'
        ? Number(value)
        : value
  // text is compared without case, so its allowed values are not checked here
  const wanted =
    read === undefined ? undefined : field.Type === 'String' ? read : dynamicValueOf(field, read)
  if (wanted === undefined || wanted === null) return []
  const matches = (held: unknown) =>
    field.Type === 'String' && typeof held === 'string'
      ? held.toLowerCase() === String(wanted).toLowerCase()
      : field.Type === 'DateTimeOffset' && typeof held === 'string'
        ? compareInstants(exactInstant(held), exactInstant(String(wanted))) === 0
        : held === wanted
  return [...store.contacts.values()].filter((c) => matches(c.Dynamic[field.Name]))
}

/** Registered in the last `timespan` minutes, from `source`, from `ip`: each given one applies. */
export function registrations(
  ctx: LoyaltiiContext,
  {
    timespan,
    source,
    ip,
  }: { timespan?: number | undefined; source?: string | undefined; ip?: string | undefined },
) {
  const since =
    timespan === undefined ? undefined : { ms: ctx.now.getTime() - timespan * 60_000, ticks: 0 }
  const out = []
  for (const c of ctx.state.contacts.values()) {
    if (source !== undefined && c.RegistrationSource.toLowerCase() !== source.toLowerCase())
      continue
    if (ip !== undefined && c.RegistrationIp !== ip) continue
    if (since && compareInstants(ctx.state.createdAt(c, c.RegistrationDateTime), since) < 0)
      continue
    out.push({
      Id: c.Id,
      RegistrationDateTime: c.RegistrationDateTime,
      RegistrationSource: c.RegistrationSource,
      RegistrationIp: c.RegistrationIp,
    })
  }
  return out
}

/** Login: 404 for an unknown contact, 422 for a wrong password or none set (observed). */
export function login(ctx: LoyaltiiContext, id: number, password: string) {
  const contact = requireContact(ctx.state, id)
  if (!passwordMatches(contact.PasswordHash, password)) throw fail('wrongPassword')
  return contactOut(ctx.state, contact)
}

/** UnblockEmail: true when the contact was blocked for bounces (and is no longer), else false. */
export function unblockEmail(ctx: LoyaltiiContext, id: number): boolean {
  const contact = requireContact(ctx.state, id)
  if (!contact.EmailBounced) return false
  contact.EmailBounced = false
  writeContact(ctx, contact, {})
  return true
}

// --- batch PATCH ----------------------------------------------------------------------------

/** Static fields a batch PATCH may set, with how each value is checked (assumed list). */
const batchFields = {
  FirstName: z.string().max(50).nullable(),
  LastName: z.string().max(50).nullable(),
  Email: z.string().max(250).nullable(),
  PhoneCountryCode: z.string().max(10).nullable(),
  Phone: z.string().max(20).nullable(),
  LimitMailsPermanently: z.boolean(),
  PreferredStoreId: z.number().int().nullable(),
  ContactCompanyId: z.number().int().nullable(),
  LatestPermissionSource: z.string().nullable(),
} as const
type BatchField = keyof typeof batchFields
const clearable = new Set(['Email', 'Phone', 'PhoneCountryCode'])

/** `Contacts/PatchFields`: the static fields above, then the account's dynamic contact fields. */
export function patchFields(store: LoyaltiiStore): string[] {
  return [...Object.keys(batchFields), ...store.account.dynamicFields.Contacts.map((f) => f.Name)]
}

function contactByKey(store: LoyaltiiStore, keyType: UpdateContactKeyType, key: string) {
  switch (keyType) {
    case 'Id':
      return /^\s*\d{1,10}\s*$/.test(key) ? store.contacts.get(Number(key)) : undefined
    case 'Secret':
      return store.contactsBySecret.get(key)
    case 'Email':
      return store.contactByEmail(key)
    case 'Phone':
      return store.contactByPhone(key)
  }
}

/**
 * The same fields on every contact the keys name; all checked before any is written. A unique
 * field (e-mail, phone) may go to one contact only, and not to one another contact holds (409).
 */
export function patchMany(
  ctx: LoyaltiiContext,
  body: { KeyType: UpdateContactKeyType; Keys: string[]; Fields: Record<string, unknown> },
) {
  const store = ctx.state
  const statics: Partial<Record<BatchField, unknown>> = {}
  const dynamic: StoredContact['Dynamic'] = {}
  for (const [name, raw] of Object.entries(body.Fields)) {
    if (Object.hasOwn(batchFields, name)) {
      // as on PATCH /{id}, "" clears e-mail, phone and country code
      const value = raw === '' && clearable.has(name) ? null : raw
      const parsed = batchFields[name as BatchField].safeParse(value)
      if (!parsed.success) throw fail('invalidFieldValue', { field: name })
      statics[name as BatchField] = parsed.data
      continue
    }
    const field = dynamicField(store, 'Contacts', name)
    if (!field) throw fail('invalidField', { field: name })
    const value = dynamicValueOf(field, raw)
    if (value === undefined) throw fail('invalidFieldValue', { field: field.Name })
    dynamic[field.Name] = value
  }
  if (typeof statics.Email === 'string') checkEmail(statics.Email)
  if (typeof statics.PreferredStoreId === 'number' && !store.stores.has(statics.PreferredStoreId))
    throw fail('storeNotFound')
  if (
    typeof statics.ContactCompanyId === 'number' &&
    !store.companies.has(statics.ContactCompanyId)
  )
    throw fail('companyNotFound')
  const updated: string[] = []
  const notFoundKeys: string[] = []
  const targets = new Set<StoredContact>()
  for (const key of body.Keys) {
    const contact = contactByKey(store, body.KeyType, key)
    if (contact) {
      updated.push(key)
      targets.add(contact)
    } else notFoundKeys.push(key)
  }
  for (const name of ['Email', 'Phone'] as const) {
    const value = statics[name]
    if (typeof value !== 'string') continue
    const holder = name === 'Email' ? store.contactByEmail(value) : store.contactByPhone(value)
    if (targets.size > 1 || (holder && !targets.has(holder)))
      throw fail('duplicateValue', { value: name === 'Email' ? emailKey(value) : value })
  }
  for (const contact of targets)
    writeContact(ctx, contact, statics as Partial<StoredContact>, dynamic)
  return { Updated: updated, NotFound: notFoundKeys }
}

// --- personal data --------------------------------------------------------------------------

/** Where the emulator serves a contact's personal data file (its secret names it). */
export const PERSON_DATA_PATH = '/PersonDataFiles/:file'

export function personDataUrl(ctx: LoyaltiiContext, id: number): string {
  const contact = requireContact(ctx.state, id)
  return `${new URL(ctx.request.url).origin}/PersonDataFiles/${contact.Secret}.json`
}

/** The file: everything the account holds on the person, as one JSON document. */
export function personDataFile(ctx: LoyaltiiContext): Response {
  const file = new URL(ctx.request.url).pathname.split('/').pop() ?? ''
  const contact = ctx.state.contactsBySecret.get(file.replace(/\.json$/, ''))
  if (!contact || !file.endsWith('.json')) return new Response(null, { status: 404 })
  const store = ctx.state
  const document = {
    GeneratedAt: stamp(ctx.now),
    Contact: contactOut(store, contact),
    Orders: [...(store.ordersByContact.get(contact.Id) ?? [])].map((o) => o.Id),
    Points: (store.pointsByContact.get(contact.Id) ?? []).map((p) => ({
      Id: p.Id,
      Type: p.Type,
      Amount: p.Amount,
      DateTime: p.DateTime,
    })),
    Events: store.events
      .filter((e) => e.ContactId === contact.Id)
      .map((e) => ({ Id: e.Id, Type: e.Type, Created: e.Created })),
  }
  return Response.json(document, {
    headers: { 'content-disposition': `attachment; filename="${contact.Id}.json"` },
  })
}
