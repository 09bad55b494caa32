/**
 * Checks OpenAPI documents against what they describe: an emulator's answers (the response the
 * document gives for the status, the body validated with Ajv, JSON Schema 2020-12, formats
 * asserted), the examples (by their records' schemas and by the document's), and Redocly's lint
 * with the repository's rules. A problem is text; none means the document holds.
 */
import { join } from 'node:path'
import { lintFromString, loadConfig } from '@redocly/openapi-core'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { z } from 'zod'
import type { ApiDef } from '../../src/core/operation.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const METHODS = ['get', 'put', 'post', 'delete', 'patch']

interface Route {
  pattern: RegExp
  /** literal segments win over parameters, as OpenAPI says */
  params: number
  item: Json
}

export interface AnswerCheck {
  /** the id of the operation the document gives for a request, or undefined */
  operationOf(method: string, url: string): string | undefined
  /** problems of an answer to `operationId`; empty when the document describes it */
  problems(operationId: string, status: number, body: unknown): string[]
}

export function answerChecker(doc: Json): AnswerCheck {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats.default(ajv)
  ajv.addSchema(doc, 'doc')
  // a server URL's `{variable}` (an account key in the path) matches any one segment
  const base = new RegExp(
    `^${decoded(new URL(doc.servers[0].url).pathname)
      .replace(/\/+$/, '')
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{[^}]+\}/g, '[^/]+')}(?=/|$)`,
  )
  const routes: Route[] = Object.entries(doc.paths as Json).map(([template, item]) => ({
    pattern: new RegExp(
      `^${trim(template)
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{[^}]+\}/g, '[^/]+')}$`,
    ),
    params: (template.match(/\{/g) ?? []).length,
    item: item as Json,
  }))
  const operations = new Map<string, { pointer: string; op: Json }>()
  for (const [template, item] of Object.entries(doc.paths as Json))
    for (const [where, op] of operationsOf(item as Json))
      operations.set(op.operationId, { pointer: pointer(['paths', template, ...where]), op })
  const validators = new Map<string, ValidateFunction>()

  function operationOf(method: string, url: string) {
    const path = decoded(new URL(url, 'http://x').pathname)
    const prefix = base.exec(path)?.[0]
    if (prefix === undefined) return undefined
    const local = trim(path.slice(prefix.length))
    const route = routes
      .filter((r) => r.pattern.test(local))
      .sort((a, b) => a.params - b.params)
      .find((r) => opOf(r.item, method))
    return route && opOf(route.item, method)!.operationId
  }

  function problems(operationId: string, status: number, body: unknown): string[] {
    const found = operations.get(operationId)
    if (!found) return [`${operationId}: no such operation in the document`]
    const { pointer: at, op } = found
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => op.responses?.[k])
    const name = `${operationId} ${status}`
    if (!key) return [`${name}: the document has no response for this status`]
    const media = op.responses[key].content?.['application/json']
    if (!media?.schema) return body === undefined ? [] : [`${name}: the document gives no body`]
    const ref = `doc${at}/responses/${key}/content/application~1json/schema`
    let validate = validators.get(ref)
    if (!validate) validators.set(ref, (validate = ajv.getSchema(ref)!))
    if (validate(body)) return []
    return (validate.errors ?? []).map(
      (e) =>
        `${name}: ${e.instancePath || '(body)'} ${e.message ?? ''}${
          e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''
        }`,
    )
  }

  return { operationOf, problems }
}

/** The operations of a path item with where they sit: `['get']`, `['x-kopru-…', 'SEARCH']`. */
function operationsOf(item: Json): [string[], Json][] {
  return [
    ...METHODS.filter((m) => item[m]).map((m) => [[m], item[m]] as [string[], Json]),
    ...Object.entries(item['x-kopru-additional-operations'] ?? {}).map(
      ([m, op]) => [['x-kopru-additional-operations', m], op] as [string[], Json],
    ),
  ]
}

/** Every status the document gives an answer for, by operation id. */
export function documentedStatuses(doc: Json): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const item of Object.values(doc.paths as Json))
    for (const [, op] of operationsOf(item as Json))
      out.set(op.operationId, Object.keys(op.responses).map(Number))
  return out
}

