/**
 * Contacts' rules: unique e-mail and phone, the row version that changes with every write and
 * guards PUT and PATCH, PUT's nulling of the static fields left out (dynamic ones are kept), `""`
 * clearing e-mail and phone, the stores and company a contact refers to, and deletion.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { encodeVersion, decodeVersion } from '../codecs.ts'
import { createContact, patchContact, updateContact } from '../schemas/contacts.ts'
import { conflictWith, fail, invalid, notFound } from './answers.ts'
import { flatDynamic, readDynamic } from './dynamic.ts'
import type { StoredContact } from './state.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp } from './time.ts'

/** `ReadContactDto`: the static fields, the Version as base64, every dynamic field. */
export function contactOut(store: LoyaltiiStore, c: StoredContact) {
  return {
    Id: c.Id,
    Secret: c.Secret,
    RegistrationDateTime: c.RegistrationDateTime,
    RegistrationSource: c.RegistrationSource,
    RegistrationIp: c.RegistrationIp,
    LastModified: c.LastModified,
    Version: encodeVersion(c.Version),
    RegistrationStoreId: c.RegistrationStoreId,
    Email: c.Email,
    PhoneCountryCode: c.PhoneCountryCode,
    Phone: c.Phone,
    FirstName: c.FirstName,
    LastName: c.LastName,
    LimitMailsPermanently: c.LimitMailsPermanently,
    LimitMailsTemporarilyUntil: c.LimitMailsTemporarilyUntil,
    ProfileLastUpdated: c.ProfileLastUpdated,
    PreferredStoreId: c.PreferredStoreId,
    ContactCompanyId: c.ContactCompanyId,
    LatestPermissionSource: c.LatestPermissionSource,
    ...flatDynamic(store, 'Contacts', c.Dynamic),
  }
}

/** `{Id, Secret, Email, Phone, FirstName, LastName}`: a contact's base info (assumed shape). */
export function baseInfo(c: StoredContact) {
  return {
    Id: c.Id,
    Secret: c.Secret,
    Email: c.Email,
    Phone: c.Phone,
    FirstName: c.FirstName,
    LastName: c.LastName,
  }
}

export function requireContact(store: LoyaltiiStore, id: number): StoredContact {
  const contact = store.contacts.get(id)
  if (!contact) throw notFound()
  return contact
}

/** 16 letters and digits from the system's randomness: a secret no one can guess. */
export function newSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('')
}

const createKeys = new Set(Object.keys(createContact.shape))
const updateKeys = new Set(Object.keys(updateContact.shape))
const patchKeys = new Set(Object.keys(patchContact.shape))

/** The static fields a write may set, as the handlers receive them decoded. */
export interface ContactWrite {
  Email?: string | null | undefined
  PhoneCountryCode?: string | null | undefined
  Phone?: string | null | undefined
  FirstName?: string | null | undefined
  LastName?: string | null | undefined
  LimitMailsPermanently?: boolean | null | undefined
  LimitMailsTemporarilyUntil?: Date | string | null | undefined
  ProfileLastUpdated?: Date | string | null | undefined
  PreferredStoreId?: number | null | undefined
  ContactCompanyId?: number | null | undefined
  LatestPermissionSource?: string | null | undefined
}

type Editable = Pick<
  StoredContact,
  | 'Email'
  | 'PhoneCountryCode'
  | 'Phone'
  | 'FirstName'
  | 'LastName'
  | 'LimitMailsPermanently'
  | 'LimitMailsTemporarilyUntil'
  | 'ProfileLastUpdated'
  | 'PreferredStoreId'
  | 'ContactCompanyId'
  | 'LatestPermissionSource'
>

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** DataAnnotations' check of an address, for every address written: else a 400 on `member`. */
export function checkEmail(address: string, member = 'Email'): void {
  if (!EMAIL.test(address))
    throw invalid({ [member]: ['The Email field is not a valid e-mail address.'] })
}

/** A date the codec decoded (canonical text); a `Date` only reaches here from tests. */
function dateText(value: Date | string | null | undefined): string | null | undefined {
  return value instanceof Date ? stamp(value) : value
}

/**
 * The fields as a write leaves them: `""` clears e-mail and phone (and their country code), the
 * e-mail must look like one, and the country code may not be written again inside the phone.
 */
function checkFields(fields: Editable): Editable {
  const out = { ...fields }
  for (const key of ['Email', 'Phone', 'PhoneCountryCode'] as const)
    if (out[key] === '') out[key] = null
  if (out.Email) {
    out.Email = out.Email.trim()
    checkEmail(out.Email)
  }
  const code = out.PhoneCountryCode?.replace(/^\+|^00/, '')
  if (
    code &&
    out.Phone &&
    /^(\+|00)/.test(out.Phone.trim()) &&
    out.Phone.replace(/^(\+|00)/, '').startsWith(code)
  )
    throw invalid({ Phone: ['The Phone must not repeat the PhoneCountryCode.'] })
  return out
}

