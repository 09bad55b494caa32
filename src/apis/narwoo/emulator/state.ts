/** The shape of Narwoo's serialized state (`NarwooStore.toJSON`), checked before a dump is loaded. */
import { z } from 'zod'
import { productStatuses } from '../schemas.ts'
import type { NarwooData } from './store.ts'

// Türkiye wall-clock time as the store writes it; orders are listed by comparing it as text
const wallTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'yyyy-mm-dd hh:mm:ss')
const nameValue = z.object({ name: z.string(), value: z.string() })
const money = z.number()
const count = z.number().int()

const storedProduct = z.object({
  productId: count,
  categoryId: count,
  title: z.string(),
  description: z.string(),
  brandName: z.string(),
  sku: z.string(),
  barcode: z.string(),
  price: money,
  salePrice: money,
  currency: z.literal([1, 2, 3, 4, 5]),
  stock: count,
  cargoOption: z.literal([0, 1]),
  cargoCompanyName: z.string(),
  cargoPrice: money,
  minSaleQuantity: count,
  maxCargoTime: count,
  maxProductQuantityForCargoPrice: count,
  images: z.array(z.object({ url: z.string(), prime: z.boolean() })),
  attributes: z.array(nameValue),
  variants: z.array(
    z.object({
      sku: z.string(),
      barcode: z.string(),
      price: money,
      stock: count,
      image: z.string(),
      attributes: z.array(nameValue),
    }),
  ),
  status: z.enum(productStatuses),
  deleted: z.boolean(),
  createdAt: wallTime,
  updatedAt: wallTime,
})

const address = z.object({
  name: z.string(),
  surname: z.string(),
  country: z.string(),
  zone: z.string(),
  town: z.string(),
  address: z.string(),
  zipcode: z.string(),
})

const orderLine = z.object({
  productId: count,
  name: z.string(),
  categoryName: z.string(),
  code: z.string(),
  sku: z.string(),
  barcode: z.string(),
  image: z.string(),
  quantity: count,
  unitPrice: money,
  oldPrice: money,
  cargoOption: z.literal([0, 1]),
  cargoPrice: money,
  variant: z.object({ price: money, options: z.array(nameValue) }).nullable(),
})

const cargo = z.discriminatedUnion('integration', [
  z.object({
    integration: z.literal(false),
    company: z.string(),
    number: z.string(),
    createdAt: wallTime,
  }),
  z.object({
    integration: z.literal(true),
    company: z.string(),
    number: z.string(),
    labelKey: z.string(),
    createdAt: wallTime,
  }),
])

const storedOrder = z.object({
  orderNumber: z.string(),
  placedAt: wallTime,
  currency: z.string(),
  paymentType: z.literal([0, 1]),
  paymentStatus: z.literal([0, 1, 2]),
  canceled: z.boolean(),
  cancelReason: z.string(),
  confirmed: z.boolean(),
  hasReturn: z.boolean(),
  customer: z.object({ name: z.string(), surname: z.string(), email: z.string() }),
  invoice: address,
  delivery: address,
  lines: z.array(orderLine),
  cargo: cargo.nullable(),
})

export const narwooState = z.object({
  products: z.array(storedProduct),
  orders: z.array(storedOrder),
  tokens: z.array(z.tuple([z.string(), z.number()])),
  nextProductId: count,
  nextShipment: count,
}) satisfies z.ZodType<NarwooData>
