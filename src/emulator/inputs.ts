/** Reading a request's inputs and checking them against an operation's schemas. */
import type { z } from 'zod'
import { leanSchema } from '../core/lean.ts'
import { compiledOf } from '../core/schema.ts'
import type { OperationDef } from '../core/operation.ts'
import type { InputIssue, InputProblem } from './types.ts'

export type Raw = Record<string, string | string[]>
type Checked<T> = { ok: true; value: T } | { ok: false; problem: InputProblem }
/** A body as read: its value or the problem, and its text when it could be read whole. */
export type ReadBody = Checked<unknown> & { text?: string }

/**
 * The deepest JSON nesting a body may have. Vendor bodies nest a few levels; JSON.parse takes
 * any depth, but what recurses over the value afterwards (JSON.stringify, a handler) overflows
 * the stack a few thousand levels down.
 */
export const MAX_JSON_DEPTH = 100

/** A vendor call as the host reads it, from a WHATWG Request or straight from node:http. */
export interface Call {
  method: string
  /** the URL's path and search (`?…`, or empty) as `URL` gives them */
  path: string
  search: string
  /** path parameters, decoded */
  params: Raw
  /** a header as `Headers.get` reads it */
  header(name: string): string | null
  /** the body as text; undefined when it is over `maxBytes` */
  text(maxBytes: number): Promise<string | undefined>
  /** the call as a WHATWG Request: made on first use when it came through node:http */
  readonly request: Request
}

/** A call that came as a WHATWG Request (in process, or through Hono). */
export function requestCall(request: Request, params: Raw): Call {
  const url = new URL(request.url)
  return {
    method: request.method,
    path: url.pathname,
    search: url.search,
    params,
    header: (name) => request.headers.get(name),
    text: (maxBytes) => readLimited(request, maxBytes),
    request,
  }
}

/** The query's fields, as URLSearchParams reads them; a repeated one as a list. */
export function readQuery(search: string): Raw {
  if (search.includes('%') || search.includes('+')) return collect(new URLSearchParams(search))
  // nothing to unescape: split by hand, as URLSearchParams would (its iterator cost more)
  const out = fields()
  for (const pair of (search.startsWith('?') ? search.slice(1) : search).split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    add(out, eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? '' : pair.slice(eq + 1))
  }
  return out
}

function collect(params: URLSearchParams): Raw {
  const out = fields()
  for (const [key, value] of params) add(out, key, value)
  return out
}

/**
 * Without Object.prototype: `?constructor=1` or `?__proto__=x` are plain keys like any other. Made
 * by a constructor whose prototype has none, which V8 keeps fast; `Object.create(null)` makes a
 * dictionary, slow to fill (0.7 µs a query).
 */
const Fields = function () {} as unknown as { new (): Raw; prototype: unknown }
Fields.prototype = Object.create(null)

function fields(): Raw {
  return new Fields()
}

function add(out: Raw, key: string, value: string): void {
  const existing = out[key]
  out[key] =
    existing === undefined
      ? value
      : Array.isArray(existing)
        ? [...existing, value]
        : [existing, value]
}

/** The body as JSON or form fields, by content type and what the operation accepts. */
export function readBody(
  call: Call,
  op: OperationDef | undefined,
  maxBytes: number,
): ReadBody | Promise<ReadBody> {
  if (call.method === 'GET' || call.method === 'HEAD') return NO_BODY
  return readSent(call, op, maxBytes)
}

const NO_BODY: ReadBody = Object.freeze({ ok: true, value: undefined })

async function readSent(
  call: Call,
  op: OperationDef | undefined,
  maxBytes: number,
): Promise<ReadBody> {
  const declared = Number(call.header('content-length') ?? NaN)
  if (declared > maxBytes) return { ok: false, problem: { kind: 'tooLarge', limitBytes: maxBytes } }
  const text = await call.text(maxBytes)
  if (text === undefined) return { ok: false, problem: { kind: 'tooLarge', limitBytes: maxBytes } }
  return { ...parseBody(text, op, call.header('content-type')), text }
}