/** The stores and the company a contact names must exist (409, as the Help Page says). */
function checkReferences(
  store: LoyaltiiStore,
  fields: Partial<Editable> & { RegistrationStoreId?: number | null },
) {
  for (const id of [fields.PreferredStoreId, fields.RegistrationStoreId])
    if (id != null && !store.stores.has(id)) throw fail('storeNotFound')
  if (fields.ContactCompanyId != null && !store.companies.has(fields.ContactCompanyId))
    throw fail('companyNotFound')
}

/** Another contact holding the e-mail or phone; `self` is the one being written. */
function holder(store: LoyaltiiStore, fields: Partial<Editable>, self?: StoredContact) {
  const byEmail = fields.Email ? store.contactByEmail(fields.Email) : undefined
  if (byEmail && byEmail !== self) return byEmail
  const byPhone = fields.Phone ? store.contactByPhone(fields.Phone) : undefined
  if (byPhone && byPhone !== self) return byPhone
  return undefined
}

/** Applies a checked write to a contact: indexes, row version and LastModified follow. */
export function writeContact(
  ctx: LoyaltiiContext,
  contact: StoredContact,
  change: Partial<Editable>,
  dynamic: StoredContact['Dynamic'] = {},
): void {
  // the e-mail and phone indexes change only with those fields (a batch of consent flags leaves
  // them as they are)
  const rekey =
    ('Email' in change && change.Email !== contact.Email) ||
    ('Phone' in change && change.Phone !== contact.Phone)
  if (rekey) ctx.state.unindexContact(contact)
  Object.assign(contact, change)
  Object.assign(contact.Dynamic, dynamic)
  contact.Version = ctx.state.nextVersion()
  contact.LastModified = stamp(ctx.now)
  if (rekey) ctx.state.indexContactKeys(contact)
}

function editable(body: ContactWrite): Partial<Editable> {
  const out: Partial<Editable> = {}
  for (const [key, value] of Object.entries(body) as [keyof Editable, unknown][]) {
    if (!editableKeys.has(key) || value === undefined) continue
    ;(out as Record<string, unknown>)[key] =
      key === 'LimitMailsTemporarilyUntil' || key === 'ProfileLastUpdated'
        ? dateText(value as Date | string | null)
        : value
  }
  return out
}
const editableKeys = new Set<string>([
  'Email',
  'PhoneCountryCode',
  'Phone',
  'FirstName',
  'LastName',
  'LimitMailsPermanently',
  'LimitMailsTemporarilyUntil',
  'ProfileLastUpdated',
  'PreferredStoreId',
  'ContactCompanyId',
  'LatestPermissionSource',
])

export function createContactRecord(
  ctx: LoyaltiiContext,
  body: ContactWrite &
    Record<string, unknown> & {
      RegistrationSource: string
      RegistrationDateTime?: Date | string | null | undefined
      RegistrationIp?: string | null | undefined
      RegistrationStoreId?: number | null | undefined
    },
): StoredContact {
  const store = ctx.state
  const dynamic = readDynamic(store, 'Contacts', body, createKeys)
  const fields = checkFields({
    Email: null,
    PhoneCountryCode: null,
    Phone: null,
    FirstName: null,
    LastName: null,
    LimitMailsTemporarilyUntil: null,
    ProfileLastUpdated: null,
    PreferredStoreId: null,
    ContactCompanyId: null,
    LatestPermissionSource: null,
    ...editable(body),
    LimitMailsPermanently: body.LimitMailsPermanently ?? false,
  })
  const taken = holder(store, fields)
  if (taken) throw conflictWith(contactOut(store, taken))
  checkReferences(store, { ...fields, RegistrationStoreId: body.RegistrationStoreId ?? null })
  const now = stamp(ctx.now)
  const contact: StoredContact = {
    Id: store.nextId('contact'),
    Secret: newSecret(),
    RegistrationDateTime: dateText(body.RegistrationDateTime) ?? now,
    RegistrationSource: body.RegistrationSource,
    RegistrationIp: body.RegistrationIp ?? null,
    LastModified: now,
    Version: store.nextVersion(),
    RegistrationStoreId: body.RegistrationStoreId ?? null,
    ...fields,
    Dynamic: dynamic,
    PasswordHash: null,
    EmailBounced: false,
  }
  store.indexContact(contact)
  return contact
}

/** The Version sent must be the contact's: else 409 with the contact as it is now. */
function checkVersion(store: LoyaltiiStore, contact: StoredContact, version: string): void {
  if (decodeVersion(version) !== contact.Version) throw conflictWith(contactOut(store, contact))
}

