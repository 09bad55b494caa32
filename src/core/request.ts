/**
 * Turns a caller's single input object into the wire request an operation record describes:
 * path parameters, query string and body, each encoded through its schema.
 */
import { InputError, type SchemaIssue } from './errors.ts'
import {
  isObject,
  pathParamNames,
  wirePathOf,
  type OperationDef,
  type Schema,
} from './operation.ts'
import { safeEncode } from './schema.ts'

export interface WireRequest {
  method: string
  url: URL
  headers: Headers
  body: string | undefined
}

type Input = Record<string, unknown>

export function buildRequest(
  apiName: string,
  operationId: string,
  op: OperationDef,
  baseUrl: string,
  input: Input,
  validate: boolean,
): WireRequest {
  const shape = shapeOf(op)
  const parts = splitInput(op, shape, input)
  const issues: SchemaIssue[] = []
  const params = encode(op.params, parts.params, 'path', issues) as Input
  const query = encode(op.query, parts.query, 'query', issues) as Input
  const body = encode(op.body, parts.body, 'body', issues)
  const missing = shape.pathKeys.filter((name) => params[name] == null || params[name] === '')
  for (const name of missing)
    issues.push({ path: ['path', name], message: 'required path parameter' })
  if ((validate && issues.length) || missing.length)
    throw new InputError(apiName, operationId, issues)

  // the query serialised apart and parsed with the rest: a URL's own `searchParams`, once used,
  // has it serialised again when undici reads the URL
  let search = ''
  if (Object.keys(query).length) {
    const fields = new URLSearchParams()
    appendParams(fields, query, op.queryLists === 'indexed')
    search = fields.toString()
  }
  const path = joinUrl(baseUrl, fillPath(shape.path, params))
  const url = new URL(search ? `${path}?${search}` : path)
  // set, not given as an init object, whose conversion cost as much again
  const headers = new Headers()
  headers.set('accept', 'application/json')
  let text: string | undefined
  if (body !== undefined) {
    if ((op.encodings?.[0] ?? 'json') === 'form') {
      const form = new URLSearchParams()
      appendParams(form, body as Input)
      text = form.toString()
      headers.set('content-type', 'application/x-www-form-urlencoded')
    } else {
      text = JSON.stringify(body)
      headers.set('content-type', 'application/json')
    }
  }
  return { method: op.method, url, headers, body: text }
}

/** `value` encoded through `schema`, or as it is with its issues added under `where`. */
function encode(schema: Schema | undefined, value: unknown, where: string, issues: SchemaIssue[]) {
  if (!schema || value === undefined) return value
  const result = safeEncode(schema, value)
  if (result.success) return keepExtras(value, result.data)
  for (const issue of result.error.issues)
    issues.push({ path: [where, ...issue.path], message: issue.message })
  return value
}

/** Where an operation's input keys travel, worked out once per operation: every call needs it. */
interface Shape {
  /** the path template split at its parameters: text, name, text, name, …, text */
  path: string[]
  pathKeys: string[]
  pathSet: Set<string>
  queryKeys: Set<string>
  objectBody: boolean
}

const shapes = new WeakMap<OperationDef, Shape>()

function shapeOf(op: OperationDef): Shape {
  let shape = shapes.get(op)
  if (!shape) {
    const template = wirePathOf(op)
    const pathKeys = pathParamNames(template)
    shape = {
      path: template.split(/\{([^}]+)\}/),
      pathKeys,
      pathSet: new Set(pathKeys),
      queryKeys: new Set(Object.keys(op.query?.shape ?? {})),
      objectBody:
        isObject(op.body) || (op.body === undefined && !['GET', 'DELETE'].includes(op.method)),
    }
    shapes.set(op, shape)
  }
  return shape
}

/** Splits the merged input by where each key travels; keys no schema names go with the body or query. */
function splitInput(op: OperationDef, shape: Shape, input: Input) {
  const { pathSet, queryKeys, objectBody } = shape
  const params: Input = {}
  const query: Input = {}
  let body: Input | undefined
  for (const [key, value] of Object.entries(input)) {
    if (pathSet.has(key)) params[key] = value
    else if (queryKeys.has(key)) query[key] = value
    else if (!objectBody && key === 'body' && op.body) body = value as Input
    else if (objectBody && op.body) (body ??= {})[key] = value
    else query[key] = value
  }
  if (objectBody && op.body && body === undefined) body = {}
  return { params, query, body: body as unknown }
}

/** zod drops keys a schema does not name; a caller's extra keys still go out. */
function keepExtras(raw: unknown, encoded: unknown): unknown {
  if (!isPlainObject(raw) || !isPlainObject(encoded)) return encoded
  return { ...raw, ...encoded }
}

function isPlainObject(value: unknown): value is Input {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  )
}

function fillPath(path: readonly string[], params: Input): string {
  let filled = path[0]!
  for (let i = 1; i < path.length; i += 2)
    filled += encodeURIComponent(String(params[path[i]!])) + path[i + 1]!
  return filled
}

export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`)
}

/** Each value as a field; a list as the field repeated, or `name[0]`, `name[1]` … when `indexed`. */
function appendParams(target: URLSearchParams, values: Input | undefined, indexed = false): void {
  for (const [key, value] of Object.entries(values ?? {})) {
    const list = Array.isArray(value)
    let i = 0
    for (const item of list ? value : [value]) {
      if (item === undefined || item === null) continue
      target.append(list && indexed ? `${key}[${i++}]` : key, textOf(item))
    }
  }
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * Sets one field of an already built request, replacing any earlier value (a renewed credential
 * overwrites the stale one): in the query for GET, DELETE and bodiless requests, else in the body
 * in the encoding it was built with (form fields or a JSON object).
 */
export function setField(request: WireRequest, name: string, value: string): void {
  const type = request.headers.get('content-type') ?? ''
  if (request.body !== undefined && type.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(request.body)
    form.set(name, value)
    request.body = form.toString()
    return
  }
  if (request.body !== undefined && type.startsWith('application/json')) {
    const parsed = JSON.parse(request.body) as unknown
    if (isPlainObject(parsed)) {
      request.body = JSON.stringify({ ...parsed, [name]: value })
      return
    }
  }
  request.url.searchParams.set(name, value)
}
