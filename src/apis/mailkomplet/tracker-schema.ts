/**
 * The cart tracker's `CartItem` (seed: "Definition of an object CartItem"), shared by the
 * emulator, which checks what the tracker reports, and the typed browser module, which imports
 * only its type.
 */
import { z } from 'zod'

/** The seed's currency codes: CZK 5, EUR 7, USD 32, GBP 33. */
export const Currency = { CZK: 5, EUR: 7, USD: 32, GBP: 33 } as const

const text = (max: number) => z.string().max(max).nullable().optional()

export const cartItem = z.object({
  amount: z.number().positive().max(1_000_000),
  name: z.string().max(500),
  url: text(2000),
  productImageUrl: text(2000),
  code: z.string().min(1).max(200),
  /** "the same combination code and variant" merges: the seed's CartItem lists no variant field */
  variant: text(200),
  currency: z.literal([Currency.CZK, Currency.EUR, Currency.USD, Currency.GBP]),
  price: z.number().min(0),
  priceVat: z.number().min(0).nullable().optional(),
  category: text(500),
  manufacturer: text(500),
  customFields: z.record(z.string(), z.string().max(500).nullable()).nullable().optional(),
})

export type CartItem = z.input<typeof cartItem>
export type CurrencyCode = (typeof Currency)[keyof typeof Currency]
