/**
 * `kopru`: what every API's client shares (its errors and their guards, options and answer types,
 * pagination and batch results) and kopru's canonical records. Each API's client is its own entry:
 * `kopru/setrow`, `kopru/softtr`, `kopru/narwoo`; emulators for tests are `kopru/emulator`.
 *
 * @example
 * import { isTransient, UnexpectedAnswerError } from 'kopru'
 * import { createSetrowClient, isSetrowError } from 'kopru/setrow'
 */
export {
  AnswerTooLargeError,
  CallError,
  ConfigError,
  InputError,
  KopruError,
  NetworkError,
  RedirectError,
  ResponseSchemaError,
  TimeoutError,
  UnexpectedAnswerError,
  VendorApiError,
  isRefusal,
  isServiceFailure,
  isTransient,
  type CallContext,
  type RequestSummary,
  type SchemaIssue,
  type VendorApiErrorInit,
} from './core/errors.ts'
export type {
  ApiClient,
  ApiResponse,
  ClientOptions,
  Logger,
  ValidationMode,
} from './core/client.ts'
export type { CallOptions, OperationInput, OperationOutput } from './core/types.ts'
export type { Hooks, HookState, TransportOptions } from './core/transport.ts'
export { defaultRetryPolicy, type RetryPolicy } from './core/retry.ts'
export type { Clock, RateLimit } from './core/limits.ts'
export { Paginator } from './core/paginate.ts'
export type { BatchOptions, ItemResult } from './core/batch.ts'
export type { ApiDef, OperationDef } from './core/operation.ts'
export * from './model/index.ts'
