/** The shape of Setrow's serialized state (`SetrowStore.toJSON`), checked before a dump is loaded. */
import { z } from 'zod'
import {
  allowStatuses,
  category,
  iysLog,
  iysSourceName,
  order,
  product,
  report,
} from '../schemas.ts'
import { areaName, type AreaName } from '../codecs.ts'
import { isStamp, normalAddress } from './addresses.ts'
import type { Channel, SetrowData } from './store.ts'

const readable: Record<Channel, string> = {
  email: 'an e-mail address',
  sms: 'a GSM number',
  whatsapp: 'a WhatsApp number',
}

/**
 * An address in the form the API keys it by (`Ali@Ex.com` → `ali@ex.com`, `0532…` → `532…`): one
 * in another form would never be found. Text that is no address of the channel is refused.
 */
function address(channel: Channel) {
  return z.string().transform((text, ctx) => {
    const normal = normalAddress(channel, text)
    if (normal === undefined)
      ctx.addIssue({ code: 'custom', message: `not ${readable[channel]}`, input: text })
    return normal ?? text
  })
}

// stored times are compared as text: only the stamp form, of a real time, sorts and filters right
const stamp = z.string().refine(isStamp, 'expected a time as yyyy-mm-dd hh:mm:ss')

// the area names are checked by `areaName`; its type is the plain string a refinement keeps
const areas = z.partialRecord(areaName, z.string()) as unknown as z.ZodType<
  Partial<Record<AreaName, string>>
>

const contact = (channel: Channel) =>
  z
    .object({
      address: address(channel),
      name: z.string(),
      surname: z.string(),
      allowStatus: z.enum(allowStatuses),
      iysSource: z.number().int().nullable(),
      consentDate: stamp.nullable(),
      areas,
      groups: z.array(z.number().int()),
      createdAt: stamp,
      updatedAt: stamp,
      iysTransactions: z.array(
        z.object({ requestId: z.string(), transactionId: z.string(), savedAt: stamp }),
      ),
    })
    // a card never names a source its allow status's table lacks (README.md)
    .refine((c) => c.iysSource === null || iysSourceName(c.allowStatus, c.iysSource), {
      message: "not a value of its allow status's IYS source table",
      path: ['iysSource'],
    })

const channel = z.enum(['email', 'sms', 'whatsapp'])

const autoRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('area'), area: areaName as z.ZodType<AreaName>, value: z.string() }),
  z.object({ kind: z.literal('allowStatus'), statuses: z.array(z.enum(allowStatuses)) }),
  z.object({ kind: z.literal('orderedWithinDays'), days: z.number() }),
  z.object({ kind: z.literal('hasBasket') }),
  z.object({ kind: z.literal('createdWithinDays'), days: z.number() }),
])

const listEntry = (channel: Channel) =>
  z.array(z.object({ address: address(channel), date: stamp }))
const byEmail = <T extends z.ZodType>(item: T) => z.record(address('email'), z.array(item))

const storedReport = (channel: 'sms' | 'whatsapp') =>
  report.extend({ number: address(channel), sendDate: stamp, reportDate: stamp.nullable() })

export const setrowState = z.object({
  contacts: z.object({
    email: z.array(contact('email')),
    sms: z.array(contact('sms')),
    whatsapp: z.array(contact('whatsapp')),
  }),
  groups: z.array(z.object({ id: z.number().int(), name: z.string(), channel, createdAt: stamp })),
  autoGroups: z.array(
    z.object({ id: z.number().int(), name: z.string(), rule: autoRule, createdAt: stamp }),
  ),
  foreignGroupIds: z.array(z.number().int()),
  nextGroupId: z.number().int(),
  lists: z.object({
    unsubscribeEmail: listEntry('email'),
    unsubscribeSms: listEntry('sms'),
    unsubscribeWhatsapp: listEntry('whatsapp'),
    junk: listEntry('email'),
    wrongEmail: listEntry('email'),
    wrongWhatsapp: listEntry('whatsapp'),
  }),
  reports: z.object({
    sms: z.array(storedReport('sms')),
    whatsapp: z.array(storedReport('whatsapp')),
  }),
  categories: z.array(category),
  products: z.array(product.extend({ createdAt: stamp, updatedAt: stamp })),
  favorites: byEmail(z.object({ productCode: z.string(), addedAt: stamp })),
  baskets: byEmail(
    z.object({
      productCode: z.string(),
      quantity: z.number().int(),
      price: z.number(),
      addedAt: stamp,
    }),
  ),
  // fields in the order the store keeps them: a reloaded state answers byte for byte as before
  orders: z.array(
    z.object({
      orderId: z.string(),
      email: address('email'),
      ...order.omit({ orderId: true }).shape,
      orderDate: stamp,
    }),
  ),
  // the recipient is kept as İYS writes it (`+90…`): no call looks a log up by it
  iysLogs: z.array(iysLog.extend({ consentDate: stamp, sentAt: stamp })),
}) satisfies z.ZodType<SetrowData>
