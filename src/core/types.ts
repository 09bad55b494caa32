/**
 * Client types inferred from operation records: no interface is written twice.
 * Values take the decoded (output) type of each schema, optionality comes from the wire (input)
 * side, so a field with a default stays optional and a date codec accepts a `Date`.
 */
import type { z } from 'zod'
import type { ApiDef, OperationDef } from './operation.ts'

export type Simplify<T> = { [K in keyof T]: T[K] } & {}

type OptionalKeys<T> = { [K in KnownKeys<T>]-?: {} extends Pick<T, K> ? K : never }[KnownKeys<T>]

/** What a caller passes for one schema: output values, input optionality. */
export type CallerShape<S extends z.ZodType> =
  z.output<S> extends object
    ? Simplify<
        {
          [
            K in KnownKeys<z.output<S>> as K extends OptionalKeys<z.input<S>> ? never : K
          ]: z.output<S>[K]
        } & {
          [
            K in KnownKeys<z.output<S>> as K extends OptionalKeys<z.input<S>> ? K : never
          ]?: z.output<S>[K]
        } & IndexPart<z.output<S>>
      >
    : z.output<S>

/**
 * The named keys of `T` without its index signature: a loose object's `[k: string]: unknown`
 * (a vendor's account-defined fields beside the documented ones) would otherwise swallow them in
 * `keyof`, and every documented field with them.
 */
type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: never
}

/** The index signature of `T`, when it has one, for the keys no schema names. */
type IndexPart<T> = string extends keyof T ? { [key: string]: T[string & keyof T] } : {}

type Part<O, K extends string> = O extends { [P in K]: infer S extends z.ZodType }
  ? CallerShape<S>
  : {}

type BodyPart<O> = O extends { body: infer S extends z.ZodType }
  ? S extends z.ZodObject
    ? CallerShape<S>
    : { body: CallerShape<S> }
  : {}

/** The single input object of an operation: path, query and body fields merged. */
export type OperationInput<O> = Simplify<Part<O, 'params'> & Part<O, 'query'> & BodyPart<O>>

type ResponseOf<O> = O extends { response: infer S extends z.ZodType } ? z.output<S> : never

type KeyOf<A, O> = O extends { unwrap: infer K } ? K : A extends { unwrap: infer K } ? K : null

type Unwrap<T, K> = K extends string ? (K extends keyof NonNullable<T> ? NonNullable<T>[K] : T) : T

/** What a client method resolves to: the payload inside the vendor's envelope. */
export type OperationOutput<A, O> = Unwrap<ResponseOf<O>, KeyOf<A, O>>

export interface CallOptions {
  signal?: AbortSignal
  timeoutMs?: number
  /** false turns retries off for this call; a number overrides the attempt budget */
  retry?: false | { retries?: number }
  /** send the input as given even when it does not match the schema (to test a server) */
  validateInput?: boolean
}

type HasRequired<T> = {} extends T ? false : true

export type OperationMethod<A, O> =
  HasRequired<OperationInput<O>> extends true
    ? (input: OperationInput<O>, options?: CallOptions) => Promise<OperationOutput<A, O>>
    : (input?: OperationInput<O>, options?: CallOptions) => Promise<OperationOutput<A, O>>

/** `A | B` → `A & B`: one client object with the members of every operation. */
export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never

/** `orders.list` and a value → `{ orders: { list: value } }`. */
export type Nest<K extends string, V> = K extends `${infer Head}.${infer Rest}`
  ? { [P in Head]: Nest<Rest, V> }
  : { [P in K]: V }

type Ops<A> = A extends ApiDef ? A['operations'] : never

/** `orders.list` → `client.orders.list(...)`, for every operation of an API. */
export type OperationMethods<A extends ApiDef> = UnionToIntersection<
  { [K in keyof Ops<A> & string]: Nest<K, OperationMethod<A, Ops<A>[K]>> }[keyof Ops<A> & string]
>

export type OperationIdOf<A extends ApiDef> = keyof Ops<A> & string
export type OperationOf<A extends ApiDef, Id extends OperationIdOf<A>> = Ops<A>[Id] & OperationDef