/**
 * PUT: every static field the body leaves out becomes null (LimitMailsPermanently false), every
 * dynamic field left out keeps its value. Checked in this order: dynamic values, e-mail, Version,
 * stores and company, then e-mail and phone held by another contact (409 with this contact).
 */
export function replaceContact(
  ctx: LoyaltiiContext,
  id: number,
  body: ContactWrite &
    Record<string, unknown> & { Version: string; NewPassword?: string | null | undefined },
): StoredContact {
  const store = ctx.state
  const contact = requireContact(store, id)
  const dynamic = readDynamic(store, 'Contacts', body, updateKeys)
  const fields = checkFields({
    Email: null,
    PhoneCountryCode: null,
    Phone: null,
    FirstName: null,
    LastName: null,
    LimitMailsTemporarilyUntil: null,
    PreferredStoreId: null,
    ContactCompanyId: null,
    LatestPermissionSource: null,
    ...editable(body),
    LimitMailsPermanently: body.LimitMailsPermanently ?? false,
    // not an UpdateContactDto member: PUT leaves it as it is
    ProfileLastUpdated: contact.ProfileLastUpdated,
  })
  checkVersion(store, contact, body.Version)
  checkReferences(store, fields)
  if (holder(store, fields, contact)) throw conflictWith(contactOut(store, contact))
  writeContact(ctx, contact, fields, dynamic)
  if (body.NewPassword) contact.PasswordHash = hashPassword(body.NewPassword)
  return contact
}

/** PATCH: only the fields given and not null change; `""` clears e-mail, phone, country code. */
export function patchContactRecord(
  ctx: LoyaltiiContext,
  id: number,
  body: ContactWrite &
    Record<string, unknown> & { Version: string; NewPassword?: string | null | undefined },
): StoredContact {
  const store = ctx.state
  const contact = requireContact(store, id)
  const dynamic = Object.fromEntries(
    Object.entries(readDynamic(store, 'Contacts', body, patchKeys)).filter(([, v]) => v !== null),
  )
  const given = Object.fromEntries(Object.entries(editable(body)).filter(([, v]) => v !== null))
  const fields = checkFields({ ...pickEditable(contact), ...given })
  checkVersion(store, contact, body.Version)
  checkReferences(store, given)
  if (holder(store, fields, contact)) throw conflictWith(contactOut(store, contact))
  writeContact(ctx, contact, fields, dynamic)
  if (body.NewPassword) contact.PasswordHash = hashPassword(body.NewPassword)
  return contact
}

function pickEditable(contact: StoredContact): Editable {
  const out = {} as Record<string, unknown>
  for (const key of editableKeys) out[key] = contact[key as keyof Editable]
  return out as unknown as Editable
}

/** A contact's data goes with it: its orders, points and events; companies forget it as primary. */
export function deleteContact(ctx: LoyaltiiContext, id: number): void {
  const store = ctx.state
  const contact = requireContact(store, id)
  store.dropContact(contact)
  for (const order of [...(store.ordersByContact.get(id) ?? [])]) store.removeOrder(order)
  store.ordersByContact.delete(id)
  if (store.pointsByContact.has(id)) {
    for (const point of store.pointsByContact.get(id)!) store.pointsById.delete(point.Id)
    store.pointsByContact.delete(id)
    store.points = store.points.filter((p) => p.ContactId !== id)
  }
  store.events = store.events.filter((e) => {
    if (e.ContactId !== id) return true
    if (e.UniqueExtId) store.eventsByExtId.delete(e.UniqueExtId)
    return false
  })
  for (const company of store.companies.values())
    if (company.PrimaryContactId === id) company.PrimaryContactId = null
}

// --- passwords ------------------------------------------------------------------------------

/** SetPassword: a write to the contact like any other (a new Version). */
export function setPassword(ctx: LoyaltiiContext, id: number, password: string): void {
  const contact = requireContact(ctx.state, id)
  writeContact(ctx, contact, {})
  contact.PasswordHash = hashPassword(password)
}

/** `sha256$<salt>$<hash>`: salted, never the password itself (assumed; the vendor's is unknown). */
export function hashPassword(password: string, salt = randomBytes(8).toString('hex')): string {
  return `sha256$${salt}$${createHash('sha256').update(`${salt}:${password}`).digest('hex')}`
}

export function passwordMatches(hash: string | null, password: string): boolean {
  if (!hash) return false
  const [, salt = ''] = hash.split('$')
  const a = Buffer.from(hashPassword(password, salt))
  const b = Buffer.from(hash)
  return a.length === b.length && timingSafeEqual(a, b)
}
