/**
 * The one definition per operation. Every client method, emulator route, OpenAPI operation and
 * inventory row is derived from these plain records by loops; nothing is written per operation.
 */
import type { z } from 'zod'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'SEARCH'

export type ObjectSchema = z.ZodObject
export type Schema = z.ZodType

/** How a list operation pages; field names are dotted paths into the unwrapped payload. */
export type Pagination =
  | {
      style: 'page'
      /** query parameter carrying the page number */
      page: string
      /** query parameter carrying the page size */
      size: string
      /** where the items are */
      items: string
      /** where the total page count is, when the vendor gives it */
      totalPages?: string
      /** where the total item count is, when the vendor gives it: a walk never ends short of it */
      total?: string
      firstPage?: number
      maxSize: number
    }
  | {
      style: 'offset'
      offset: string
      limit: string
      items: string
      /** where the total item count is, when the vendor gives it: a walk never ends short of it */
      total?: string
      maxSize: number
    }
  | {
      style: 'lastId'
      /** query parameter carrying the last id seen */
      cursor: string
      /** the item field holding its whole-number id: ascending, the last becomes the next cursor */
      idField: string
      size?: string
      items: string
      /** the most items a page holds; without `size`, the vendor's fixed page (a shorter one is the last) */
      maxSize?: number
    }

export interface Limits {
  /** most items one call accepts; batch helpers split at this */
  maxItems?: number
  /** widest date window one call accepts, in days */
  maxWindowDays?: number
}

/** Where the items of a batchable write live: the body itself, or one body field. */
export interface Batch {
  items: 'body' | (string & {})
  /** required where the answer is a list: an `…All` helper never guesses which entry is whose */
  perItem?: PerItem
}

/**
 * How the answer of a batch write whose answer is a list maps to the items sent. `inOrder`: one
 * entry per item, in the order sent; a list of any other length is not the vendor's answer. An
 * entry whose `refused.field` holds one of `refused.values` is the vendor refusing that item alone,
 * the value its code.
 */
export interface PerItem {
  map: 'inOrder'
  refused?: { field: string; values: readonly string[] }
}

export type BodyEncoding = 'json' | 'form'

export interface OperationDef {
  method: HttpMethod
  /** vendor path template, relative to the API's base URL; parameters in `{braces}` */
  path: string
  /**
   * the template a client sends when the seed's heading leaves out segments its example URI shows
   * (heading `GET /email`, example `/email/test@example.com` → `/email/{email}`); `path` then stays
   * as the heading prints it, for the inventory. Must start with `path`.
   */
  wirePath?: string
  /** the seed heading this operation comes from */
  summary: string
  description?: string
  params?: ObjectSchema
  query?: ObjectSchema
  /**
   * how a list travels in the query: repeated (`s=1&s=2`, the default), or indexed as ASP.NET
   * writes it (`s[0]=1&s[1]=2`); an emulator reads either, and a single `s=1` as a list of one
   */
  queryLists?: 'repeat' | 'indexed'
  body?: Schema
  /** how the body travels; the first is what the client sends, all are accepted by the emulator */
  encodings?: readonly BodyEncoding[]
  /** the whole success body on the wire; `z.undefined()` where the vendor answers with no body */
  response: Schema
  /** the HTTP status of a success answer, when not 200 (a create answering 201) */
  status?: number
  /** key of the payload inside the success body; overrides the API's default, `null` for none */
  unwrap?: string | null
  /** vendor error codes this operation documents (keys of the API's error table) */
  errors?: readonly string[]
  limits?: Limits
  pagination?: Pagination
  batch?: Batch
  /** true when repeating the call cannot cause a second effect (reads, absolute upserts) */
  retrySafe: boolean
  /**
   * when several operations share method and path: the query parameters that select this one,
   * all of them, or any one of them with `any`; and the JSON body fields that must be present too
   * (an update and a create on one path, told apart by the id in the body)
   */
  match?: { query: readonly string[]; any?: boolean; body?: readonly string[] }
  /** false for the calls that need no credentials (a login) */
  auth?: boolean
  deprecated?: boolean
  /** the seed's own example of this call, as it travels; see `OperationExamples` */
  examples?: OperationExamples
}

/**
 * One example call, on the wire: path and query parameters as text, the request body and the
 * success body as JSON. The OpenAPI document shows them (a mock server answers with `response`),
 * and a test validates each against its own schema, so an example cannot drift from the record.
 * Where the seed's example is malformed, its well-formed equivalent; where it has none, leave it
 * out rather than invent one (entities may carry `examples` in their schema's `.meta()`).
 */
export interface OperationExamples {
  /** where the seed's example comes from, shown as the examples' summary */
  summary?: string
  params?: Readonly<Record<string, string>>
  query?: Readonly<Record<string, string>>
  body?: unknown
  response?: unknown
}

export type AuthScheme =
  | { type: 'basic' }
  | { type: 'bearer' }
  | { type: 'apiKey'; in: 'header' | 'query'; name: string }
  | { type: 'token'; in: 'query' | 'body'; name: string; loginOperation: string }
  | { type: 'path'; name: string }

/** One row of a vendor's error table. */
export interface ErrorEntry {
  status: number
  code: string
  message: string
  /** true for errors any operation can answer (authentication, unknown path, server failure) */
  general?: boolean
  /**
   * the body this error answers with when it is not the API's error body: `z.undefined()` for
   * none (a bare 404), or a record (the current version of what a write conflicted with)
   */
  body?: Schema
}

