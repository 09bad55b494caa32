/**
 * Malformed input never gives a 5xx or a hang: every Loyaltii operation with fuzzed path values,
 * queries, bodies and content types, and any method on any path, answers within 2 s in Web API's
 * own forms (`{"Message": …}`, a bare 404, the contact on a 409, or a success).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { loyaltiiApi } from '../../../src/apis/loyaltii/operations.ts'
import { wirePathOf, type OperationDef } from '../../../src/core/operation.ts'
import { setup } from './setup.ts'

const RUNS = Number(process.env.KOPRU_FUZZ_RUNS ?? 40)
const s = setup({
  sizes: { contacts: 40, stores: 4, companies: 6, orders: 60, points: 200, events: 80 },
})
const BASE = s.emulator.baseUrl()
const KEY = s.emulator.credentials.apiKey!
const ops = Object.entries(loyaltiiApi.operations as Record<string, OperationDef>)

/** Values a client might get wrong: ids, dates, enums, numbers as text, junk and long text. */
const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1',
    '2',
    '2147483648',
    '1e3',
    'NaN',
    'null',
    'true',
    'Id',
    'Email',
    '7',
  ),
  fc.constantFrom(
    '2026-02-30',
    '2026-03-15',
    '2026-03-15T10:00:00.1234567+01:00',
    '2026-13-01T00:00Z',
    '9999-12-31',
  ),
  fc.constantFrom(
    'Webshop',
    'Bonuspoint',
    'MemberLevel',
    'Guld',
    'AAAAAAAAB9E=',
    'mette@example.dk',
    '%00',
    '../..',
  ),
  fc.integer({ min: -2, max: 3_000_000_000 }).map(String),
  fc.string({ minLength: 300, maxLength: 3000 }),
)
const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
)

function fieldsOf(schema: z.ZodType | undefined): string[] {
  const def = schema?.def as { type?: string; shape?: object; element?: z.ZodType } | undefined
  if (def?.type === 'object') return Object.keys(def.shape ?? {})
  if (def?.type === 'array') return fieldsOf(def.element)
  return []
}

/** Objects with the operation's own field names (and dynamic ones) and wrong-ish values. */
function bodyFor(op: OperationDef): fc.Arbitrary<string | undefined> {
  const fields = [
    ...fieldsOf(op.body),
    'MemberLevel',
    'HouseholdSize',
    'Birthday',
    'PaymentMethod',
    'OrderLines',
    'SegmentIds',
    'Scope',
    'Contacts',
    'ExternalId',
    'Title',
  ]
  const item = fc.dictionary(fc.constantFrom(...fields), jsonish, { maxKeys: 6 })
  return fc.oneof(
    fc.constant(undefined),
    fc.string(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    item.map((v) => JSON.stringify(v)),
    fc.array(item, { maxLength: 4 }).map((v) => JSON.stringify(v)),
    fc.array(jsonish, { maxLength: 4 }).map((v) => JSON.stringify(v)),
    fc.constantFrom(
      '[',
      '{"Type": ',
      '\u0000',
      '[]',
      '{}',
      'null',
      '{"OrderLines":[{}]}',
      '{"Scope":{"Contacts":{"1":{}},"Segments":{}}}',
      '[{"ExternalId":null},{"Secret":""}]',
    ),
  )
}

function queryFor(op: OperationDef): fc.Arbitrary<string> {
  const names = [...Object.keys(op.query?.shape ?? {}), 'lastId', 'email', 'x', 's[0]', 'status[1]']
  return fc
    .array(fc.tuple(fc.constantFrom(...names), scalar), { maxLength: 5 })
    .map((pairs) => new URLSearchParams(pairs).toString())
}

function pathFor(op: OperationDef): fc.Arbitrary<string> {
  const template = wirePathOf(op)
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
  const value = fc.oneof(fc.integer({ min: -1, max: 130 }).map(String), scalar)
  return fc
    .array(value, { minLength: names.length, maxLength: names.length })
    .map((values) =>
      names.reduce(
        (path, name, i) => path.replace(`{${name}}`, encodeURIComponent(values[i]!) || 'x'),
        template,
      ),
    )
}

async function call(
  method: string,
  path: string,
  body: string | undefined,
  type: string | undefined,
) {
  const headers: Record<string, string> = { 'x-apikey': KEY }
  if (type) headers['content-type'] = type
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method} ${path} hung for 2 s`)), 2000)
  })
  try {
    const response = await Promise.race([
      s.emulator.fetch(`${BASE}${path}`, {
        method,
        headers,
        ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { body }),
      }),
      hung,
    ])
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    }
  } finally {
    clearTimeout(timer)
  }
}

function expectLoyaltiiAnswer(answer: { status: number; type: string | null; text: string }): void {
  expect(answer.status).toBeLessThan(500)
  if (answer.text === '') {
    // a bare 404, or a success without a body
    expect([200, 404]).toContain(answer.status)
    return
  }
  expect(answer.type).toMatch(/^application\/json/)
  const body = JSON.parse(answer.text) as Record<string, unknown>
  if (answer.status < 400) return
  if (answer.status === 409 && 'Version' in body) return
  expect(typeof body.Message).toBe('string')
}

describe('malformed input never gives a 5xx or a hang', () => {
  it.each(ops.map(([id, op]) => [id, op] as const))('%s', async (_, op) => {
    await fc.assert(
      fc.asyncProperty(
        pathFor(op),
        queryFor(op),
        bodyFor(op),
        fc.constantFrom(
          undefined,
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
        ),
        async (path, query, body, type) => {
          expectLoyaltiiAnswer(
            await call(op.method, `${path}${query ? `?${query}` : ''}`, body, type),
          )
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('any method on any path answers in Web API’s forms', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'SEARCH', 'OPTIONS'),
        fc.array(
          fc.oneof(
            fc.constantFrom(
              'api',
              'v1',
              'Contacts',
              'Orders',
              'Points',
              'Lines',
              'Stores',
              'ForStores',
              'Segments',
              'table',
              'Tilbud',
              'Bulk',
              'Media',
              'files',
              '1',
            ),
            scalar,
          ),
          { maxLength: 5 },
        ),
        fc.option(fc.string()),
        async (method, segments, body) => {
          const path = `/${segments.map((x) => encodeURIComponent(x)).join('/')}`
          expectLoyaltiiAnswer(await call(method, path, body ?? undefined, 'application/json'))
        },
      ),
      { numRuns: RUNS * 5 },
    )
  })

  it('leaves the seeded state readable after all that', async () => {
    const ids = await s.client.contacts.list()
    for (const id of ids.slice(0, 10))
      expect(await s.client.contacts.get({ id })).not.toBeUndefined()
    expect(await s.client.points.iterate({ lastId: 0 }).toArray()).toHaveLength(
      s.state.points.length,
    )
    expect(await s.client.segments.countContacts({ s: [1] })).toBeGreaterThanOrEqual(0)
    expect((await s.client.emailDispatches.list()).length).toBe(s.state.dispatches.size)
  })
})