function parseBody(
  text: string,
  op: OperationDef | undefined,
  contentType: string | null,
): Checked<unknown> {
  if (text.trim() === '') return { ok: true, value: undefined }
  if (!op?.body) return { ok: true, value: text }
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const accepts = op.encodings ?? ['json']
  const malformed = (detail: string): Checked<unknown> => ({
    ok: false,
    problem: { kind: 'malformed', location: 'body', detail },
  })
  if (accepts.includes('form') && type === 'application/x-www-form-urlencoded') {
    return { ok: true, value: collect(new URLSearchParams(text)) }
  }
  // a missing content type is read as JSON: some clients send JSON without saying so
  if (
    accepts.includes('json') &&
    (type === '' || type === 'application/json' || type.endsWith('+json'))
  ) {
    const parsed = parseJson(text)
    return parsed.ok ? parsed : malformed(parsed.detail)
  }
  return malformed(`content type ${type || '(none)'} is not accepted here`)
}

/** JSON text as a value, refused when it is not JSON or nests deeper than `MAX_JSON_DEPTH`. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; detail: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, detail: 'the body is not valid JSON' }
  }
  if (nestsDeeper(value, MAX_JSON_DEPTH))
    return { ok: false, detail: `the body nests deeper than ${MAX_JSON_DEPTH} levels` }
  return { ok: true, value }
}

/**
 * Whether a parsed JSON value nests more than `max` arrays and objects deep. Checked on the value,
 * not the text: V8's JSON.parse takes any depth without recursing, and walking the few values that
 * hold others costs a seventh of scanning the text past its strings (a 10,000-row, 1 MB import:
 * 0.16 against 1.1 ms, its parse 2.3 ms). The walk goes no deeper than `max` + 1.
 */
export function nestsDeeper(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (max === 0) return true
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (typeof item === 'object' && item !== null && nestsDeeper(item, max - 1)) return true
    }
    return false
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key]
    if (typeof item === 'object' && item !== null && nestsDeeper(item, max - 1)) return true
  }
  return false
}

/** The body's text, or undefined as soon as it is over `maxBytes` (the rest is not read). */
export async function readLimited(request: Request, maxBytes: number): Promise<string | undefined> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  return utf8Text(chunks)
}

const utf8 = new TextDecoder()

/** A body's bytes as text, as `Response.text()` reads them (a leading BOM dropped). */
export function utf8Text(chunks: readonly Uint8Array[]): string {
  return utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))
}

export interface DecodedInput {
  params: unknown
  query: unknown
  body: unknown
}

const LOCATIONS = ['params', 'query', 'body'] as const

/**
 * Decodes path, query and body in that order; the first problem found is the answer. A query
 * given with its `search` text is decoded once per text when it decodes to plain values: a list
 * polled with the same query skips zod, which cost as much as the rest of the host's work.
 */
export function decodeInput(
  op: OperationDef,
  raw: { params: Raw; query: Raw; body: unknown },
  search?: string,
): Checked<DecodedInput> {
  const out: DecodedInput = { params: undefined, query: undefined, body: undefined }
  for (const location of LOCATIONS) {
    const schema = op[location]
    if (!schema) continue
    const known =
      location === 'query' && search !== undefined ? decodedQuery(op, search) : undefined
    if (known) {
      out.query = known
      continue
    }
    const value = location === 'query' && op.queryLists ? listsOf(op, raw.query) : raw[location]
    // the input on each issue tells an absent value from a wrong one, also inside decoded text
    const lean = location === 'body' ? leanSchema(schema, value) : undefined
    // compiled: a valid value parses several times faster, an invalid one as zod parses it
    let result = compiledOf((lean ?? schema) as typeof schema).safeParse(value, {
      reportInput: true,
    })
    // issues are the same either way; the whole schema reports them, to be sure of it
    if (lean && !result.success) result = schema.safeParse(value, { reportInput: true })
    if (!result.success)
      return { ok: false, problem: toProblem(location, result.error.issues, value) }
    out[location] = result.data
    if (location === 'query' && search !== undefined) keepQuery(op, search, result.data)
  }
  return { ok: true, value: out }
}

