/** `kopru/setrow`: the Setrow client, its types, its error table and guard, its enums. */
export {
  createSetrowClient,
  type BulkMethod,
  type RangeMethod,
  type SetrowClient,
  type SetrowClientOptions,
} from './client.ts'
export { isSetrowError, setrowErrors, type SetrowError, type SetrowErrorCode } from './errors.ts'
export { setrowApi, type SetrowApi } from './operations.ts'
export {
  AllowStatus,
  IysOptInSource,
  IysOptOutSource,
  MAX_HOURS,
  MAX_ITEMS,
  MAX_WINDOW_DAYS,
  allowStatuses,
  iysSourceName,
  itemStatuses,
  type ItemStatus,
} from './schemas.ts'
