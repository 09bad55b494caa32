/** The shape of Softtr's serialized state (`SofttrStore.toJSON`), checked before a dump is loaded. */
import { z } from 'zod'
import { orderDetail, orderStatuses, product } from '../schemas.ts'
import type { SofttrData } from './store.ts'

const storedOrder = orderDetail.extend({
  // compared as text with other ISO times: the list's date window depends on it
  placedAt: z.iso.datetime(),
  status: z.enum(orderStatuses),
  invoiceCivID: z.string(),
})

export const softtrState = z.object({
  orders: z.array(storedOrder),
  products: z.array(product),
}) satisfies z.ZodType<SofttrData>
