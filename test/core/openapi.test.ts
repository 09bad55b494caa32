import { createConfig, lintFromString } from '@redocly/openapi-core'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineApi, type OperationDef } from '../../src/core/operation.ts'
import {
  documented,
  integerPattern,
  jsonSchema,
  OPENAPI_MARKER,
  toOpenApi,
} from '../../src/core/openapi.ts'
import { looseInt, textInt } from '../../src/core/schema.ts'
import { toyApi } from '../support/toy-api.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const doc = toOpenApi(toyApi, '9.8.7') as Json
const op = (path: string, method: string) => doc.paths[path][method] as Json
/** Warnings the generated documents leave on purpose: the vendor's licence is unknown. */
const ACCEPTED_WARNINGS = new Set(['info-license', 'tag-description'])

async function lint(document: unknown) {
  const config = await createConfig({ extends: ['recommended'] })
  const problems = await lintFromString({
    source: JSON.stringify(document),
    absoluteRef: 'openapi.json',
    config,
  })
  return problems
    .filter((p) => p.severity === 'error' || !ACCEPTED_WARNINGS.has(p.ruleId))
    .map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`)
}

const sharedApi = defineApi({
  name: 'shared',
  title: 'Shared',
  seed: 'test',
  baseUrl: 'https://shared.example/api',
  auth: { type: 'bearer' },
  secrets: { headers: ['authorization'] },
  errorBody: z.object({ error: z.string() }),
  errors: { missing: { status: 404, code: 'E404', message: 'no such contact' } },
  operations: {
    'contacts.byEmail': {
      method: 'GET',
      path: '/contacts',
      summary: 'Contact by email',
      query: z.object({ email: z.string() }),
      response: z.object({ id: z.number() }),
      errors: ['missing'],
      match: { query: ['email'] },
      retrySafe: true,
    },
    'contacts.byPhone': {
      method: 'GET',
      path: '/contacts',
      summary: 'Contact by phone',
      query: z.object({ phone: z.string() }),
      response: z.object({ id: z.number() }),
      match: { query: ['phone'] },
      retrySafe: true,
    },
    'contacts.search': {
      method: 'SEARCH',
      path: '/contacts',
      summary: 'Search contacts',
      body: z.object({ text: z.string() }),
      response: z.array(z.object({ id: z.number() })),
      retrySafe: true,
    },
  } satisfies Record<string, OperationDef>,
})

describe('toOpenApi', () => {
  it("is a valid OpenAPI 3.1 document by Redocly's recommended rules", async () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(await lint(doc)).toEqual([])
  })

  it('marks itself as generated in its first key and carries the given version', () => {
    expect(Object.keys(doc)[0]).toBe('x-generated')
    expect(doc['x-generated']).toBe(OPENAPI_MARKER)
    expect(doc.info).toMatchObject({ title: 'Toy API', version: '9.8.7' })
    expect(doc.info.description).toContain(OPENAPI_MARKER)
    expect(doc.servers).toEqual([{ url: 'https://toy.example/v1' }])
  })

  it('lists each operation once, under its path and method, tagged by its resource', () => {
    const listed = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, o]) => [o.operationId, method, path, o.tags]),
    )
    const expected = Object.entries(toyApi.operations).map(([id, o]) => [
      id,
      o.method.toLowerCase(),
      o.path,
      ['items'],
    ])
    expect(listed.sort()).toEqual(expected.sort())
    expect(doc.tags).toEqual([{ name: 'items' }])
  })

  it('describes path parameters as required and query parameters in their wire form', () => {
    expect(op('/items/{id}', 'get').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ])
    const query = op('/items', 'get').parameters as Json[]
    expect(query.map((p) => [p.name, p.in, p.required, p.schema.type])).toEqual([
      ['page', 'query', false, 'string'],
      ['size', 'query', false, 'string'],
      ['since', 'query', false, 'string'],
    ])
    const page = new RegExp(query[0]!.schema.pattern)
    expect(['7', ' 12 '].map((t) => page.test(t))).toEqual([true, true])
    expect(['x7', '1.5', ''].map((t) => page.test(t))).toEqual([false, false, false])
  })

  it('offers every encoding an operation accepts as request content, the sent one first', () => {
    const rename = op('/items/{id}/rename', 'post').requestBody
    expect(rename.required).toBe(true)
    expect(Object.keys(rename.content)).toEqual([
      'application/x-www-form-urlencoded',
      'application/json',
    ])
    const add = op('/items', 'post').requestBody.content['application/json'].schema
    expect(add).toMatchObject({ type: 'array', maxItems: 2 })
    expect(op('/items', 'get')).not.toHaveProperty('requestBody')
  })

  it('documents general errors on every operation and listed ones only where declared', () => {
    const statuses = (path: string, method: string) => Object.keys(op(path, method).responses)
    expect(statuses('/items', 'get')).toEqual(['200', '404'])
    expect(statuses('/items', 'post')).toEqual(['200', '400', '404'])
    expect(op('/items', 'post').responses['400']).toEqual({
      description: 'E400: too many',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    })
    expect(doc.components.schemas.Error).toEqual(jsonSchema(toyApi.errorBody, 'output'))
  })

  it('describes the success answer from the response schema', () => {
    const success = op('/items/{id}', 'get').responses['200'].content['application/json'].schema
    expect(success).toEqual(jsonSchema(toyApi.operations['items.get'].response, 'output'))
    expect(success.properties.data.required).toEqual(['id', 'name'])
  })

  it("keeps kopru's limits, pagination and retry safety as an extension", () => {
    expect(op('/items', 'post')['x-kopru']).toEqual({ retrySafe: false, limits: { maxItems: 2 } })
    expect(op('/items', 'get')['x-kopru']).toMatchObject({
      retrySafe: true,
      pagination: { style: 'page', maxSize: 3 },
    })
  })

  it('describes the authentication scheme and requires it everywhere', () => {
    expect(doc.security).toEqual([{ toy: [] }])
    expect(doc.components.securitySchemes).toEqual({
      toy: { type: 'apiKey', in: 'query', name: 'key' },
    })
  })

  it('merges operations sharing a route, and keeps a SEARCH method under an extension', async () => {
    const shared = toOpenApi(sharedApi, '1.0.0') as Json
    const item = shared.paths['/contacts']
    expect(item.get.operationId).toBe('contacts.byEmail_or_contacts.byPhone')
    expect(item.get.parameters.map((p: Json) => [p.name, p.required])).toEqual([
      ['email', false],
      ['phone', false],
    ])
    expect(item.get['x-kopru-operations'].map((o: Json) => o.operationId)).toEqual([
      'contacts.byEmail',
      'contacts.byPhone',
    ])
    expect(item.get.description).toContain('`contacts.byPhone`: when `phone`')
    expect(item['x-kopru-additional-operations'].SEARCH.operationId).toBe('contacts.search')
    expect(await lint(shared)).toEqual([])
  })

  it('gives the same text for the same definition, so a stale file shows as a diff', () => {
    expect(JSON.stringify(toOpenApi(toyApi, '9.8.7'))).toBe(JSON.stringify(doc))
  })

  it('merges the answers of operations sharing a route: every status, each shape once', () => {
    const shared = toOpenApi(sharedApi, '1.0.0') as Json
    const responses = shared.paths['/contacts'].get.responses
    expect(Object.keys(responses)).toEqual(['200', '404'])
    expect(responses['404'].description).toBe('E404: no such contact')
  })
})

const exampleApi = defineApi({
  name: 'examples',
  title: 'Examples',
  seed: 'test',
  baseUrl: 'https://examples.example/api',
  auth: { type: 'bearer' },
  secrets: { headers: ['authorization'] },
  errorBody: z.object({ errCode: z.number().int(), message: z.string() }),
  errors: {
    gone: { status: 200, code: '9', message: 'not found' },
    missing: { status: 404, code: '1', message: 'no such path', general: true },
  },
  operations: {
    'notes.get': {
      method: 'GET',
      path: '/notes/{id}',
      summary: 'A note',
      params: z.object({ id: textInt({ min: 1 }) }),
      query: z.object({ page: textInt({ min: 1, max: 5 }).optional() }),
      response: z.object({ id: z.number().int(), text: z.string() }),
      errors: ['gone'],
      retrySafe: true,
      examples: { params: { id: '12' }, query: { page: '2' }, response: { id: 12, text: 'hi' } },
    },
    'notes.add': {
      method: 'POST',
      path: '/notes',
      summary: 'Add notes',
      body: documented(z.array(z.object({ text: z.string() })).max(3), { minItems: 1 }),
      encodings: ['form', 'json'],
      response: z.object({ count: z.number().int().min(0) }),
      retrySafe: false,
      examples: { summary: 'From the seed', body: [{ text: 'hi' }], response: { count: 1 } },
    },
  } satisfies Record<string, OperationDef>,
})

describe('what the documents say beyond zod', () => {
  const examples = toOpenApi(exampleApi, '1.0.0') as Json
  const get = examples.paths['/notes/{id}'].get
  const add = examples.paths['/notes'].post

  it("shows a record's examples on its parameters, request and success answer", async () => {
    expect(get.parameters.map((p: Json) => [p.name, p.example])).toEqual([
      ['id', '12'],
      ['page', '2'],
    ])
    // an API that answers errors with 200 shows the success example beside both shapes
    expect(get.responses['200'].content['application/json'].examples).toEqual({
      seed: { summary: "The seed's example", value: { id: 12, text: 'hi' } },
    })
    expect(add.requestBody.content['application/json'].examples.seed).toEqual({
      summary: 'From the seed',
      value: [{ text: 'hi' }],
    })
    // a list has no form encoding to show it in
    expect(add.requestBody.content['application/x-www-form-urlencoded']).toEqual({
      schema: { type: 'object' },
    })
    expect(await lint(examples)).toEqual([])
  })

  it('keeps the integer bounds a schema declares and drops the ±MAX_SAFE_INTEGER zod adds', () => {
    const answer = get.responses['200'].content['application/json'].schema.anyOf[0]
    expect(answer.properties.id).toEqual({ type: 'integer' })
    expect(add.responses['200'].content['application/json'].schema.properties.count).toEqual({
      type: 'integer',
      minimum: 0,
    })
    expect(JSON.stringify(examples)).not.toContain(String(Number.MAX_SAFE_INTEGER))
  })

  it('shows the bounds of an integer sent as text in its pattern, and of a loose one on both forms', () => {
    const page = get.parameters[1].schema
    expect(page).toEqual({ type: 'string', pattern: integerPattern({ min: 1, max: 5 }) })
    expect(jsonSchema(looseInt({ min: 1 }), 'input')).toEqual({
      anyOf: [
        { type: 'integer', minimum: 1 },
        { type: 'string', pattern: integerPattern({ min: 1 }) },
      ],
    })
  })

  it.each<[{ min?: number; max?: number }]>([
    [{ min: 1 }],
    [{ min: 0, max: 100 }],
    [{ min: 1, max: 96 }],
    [{ min: 37, max: 4521 }],
    [{ max: 3 }],
    [{ min: -20, max: 7 }],
    [{}],
  ])('integerPattern(%j) matches exactly the integers in range', (bounds) => {
    const re = new RegExp(integerPattern(bounds))
    const inRange = (n: number) =>
      (bounds.min === undefined || n >= bounds.min) && (bounds.max === undefined || n <= bounds.max)
    const wrong = []
    for (let n = -1200; n <= 12_000; n++) if (re.test(String(n)) !== inRange(n)) wrong.push(n)
    expect(wrong).toEqual([])
    expect(['', ' ', '1.5', '1e2', '+1', 'x1'].filter((t) => re.test(t))).toEqual([])
    if (inRange(12)) expect(re.test(' 12 ')).toBe(true)
  })

  it('adds keywords, or stands them in, without changing what the schema accepts', () => {
    const list = documented(z.array(z.string()), { minItems: 1 })
    expect(list.safeParse([]).success).toBe(true)
    expect(jsonSchema(list, 'input')).toEqual({
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
    })
    const code = documented(
      z.string(),
      { type: 'string', pattern: '^E\\d+$' },
      { replace: true },
    ).describe('an E-code')
    expect(jsonSchema(code, 'output')).toEqual({
      type: 'string',
      pattern: '^E\\d+$',
      description: 'an E-code',
    })
    const asList = documented(z.unknown(), z.array(z.number().int().min(1)))
    expect(jsonSchema(z.object({ ids: asList }), 'input').properties).toEqual({
      ids: { type: 'array', items: { type: 'integer', minimum: 1 } },
    })
  })
})

describe('error answers with bodies of their own', () => {
  const record = z.object({ id: z.number(), version: z.string() })
  const api = defineApi({
    name: 'own',
    title: 'Own',
    seed: 'test',
    baseUrl: 'https://own.example',
    auth: { type: 'apiKey', in: 'header', name: 'x-key' },
    secrets: { headers: ['x-key'] },
    errorBody: z.object({ Message: z.string() }),
    errors: {
      gone: { status: 404, code: 'gone', message: 'no body', body: z.undefined() },
      stale: { status: 409, code: 'stale', message: 'the record as it is now', body: record },
      taken: { status: 409, code: 'taken', message: 'taken' },
    },
    operations: {
      'records.update': {
        method: 'PUT',
        path: '/records/{ref}',
        summary: 'Update a record',
        params: z.object({ ref: z.string() }),
        body: record,
        response: record,
        errors: ['gone', 'stale', 'taken'],
        retrySafe: true,
      },
    },
  })
  const responses = (toOpenApi(api, '1') as Json).paths['/records/{ref}'].put.responses as Json

  it('documents an error without a body as an answer without content', () => {
    expect(responses['404']).toEqual({ description: 'gone: no body' })
  })

  it('documents a status shared by the error body and a record as either', () => {
    expect(responses['409'].content['application/json'].schema.anyOf).toEqual([
      jsonSchema(record, 'output'),
      { $ref: '#/components/schemas/Error' },
    ])
  })
})
