/** The shape of Setrow's serialized state (`SetrowStore.toJSON`), checked before a dump is loaded. */
import { z } from 'zod'
import { allowStatuses, category, iysLog, order, product, report } from '../schemas.ts'
import { areaName, type AreaName } from '../codecs.ts'
import type { SetrowData } from './store.ts'

// the area names are checked by `areaName`; its type is the plain string a refinement keeps
const areas = z.partialRecord(areaName, z.string()) as unknown as z.ZodType<
  Partial<Record<AreaName, string>>
>

const contact = z.object({
  address: z.string(),
  name: z.string(),
  surname: z.string(),
  allowStatus: z.enum(allowStatuses),
  iysSource: z.number().int().nullable(),
  consentDate: z.string().nullable(),
  areas,
  groups: z.array(z.number().int()),
  createdAt: z.string(),
  updatedAt: z.string(),
  iysTransactions: z.array(
    z.object({ requestId: z.string(), transactionId: z.string(), savedAt: z.string() }),
  ),
})

const channel = z.enum(['email', 'sms', 'whatsapp'])

const autoRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('area'), area: areaName as z.ZodType<AreaName>, value: z.string() }),
  z.object({ kind: z.literal('allowStatus'), statuses: z.array(z.enum(allowStatuses)) }),
  z.object({ kind: z.literal('orderedWithinDays'), days: z.number() }),
  z.object({ kind: z.literal('hasBasket') }),
  z.object({ kind: z.literal('createdWithinDays'), days: z.number() }),
])

const listEntry = z.object({ address: z.string(), date: z.string() })
const byEmail = <T extends z.ZodType>(item: T) => z.record(z.string(), z.array(item))

export const setrowState = z.object({
  contacts: z.object({
    email: z.array(contact),
    sms: z.array(contact),
    whatsapp: z.array(contact),
  }),
  groups: z.array(
    z.object({ id: z.number().int(), name: z.string(), channel, createdAt: z.string() }),
  ),
  autoGroups: z.array(
    z.object({ id: z.number().int(), name: z.string(), rule: autoRule, createdAt: z.string() }),
  ),
  foreignGroupIds: z.array(z.number().int()),
  nextGroupId: z.number().int(),
  lists: z.object({
    unsubscribeEmail: z.array(listEntry),
    unsubscribeSms: z.array(listEntry),
    unsubscribeWhatsapp: z.array(listEntry),
    junk: z.array(listEntry),
    wrongEmail: z.array(listEntry),
    wrongWhatsapp: z.array(listEntry),
  }),
  reports: z.object({ sms: z.array(report), whatsapp: z.array(report) }),
  categories: z.array(category),
  products: z.array(product),
  favorites: byEmail(z.object({ productCode: z.string(), addedAt: z.string() })),
  baskets: byEmail(
    z.object({
      productCode: z.string(),
      quantity: z.number().int(),
      price: z.number(),
      addedAt: z.string(),
    }),
  ),
  // fields in the order the store keeps them: a reloaded state answers byte for byte as before
  orders: z.array(
    z.object({ orderId: z.string(), email: z.string(), ...order.omit({ orderId: true }).shape }),
  ),
  iysLogs: z.array(iysLog),
}) satisfies z.ZodType<SetrowData>