function opOf(item: Json, method: string): Json | undefined {
  const m = method.toLowerCase()
  return METHODS.includes(m) ? item[m] : item['x-kopru-additional-operations']?.[method]
}

function decoded(path: string): string {
  try {
    return decodeURI(path)
  } catch {
    return path // not percent-encoded text: matched as sent
  }
}

function trim(path: string): string {
  return path.replace(/\/+$/, '') || '/'
}

/** A JSON pointer as a URI fragment: `~` and `/` escaped, then percent-encoded. */
function pointer(segments: string[]): string {
  return `#/${segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`
}

const root = join(import.meta.dirname, '..', '..')

/** Every problem Redocly finds with the repository's rules (`redocly.yaml`), warnings included. */
export async function lintProblems(doc: Json, name: string): Promise<string[]> {
  const config = await loadConfig({ configPath: join(root, 'redocly.yaml') })
  const problems = await lintFromString({
    source: JSON.stringify(doc),
    absoluteRef: `openapi/${name}.json`,
    config,
  })
  return problems.map(
    (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`,
  )
}

/**
 * What is wrong with the examples of an API: each record's example read by the record's own
 * schemas (the way the emulator and the client read the wire), and every example in the document
 * (parameters, media types, schemas' `examples`) validated against the schema beside it.
 */
export function exampleProblems(api: ApiDef, doc: Json): string[] {
  const out: string[] = []
  for (const [id, op] of Object.entries(api.operations)) {
    const ex = op.examples
    if (!ex) continue
    const read = (where: string, schema: z.ZodType | undefined, value: unknown) => {
      if (value === undefined) return
      if (!schema) return out.push(`${id} ${where}: the operation takes none`)
      const result = schema.safeParse(value)
      if (!result.success) out.push(`${id} ${where}: ${z.prettifyError(result.error)}`)
      const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined
      for (const key of known ? Object.keys(value as object) : [])
        if (!known!.includes(key)) out.push(`${id} ${where}: ${key} is not one of its fields`)
    }
    read('params', op.params, ex.params)
    read('query', op.query, ex.query)
    read('body', op.body, ex.body)
    read('response', op.response, ex.response)
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  ajv.addSchema(doc, 'doc')
  const check = (schemaAt: string, value: unknown, where: string) => {
    const validate = ajv.getSchema(`doc${schemaAt}`)!
    if (!validate(value))
      out.push(`${where}: ${ajv.errorsText(validate.errors, { dataVar: 'example' })}`)
  }
  walk(doc, [], (node, path) => {
    const at = pointer(path)
    if (path.at(-2) === 'parameters' && 'example' in node)
      check(`${at}/schema`, node.example, `${at}/example`)
    if ('schema' in node && isRecord(node.examples))
      for (const [name, example] of Object.entries(node.examples))
        check(`${at}/schema`, (example as Json).value, `${at}/examples/${name}`)
    if (Array.isArray(node.examples) && isSchema(path))
      node.examples.forEach((example: unknown, i: number) =>
        check(at, example, `${at}/examples/${i}`),
      )
  })
  return out
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether a node is a schema: under `schema` or `components/schemas`, not inside an example. */
function isSchema(path: string[]): boolean {
  const inSchema = path.includes('schema') || path[0] === 'components'
  return inSchema && !path.includes('examples') && !path.includes('example')
}

function walk(node: unknown, path: string[], visit: (node: Json, path: string[]) => void): void {
  if (Array.isArray(node))
    return node.forEach((child, i) => walk(child, [...path, String(i)], visit))
  if (!isRecord(node)) return
  visit(node, path)
  for (const [key, child] of Object.entries(node)) {
    // examples are data, not document
    if (key === 'example' || (key === 'examples' && (Array.isArray(child) || 'schema' in node)))
      continue
    walk(child, [...path, key], visit)
  }
}

/** One call to an in-process emulator: status and parsed JSON body (undefined when empty). */
export async function call(
  fetch: (input: string, init?: RequestInit) => Promise<Response>,
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init)
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined }
}
