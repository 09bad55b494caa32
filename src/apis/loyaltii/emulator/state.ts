/**
 * The shape of one emulated Loyaltii account, as stored and dumped (`GET /__kopru/state`): the
 * types of the store are inferred from here. Records keep the wire's PascalCase names; dynamic
 * field values sit in `Dynamic`, dates are the canonical DateTimeOffset text the wire carries.
 * What the answers compute (PriceTotal, Sum totals, a contact's registration on its orders) is not
 * stored. Part 2's records are declared in `state-marketing.ts`.
 */
import { z } from 'zod'
import { dateTimeOffset } from '../codecs.ts'
import { dynamicOwners, dynamicValue, readDynamicField } from '../schemas/common.ts'
import { readContactEvent, readStore } from '../schemas/companies.ts'
import { readPoint } from '../schemas/points.ts'
import { marketingCounters, marketingState } from './state-marketing.ts'

const id = z.number().int()
const text = z.string().nullable()
const when = dateTimeOffset.nullable()
const dynamic = z.record(z.string(), dynamicValue)

export const storedContact = z.object({
  Id: id,
  Secret: z.string(),
  RegistrationDateTime: dateTimeOffset,
  RegistrationSource: z.string(),
  RegistrationIp: text,
  LastModified: dateTimeOffset,
  /** the row version; base64 of its 8 bytes on the wire */
  Version: id,
  RegistrationStoreId: id.nullable(),
  Email: text,
  PhoneCountryCode: text,
  Phone: text,
  FirstName: text,
  LastName: text,
  LimitMailsPermanently: z.boolean(),
  LimitMailsTemporarilyUntil: when,
  ProfileLastUpdated: when,
  PreferredStoreId: id.nullable(),
  ContactCompanyId: id.nullable(),
  LatestPermissionSource: text,
  Dynamic: dynamic,
  /** `scrypt$<salt>$<hash>` in hex, or null: no password set */
  PasswordHash: text,
  /** e-mails to the contact bounced; UnblockEmail clears it */
  EmailBounced: z.boolean(),
})

export const storedLine = z.object({
  Id: id,
  OrderId: id,
  ExtProductId: text,
  ImgUrl: text,
  Name: text,
  Description: text,
  Quantity: z.number(),
  Price: z.number(),
  LastModified: dateTimeOffset,
  ContactId: id.nullable(),
  Dynamic: dynamic,
})

export const storedOrder = z.object({
  Id: id,
  Type: z.string(),
  ExtOrderId: text,
  ContactId: id.nullable(),
  FirstName: text,
  LastName: text,
  Address: text,
  PostCode: text,
  City: text,
  Country: text,
  Company: text,
  LastModified: dateTimeOffset,
  StoreId: id.nullable(),
  OriginDate: when,
  StartDate: when,
  EndDate: when,
  Email: text,
  Dynamic: dynamic,
  OrderLines: z.array(storedLine).min(1),
})

export const storedCompany = z.object({
  Id: id,
  Name: z.string(),
  PrimaryContactId: id.nullable(),
  ContactCompanyId: id.nullable(),
  EmailDomains: text,
  Logo: text,
  Number: text,
  LastModified: dateTimeOffset,
  Dynamic: dynamic,
})

export const loyaltiiState = z.object({
  account: z.object({
    /** the account's order types (Orders/Types) and point types (Points/Types) */
    orderTypes: z.array(z.string()),
    pointTypes: z.array(z.string()),
    dynamicFields: z.object(
      Object.fromEntries(dynamicOwners.map((owner) => [owner, z.array(readDynamicField)])) as {
        [K in (typeof dynamicOwners)[number]]: z.ZodArray<typeof readDynamicField>
      },
    ),
  }),
  /** the last id given out, per record kind, and the last row version */
  last: z.object({
    contact: id,
    order: id,
    line: id,
    point: id,
    event: id,
    store: id,
    company: id,
    version: id,
    ...marketingCounters,
  }),
  stores: z.array(readStore),
  companies: z.array(storedCompany),
  contacts: z.array(storedContact),
  orders: z.array(storedOrder),
  /** the ledger, ascending by id (and so by time): never rewritten but for CancellerPointId */
  points: z.array(readPoint),
  events: z.array(readContactEvent),
  ...marketingState,
})

export type LoyaltiiData = z.output<typeof loyaltiiState>
export type StoredContact = z.output<typeof storedContact>
export type StoredOrder = z.output<typeof storedOrder>
export type StoredLine = z.output<typeof storedLine>
export type StoredCompany = z.output<typeof storedCompany>
export type StoredStore = LoyaltiiData['stores'][number]
export type StoredPoint = LoyaltiiData['points'][number]
export type StoredEvent = LoyaltiiData['events'][number]
export type DynamicValues = StoredContact['Dynamic']