export interface ApiDef<Ops extends Record<string, OperationDef> = Record<string, OperationDef>> {
  /** short lower-case name, used in CLI, URLs and file names */
  name: string
  title: string
  /** the seed document this API is specified by */
  seed: string
  /** the vendor's documented base URL; emulators serve under its path */
  baseUrl: string
  auth: AuthScheme
  /**
   * where credentials travel, so errors and logs can redact them; `path` names `{parameters}` of
   * `baseUrl` that hold one (an account key in the base path)
   */
  secrets: {
    headers?: readonly string[]
    query?: readonly string[]
    body?: readonly string[]
    path?: readonly string[]
  }
  /** key of the payload in success bodies, unless an operation says otherwise */
  unwrap?: string
  /** schema of the vendor's error answer, for OpenAPI */
  errorBody: Schema
  errors: Readonly<Record<string, ErrorEntry>>
  operations: Ops
}

/** Keeps the literal types of an API definition and checks its consistency once, at load. */
export function defineApi<const A extends ApiDef>(api: A): A {
  checkApi(api)
  return api
}

export function operationIds<A extends ApiDef>(api: A): (keyof A['operations'] & string)[] {
  return Object.keys(api.operations)
}

/** The path template a client sends and an emulator routes. */
export function wirePathOf(op: OperationDef): string {
  return op.wirePath ?? op.path
}

/** Whether the query parameters present select an operation that shares its route with others. */
export function matchesQuery(op: OperationDef, present: (name: string) => boolean): boolean {
  if (!op.match) return true
  return op.match.any ? op.match.query.some(present) : op.match.query.every(present)
}

/** Whether a JSON body carries the fields that select `op` among operations sharing its route. */
export function matchesBody(op: OperationDef, body: unknown): boolean {
  const fields = op.match?.body
  if (!fields?.length) return true
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false
  return fields.every((name) => (body as Record<string, unknown>)[name] != null)
}

const basePatterns = new WeakMap<ApiDef, { names: string[]; pattern: RegExp } | null>()

/**
 * The values a request URL carries in the base URL's secret `{parameters}` (`secrets.path`), to
 * blank them in errors and logs; found wherever the base path sits in the URL (behind a proxy's
 * prefix too).
 */
export function pathSecretValues(api: ApiDef, path: string): string[] {
  let compiled = basePatterns.get(api)
  if (compiled === undefined) {
    compiled = null
    if (api.secrets.path?.length) {
      const template = decodeURIComponent(new URL(api.baseUrl).pathname).replace(/\/+$/, '')
      const names = pathParamNames(template)
      const source = template
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('([^/]+)')
      compiled = { names, pattern: new RegExp(`${source}(?:/|$)`) }
    }
    basePatterns.set(api, compiled)
  }
  if (!compiled) return []
  const found = compiled.pattern.exec(path)
  if (!found) return []
  return compiled.names.flatMap((name, i) => {
    if (!api.secrets.path!.includes(name)) return []
    const raw = found[i + 1]!
    let decoded = raw
    try {
      decoded = decodeURIComponent(raw)
    } catch {
      // a malformed escape: the raw text is what appears
    }
    return decoded === raw ? [raw] : [raw, decoded]
  })
}

/** `{orderno}` → `orderno`, in template order. */
export function pathParamNames(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
}

export function payloadKey(api: ApiDef, op: OperationDef): string | undefined {
  const key = op.unwrap === undefined ? api.unwrap : op.unwrap
  return key ?? undefined
}

function checkApi(api: ApiDef): void {
  const routes = new Map<string, string>()
  for (const [id, op] of Object.entries(api.operations)) {
    const where = `${api.name} ${id}`
    if (!/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/.test(id)) {
      throw new Error(`${where}: operation ids are resource.verb in camelCase`)
    }
    const declared = Object.keys(op.params?.shape ?? {})
      .sort()
      .join()
    if (op.wirePath !== undefined && !op.wirePath.startsWith(op.path)) {
      throw new Error(`${where}: wirePath ${op.wirePath} does not extend path ${op.path}`)
    }
    const inPath = pathParamNames(wirePathOf(op)).sort().join()
    if (declared !== inPath) {
      throw new Error(`${where}: path parameters {${inPath}} differ from params {${declared}}`)
    }
    const seen = new Set<string>()
    for (const schema of [op.params, op.query, isObject(op.body) ? op.body : undefined]) {
      for (const key of Object.keys(schema?.shape ?? {})) {
        if (seen.has(key)) throw new Error(`${where}: input key ${key} appears in two places`)
        seen.add(key)
      }
    }
    const route = `${op.method} ${wirePathOf(op)} ${op.match?.query.join('&') ?? ''} ${op.match?.body?.join('&') ?? ''}`
    const other = routes.get(route)
    if (other) throw new Error(`${where}: same route as ${other}; add a distinct match`)
    routes.set(route, id)
    for (const code of op.errors ?? []) {
      if (!api.errors[code]) throw new Error(`${where}: error ${code} is not in the error table`)
    }
  }
}

export function isObject(schema: Schema | undefined): schema is ObjectSchema {
  return schema !== undefined && schema.def.type === 'object'
}
