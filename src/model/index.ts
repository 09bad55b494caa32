/**
 * kopru's canonical records: what every connector maps its vendor's shapes to and from. The sync
 * engine knows only these. Money is in major units (TRY 12.5 = 12.5); times are ISO 8601 in UTC.
 */
import { z } from 'zod'

const isoTime = z.iso.datetime({ offset: true })
const money = z.number().finite()

/** Where a record comes from: an API name and that API's own id for it. */
export const sourceRef = z.object({ api: z.string(), id: z.string() })

/** Marketing permission per channel. Never invented: `unknown` until someone says otherwise. */
export const consentStatus = z.enum(['allowed', 'denied', 'unknown'])
export const consent = z.object({
  channel: z.enum(['email', 'sms', 'whatsapp']),
  status: consentStatus,
  /** who recorded it and when, as IYS wants it */
  source: z.string().optional(),
  at: isoTime.optional(),
})

export const customer = z.object({
  /** the identity kopru matches customers by across sources: the email, else the GSM number */
  key: z.string(),
  email: z.email().optional(),
  /** E.164 without the plus sign: 905321234567 */
  gsm: z
    .string()
    .regex(/^\d{10,15}$/)
    .optional(),
  firstName: z.string(),
  lastName: z.string(),
  city: z.string().optional(),
  district: z.string().optional(),
  firstOrderAt: isoTime.optional(),
  lastOrderAt: isoTime.optional(),
  orderCount: z.number().int().min(0),
  totalSpent: money,
  sources: z.array(sourceRef),
})

export const orderStatus = z.enum([
  'new',
  'confirmed',
  'preparing',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
])

export const orderLine = z.object({
  sku: z.string(),
  barcode: z.string().optional(),
  title: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: money,
  taxRate: z.number().min(0).optional(),
})

export const order = z.object({
  /** `<api>:<the source's order number>`: unique across sources */
  key: z.string(),
  source: sourceRef,
  number: z.string(),
  placedAt: isoTime.optional(),
  status: orderStatus,
  currency: z.string().length(3),
  total: money,
  shipping: money.optional(),
  customer: z.object({
    email: z.string().optional(),
    gsm: z.string().optional(),
    firstName: z.string(),
    lastName: z.string(),
    city: z.string().optional(),
    district: z.string().optional(),
  }),
  lines: z.array(orderLine),
})

export const variant = z.object({
  sku: z.string(),
  barcode: z.string().optional(),
  options: z.record(z.string(), z.string()),
  price: money,
  stock: z.number().int(),
})

export const category = z.object({
  /** the full path joined with " > ": stable across sources that give no category ids */
  key: z.string(),
  name: z.string(),
  parentKey: z.string().optional(),
})

export const product = z.object({
  /** `<api>:<product code>` */
  key: z.string(),
  source: sourceRef,
  code: z.string(),
  barcode: z.string().optional(),
  title: z.string(),
  brand: z.string().optional(),
  categoryPath: z.array(z.string()),
  price: money,
  currency: z.string().length(3),
  taxRate: z.number().min(0).optional(),
  stock: z.number().int(),
  imageUrl: z.string().optional(),
  url: z.string().optional(),
  active: z.boolean(),
  variants: z.array(variant),
})

/** One sellable unit's stock and price: a product without variants, or one variant. */
export const stockLevel = z.object({
  /** the barcode, else the SKU */
  key: z.string(),
  barcode: z.string().optional(),
  sku: z.string(),
  productCode: z.string(),
  stock: z.number().int(),
  price: money,
})

export const cartLine = z.object({ sku: z.string(), quantity: z.number().int(), unitPrice: money })
export const cart = z.object({
  key: z.string(),
  customerKey: z.string(),
  updatedAt: isoTime,
  lines: z.array(cartLine),
})

/** An address or number that must not be written to (unsubscribed, bounced, junk). */
export const suppression = z.object({
  channel: z.enum(['email', 'sms', 'whatsapp']),
  address: z.string(),
  reason: z.enum(['unsubscribed', 'wrong', 'junk']),
  at: isoTime.optional(),
})

export type SourceRef = z.infer<typeof sourceRef>
export type ConsentStatus = z.infer<typeof consentStatus>
export type Consent = z.infer<typeof consent>
export type Customer = z.infer<typeof customer>
export type OrderStatus = z.infer<typeof orderStatus>
export type OrderLine = z.infer<typeof orderLine>
export type Order = z.infer<typeof order>
export type Variant = z.infer<typeof variant>
export type Category = z.infer<typeof category>
export type Product = z.infer<typeof product>
export type StockLevel = z.infer<typeof stockLevel>
export type Cart = z.infer<typeof cart>
export type Suppression = z.infer<typeof suppression>
