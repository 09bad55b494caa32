/** `kopru/narwoo`: the Narwoo client, its types, its error table and guard, its enums. */
export {
  createNarwooClient,
  createNarwooWireClient,
  type NarwooClient,
  type NarwooClientOptions,
  type NarwooSession,
  type NarwooWireClient,
} from './client.ts'
export {
  NarwooError,
  TOKEN_INVALID,
  isNarwooError,
  narwooErrors,
  type NarwooErrorKey,
} from './errors.ts'
export { narwooApi, type NarwooApi } from './operations.ts'
export type {
  NarwooAttribute,
  NarwooOrder,
  NarwooOrderDetail,
  NarwooOrderLine,
  NarwooProduct,
  NarwooVariant,
  ProductDraft,
} from './parse.ts'
export {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  currencies,
  productStatuses,
  type CurrencyCode,
  type ProductStatus,
} from './schemas.ts'
