import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { setrowErrors } from '../../../src/apis/setrow/errors.ts'
import { setrowApi } from '../../../src/apis/setrow/operations.ts'
import { wirePathOf, type OperationDef } from '../../../src/core/operation.ts'
import { setup } from './setup.ts'

const RUNS = Number(process.env.KOPRU_FUZZ_RUNS ?? 40)
const s = setup({
  sizes: {
    emails: 30,
    numbers: 20,
    whatsapp: 10,
    products: 8,
    orders: 20,
    reports: 40,
    iysLogs: 30,
  },
})
const BASE = s.emulator.baseUrl()
const KEY = s.emulator.credentials.apiKey!
const codes = new Set(Object.keys(setrowErrors))
const ops = Object.entries(setrowApi.operations as Record<string, OperationDef>)

/** Values a client might get wrong: ids, numbers, dates, addresses, junk and very long text. */
const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '96',
    '97',
    '1e3',
    'NaN',
    '2026-02-30',
    '2026-03-01',
    'spArea1',
    'spArea21',
  ),
  fc.constantFrom(
    'a@example.com',
    'ÇAĞRI@örnek.com.tr',
    '5448848919',
    '905448848919',
    '104201',
    '%00',
    '../..',
  ),
  fc.integer({ min: -2, max: 2_000_000_000 }).map(String),
  fc.string({ minLength: 300, maxLength: 2000 }),
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

/** Objects with the operation's own field names and wrong-ish values, to reach deep checks. */
function bodyFor(op: OperationDef): fc.Arbitrary<string | undefined> {
  const fields = fieldsOf(op.body)
  const item = fields.length
    ? fc.dictionary(fc.constantFrom(...fields, 'extra'), jsonish, { maxKeys: fields.length + 1 })
    : fc.dictionary(fc.string(), jsonish)
  return fc.oneof(
    fc.constant(undefined),
    fc.string(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    item.map((v) => JSON.stringify(v)),
    fc.array(item, { maxLength: 5 }).map((v) => JSON.stringify(v)),
    fc.constantFrom('[', '{"email": ', '\u0000', '[]', '{}', 'null'),
  )
}

function queryFor(op: OperationDef): fc.Arbitrary<string> {
  const names = [...Object.keys(op.query?.shape ?? {}), 'x', '_filter', 'getAreas']
  return fc
    .array(fc.tuple(fc.constantFrom(...names), scalar), { maxLength: 5 })
    .map((pairs) => new URLSearchParams(pairs).toString())
}

function pathFor(op: OperationDef): fc.Arbitrary<string> {
  const template = wirePathOf(op)
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
  return fc
    .tuple(fc.array(scalar, { minLength: names.length, maxLength: names.length }), fc.boolean())
    .map(([values, raw]) =>
      names.reduce(
        (path, name, i) =>
          path.replace(
            `{${name}}`,
            raw ? values[i]!.replace(/[/?#]/g, '') || 'x' : encodeURIComponent(values[i]!),
          ),
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
  const headers: Record<string, string> = { authorization: `Bearer ${KEY}` }
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
        ...(body === undefined || method === 'GET' ? {} : { body }),
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

function expectSetrowAnswer(answer: { status: number; type: string | null; text: string }): void {
  expect(answer.status).toBeLessThan(500)
  expect(answer.type).toMatch(/^application\/json/)
  const body = JSON.parse(answer.text) as { status?: string; code?: string }
  if (answer.status >= 400 || body.status === 'error') {
    expect(body.status).toBe('error')
    expect(codes.has(body.code!)).toBe(true)
  } else expect(body.status).toBe('success')
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
          expectSetrowAnswer(
            await call(op.method, `${path}${query ? `?${query}` : ''}`, body, type),
          )
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('any method on any path answers in the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.array(
          fc.oneof(fc.constantFrom('email', 'sms', 'group', 'list', 'auto', 'iys'), scalar),
          { maxLength: 4 },
        ),
        fc.option(fc.string()),
        async (method, segments, body) => {
          const path = `/${segments.map((x) => encodeURIComponent(x)).join('/')}`
          expectSetrowAnswer(await call(method, path, body ?? undefined, 'application/json'))
        },
      ),
      { numRuns: RUNS * 5 },
    )
  })
})