const listFields = new WeakMap<OperationDef, Set<string>>()

/** The query fields whose schema is a list (optional or not). */
function listFieldsOf(op: OperationDef): Set<string> {
  let names = listFields.get(op)
  if (!names) {
    names = new Set()
    for (const [name, field] of Object.entries(op.query?.shape ?? {})) {
      let def = (field as z.ZodType).def as { type: string; innerType?: z.ZodType }
      while (def.innerType && ['optional', 'nullable', 'default'].includes(def.type))
        def = def.innerType.def as typeof def
      if (def.type === 'array') names.add(name)
    }
    listFields.set(op, names)
  }
  return names
}

/**
 * The query with its lists as lists, for an operation that declares `queryLists`: ASP.NET's
 * indexed fields (`s[0]=1&s[1]=2`) in index order, after any repeated `s=…`, and a list field
 * given once as a list of one, as Web API binds them.
 */
function listsOf(op: OperationDef, query: Raw): Raw {
  const lists = listFieldsOf(op)
  const out = fields()
  const indexed: [string, number, string][] = []
  for (const [key, value] of Object.entries(query)) {
    const found = /^(.+)\[(\d{1,9})\]$/.exec(key)
    if (found && lists.has(found[1]!)) {
      for (const item of [value].flat()) indexed.push([found[1]!, Number(found[2]), item])
    } else out[key] = lists.has(key) ? [value].flat() : value
  }
  indexed.sort((a, b) => a[1] - b[1])
  for (const [name, , item] of indexed) out[name] = [...[out[name] ?? []].flat(), item]
  return out
}

const queries = new WeakMap<OperationDef, Map<string, Record<string, unknown>>>()
const QUERIES_KEPT = 100

/** A copy, so that a handler changing its input changes nothing kept. */
function decodedQuery(op: OperationDef, search: string): Record<string, unknown> | undefined {
  const kept = queries.get(op)?.get(search)
  return kept && { ...kept }
}

function keepQuery(op: OperationDef, search: string, value: unknown): void {
  if (
    value === null ||
    typeof value !== 'object' ||
    Object.getPrototypeOf(value) !== Object.prototype
  )
    return
  // a Date or a list would be shared by the copies
  if (Object.values(value).some((v) => v !== null && typeof v === 'object')) return
  let kept = queries.get(op)
  if (!kept) queries.set(op, (kept = new Map()))
  if (kept.size >= QUERIES_KEPT) kept.clear()
  kept.set(search, { ...(value as Record<string, unknown>) })
}

function toProblem(
  location: 'params' | 'query' | 'body',
  issues: z.core.$ZodIssue[],
  value: unknown,
): InputProblem {
  const issue = issues[0]!
  const path = [...issue.path]
  if (issue.code === 'too_big' && issue.origin === 'array') {
    return {
      kind: 'tooMany',
      location: location === 'params' ? 'query' : location,
      path,
      max: Number(issue.maximum),
    }
  }
  if (
    path.length === 0 &&
    issue.code !== 'unrecognized_keys' &&
    (value === undefined || location === 'body')
  ) {
    if (value === undefined && location === 'body')
      return { kind: 'malformed', location, detail: 'a body is required' }
    if (issue.code === 'invalid_type') return { kind: 'malformed', location, detail: issue.message }
  }
  const all = issues.map((i) => describeIssue(i, value))
  return { kind: 'invalid', location, ...all[0]!, issues: all }
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): InputIssue {
  const path = [...issue.path]
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
  const field = keys[0] ?? [...path].reverse().find((p): p is string => typeof p === 'string')
  const input = 'input' in issue ? issue.input : valueAt(value, path)
  // a field that accepts several forms reports its absence as a failed union
  const absent = issue.code === 'invalid_type' || issue.code === 'invalid_union'
  const missing = keys.length === 0 && absent && input === undefined
  return { path, field, missing, detail: issue.message }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}
