import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { mailkompletApi } from '../../src/apis/mailkomplet/operations.ts'
import { setrowApi } from '../../src/apis/setrow/operations.ts'
import { leanSchema } from '../../src/core/lean.ts'
import { compiledOf } from '../../src/core/schema.ts'
import { verdict } from '../support/zod-verdict.ts'
import type { OperationDef } from '../../src/core/operation.ts'

type Schema = z.ZodType

function bodyOf(api: { operations: Record<string, OperationDef> }, id: string): Schema {
  return api.operations[id]!.body as Schema
}

// rows that all carry the same fields, with values right and wrong for them
const values = fc.constantFrom<unknown>(
  'ayse@example.com',
  'not an address',
  '',
  '12',
  12,
  0,
  -3,
  true,
  null,
  'Y',
  'N',
  '2026-03-01 10:00:00',
  [],
  {},
)
function rowsOf(fields: readonly string[]) {
  return fc
    .subarray([...fields, 'extra'])
    .chain((carried) =>
      fc
        .array(fc.tuple(...carried.map(() => values)), { minLength: 1, maxLength: 6 })
        .map((rows) =>
          rows.map((row) => Object.fromEntries(carried.map((name, i) => [name, row[i]]))),
        ),
    )
}

describe('leanSchema', () => {
  const setrowRows = bodyOf(setrowApi, 'email.add')
  const setrowFields = ['email', 'groupId', 'name', 'allowStatus', 'iysSource', 'consentDate']

  it('parses Setrow upserts as the whole schema does: data, key order and issues', () => {
    fc.assert(
      fc.property(rowsOf(setrowFields), (rows) => {
        const lean = leanSchema(setrowRows, rows)
        expect(lean).toBeDefined()
        expect(verdict(lean as Schema, rows)).toEqual(verdict(setrowRows, rows))
      }),
      { numRuns: 400 },
    )
  })

  it('parses Mail Komplet imports as the whole schema does, its rows lean too', () => {
    const body = bodyOf(mailkompletApi, 'contacts.import')
    const imports = fc.record(
      {
        preImportAction: fc.constantFrom<unknown>(0, 1, 2),
        contactOverwriteMode: fc.constantFrom<unknown>(0, 2),
        mailingListIds: fc.constantFrom<unknown>([1], ['x']),
        contacts: rowsOf(['email', 'name', 'surname', 'customData']),
      },
      { requiredKeys: ['contacts'] },
    )
    fc.assert(
      fc.property(imports, (value) => {
        const lean = leanSchema(body, value)
        expect(lean).toBeDefined()
        expect(verdict(lean as Schema, value)).toEqual(verdict(body, value))
      }),
      { numRuns: 400 },
    )
  })

  it('parses them compiled, lean or whole, as zod does: data, key order and issues', () => {
    // the emulator decodes bodies with `compiledOf(lean ?? schema)` (inputs.ts)
    const imports = bodyOf(mailkompletApi, 'contacts.import')
    // rows whose fields are mostly right, now and then one wrong value among them
    const usually = (...right: unknown[]) =>
      fc.oneof(
        { arbitrary: fc.constantFrom(...right), weight: 29 },
        { arbitrary: values, weight: 1 },
      )
    const fieldValues: Record<string, fc.Arbitrary<unknown>> = {
      email: usually('ayse@example.com', 'Jana.Novak@example.cz', ' ali@example.com.tr '),
      groupId: usually(1, 12, 400),
      name: usually('Ayşe', '', 'Jana'),
      surname: usually('Yılmaz', 'Nováková'),
      allowStatus: usually('Y', 'N'),
      iysSource: usually(1, 2, 3),
      consentDate: usually('2026-03-01 10:00:00', '2026-03-01'),
      customData: usually([], [{ fieldId: 1, value: 'x' }]),
      extra: values,
    }
    const rightRowsOf = (fields: readonly string[]) =>
      fc.subarray([...fields, 'extra']).chain((carried) =>
        fc
          .array(fc.tuple(...carried.map((name) => fieldValues[name]!)), {
            minLength: 1,
            maxLength: 6,
          })
          .map((rows) =>
            rows.map((row) => Object.fromEntries(carried.map((name, i) => [name, row[i]]))),
          ),
      )
    const cases = fc.oneof(
      fc
        .oneof(rowsOf(setrowFields), rightRowsOf(setrowFields))
        .map((value) => [setrowRows, value] as const),
      fc
        .record({
          preImportAction: usually(0, 1),
          contactOverwriteMode: usually(0, 1, 2),
          mailingListIds: usually([1], [2, 3]),
          contacts: fc.oneof(
            rowsOf(['email', 'name', 'surname', 'customData']),
            rightRowsOf(['email', 'name', 'surname', 'customData']),
          ),
        })
        .map((value) => [imports, value] as const),
    )
    let parsed = 0
    fc.assert(
      fc.property(cases, ([schema, value]) => {
        const expected = verdict(schema, value)
        if ('data' in expected) parsed++
        expect(verdict(compiledOf(schema), value)).toEqual(expected)
        const lean = leanSchema(schema, value) as Schema
        expect(verdict(compiledOf(lean), value)).toEqual(expected)
      }),
      { numRuns: 600, seed: 11 },
    )
    // the fast path itself ran: some values were valid
    expect(parsed).toBeGreaterThan(30)
  })

  it('keeps defaults, required fields and a strict object’s refusals', () => {
    const row = z.strictObject({
      id: z.number(),
      kind: z.string().default('plain'),
      note: z.string().optional(),
      tags: z.array(z.string()).optional(),
    })
    const rows = z.array(row).max(3)
    for (const value of [
      [{ id: 1 }, { id: 2 }],
      [{ note: 'x' }, { note: 'y' }],
      [
        { id: 1, stray: true },
        { id: 2, stray: 1 },
      ],
      [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
      [
        { id: 1, tags: ['a'] },
        { id: 'x', tags: [2] },
      ],
    ]) {
      const lean = leanSchema(rows, value)
      expect(lean).toBeDefined()
      expect(verdict(lean as Schema, value)).toEqual(verdict(rows, value))
    }
    expect(verdict(rows, [{ id: 1 }])).toEqual({ data: '[{"id":1,"kind":"plain"}]' })
  })

  it('leaves alone what it cannot make leaner', () => {
    const row = z.object({ id: z.number(), note: z.string().optional() })
    const rows = z.array(row)
    // rows that differ, rows that are not plain objects, no rows
    expect(leanSchema(rows, [{ id: 1 }, { id: 2, note: 'x' }])).toBeUndefined()
    expect(leanSchema(rows, [{ id: 1 }, 'x'])).toBeUndefined()
    expect(leanSchema(rows, [new Map()])).toBeUndefined()
    expect(leanSchema(rows, [])).toBeUndefined()
    expect(leanSchema(rows, 'x')).toBeUndefined()
    // an object refined as a whole, a field named as an Object.prototype member
    expect(leanSchema(z.array(row.refine(() => true)), [{ id: 1 }])).toBeUndefined()
    expect(leanSchema(z.array(z.object({ constructor: z.string() })), [{}])).toBeUndefined()
    // a body without rows gains nothing
    expect(leanSchema(row, { id: 1 })).toBeUndefined()
  })

  it('keeps a bounded number of lean schemas per schema', () => {
    const shape = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`f${i}`, z.number().optional()]),
    )
    const rows = z.array(z.object(shape))
    const made = new Set<unknown>()
    for (let bits = 0; bits < 256; bits++) {
      const row = Object.fromEntries(
        Array.from({ length: 8 }, (_, i) => [`f${i}`, 1]).filter((_, i) => bits & (1 << i)),
      )
      const lean = leanSchema(rows, [row])
      if (lean) made.add(lean)
      // the same fields again: the schema kept for them
      if (lean) expect(leanSchema(rows, [row, row])).toBe(lean)
    }
    expect(made.size).toBe(32)
  })
})
