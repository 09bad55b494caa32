/** `kopru/softtr`: the Softtr client, its types, its error table and guard, its enums. */
export {
  createSofttrClient,
  softtrBaseUrl,
  type SofttrClient,
  type SofttrClientOptions,
} from './client.ts'
export { isSofttrError, softtrErrors, type SofttrErrorKey } from './errors.ts'
export { softtrApi, type SofttrApi } from './operations.ts'
export {
  MAX_ITEMS,
  MAX_PAGE_SIZE,
  orderSources,
  orderStatuses,
  type OrderDetail,
  type OrderSource,
  type OrderStatus,
  type OrderSummary,
  type Product,
  type ProductVariant,
} from './schemas.ts'
