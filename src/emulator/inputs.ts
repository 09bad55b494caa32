/** Reading a request's inputs and checking them against an operation's schemas. */
import type { z } from 'zod'
import type { OperationDef } from '../core/operation.ts'
import type { InputIssue, InputProblem } from './types.ts'

export type Raw = Record<string, string | string[]>
type Checked<T> = { ok: true; value: T } | { ok: false; problem: InputProblem }

export function readQuery(url: URL): Raw {
  return collect(url.searchParams)
}

function collect(params: URLSearchParams): Raw {
  // no prototype: `?constructor=1` or `?__proto__=x` are plain keys like any other
  const out: Raw = Object.create(null) as Raw
  for (const [key, value] of params) {
    const existing = out[key]
    out[key] =
      existing === undefined
        ? value
        : Array.isArray(existing)
          ? [...existing, value]
          : [existing, value]
  }
  return out
}

/** The body as JSON or form fields, by content type and what the operation accepts. */
export async function readBody(
  request: Request,
  op: OperationDef | undefined,
  maxBytes: number,
): Promise<Checked<unknown>> {
  if (request.method === 'GET' || request.method === 'HEAD') return { ok: true, value: undefined }
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) return { ok: false, problem: { kind: 'tooLarge', limitBytes: maxBytes } }
  const text = await readLimited(request, maxBytes)
  if (text === undefined) return { ok: false, problem: { kind: 'tooLarge', limitBytes: maxBytes } }
  if (text.trim() === '') return { ok: true, value: undefined }
  if (!op?.body) return { ok: true, value: text }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
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
    try {
      return { ok: true, value: JSON.parse(text) as unknown }
    } catch {
      return malformed('the body is not valid JSON')
    }
  }
  return malformed(`content type ${type || '(none)'} is not accepted here`)
}

async function readLimited(request: Request, maxBytes: number): Promise<string | undefined> {
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
  return new TextDecoder().decode(Buffer.concat(chunks))
}

export interface DecodedInput {
  params: unknown
  query: unknown
  body: unknown
}

/** Decodes path, query and body in that order; the first problem found is the answer. */
export function decodeInput(
  op: OperationDef,
  raw: { params: Raw; query: Raw; body: unknown },
): Checked<DecodedInput> {
  const out: DecodedInput = { params: undefined, query: undefined, body: undefined }
  for (const location of ['params', 'query', 'body'] as const) {
    const schema = op[location]
    if (!schema) continue
    // the input on each issue tells an absent value from a wrong one, also inside decoded text
    const result = schema.safeParse(raw[location], { reportInput: true })
    if (!result.success)
      return { ok: false, problem: toProblem(location, result.error.issues, raw[location]) }
    out[location] = result.data
  }
  return { ok: true, value: out }
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
