/**
 * `compiledOf` against zod itself, on every schema of the five APIs' records that has an example:
 * the emulators decode bodies with it and the client checks answers with it, so for each record's
 * own example (a valid value), and for that example spoiled in the ways a caller or a vendor
 * spoils one, the compiled parse must give zod's verdict, data (key order included) and issues.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { registry } from '../../src/apis/registry.ts'
import { compiledOf } from '../../src/core/schema.ts'
import { verdict } from '../support/zod-verdict.ts'

const LOCATIONS = ['params', 'query', 'body', 'response'] as const

const cases = Object.values(registry).flatMap(({ api }) =>
  Object.entries(api.operations).flatMap(([id, op]) =>
    LOCATIONS.flatMap((where) => {
      const schema = op[where] as z.ZodType | undefined
      const example = op.examples?.[where]
      return schema && example !== undefined
        ? [{ name: `${api.name} ${id} ${where}`, schema, example }]
        : []
    }),
  ),
)

/** The example with one value somewhere in it replaced, or one member left out. */
function spoiled(example: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = []
  const visit = (value: unknown, path: (string | number)[]) => {
    if (path.length) paths.push(path)
    if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => visit(v, [...path, i]))
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k])
  }
  visit(example, [])
  if (!paths.length) return fc.constantFrom<unknown>(null, 'x', 12, [], {})
  const replacement = fc.constantFrom<unknown>(
    undefined,
    null,
    '',
    'x',
    '12',
    12,
    -1,
    1.5,
    true,
    [],
    {},
  )
  return fc.tuple(fc.constantFrom(...paths), replacement).map(([path, value]) => {
    const copy = structuredClone(example) as Record<string | number, unknown>
    let at = copy
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>
    const last = path.at(-1)!
    if (value === undefined && !Array.isArray(at)) delete at[last]
    else at[last] = value
    return copy
  })
}

describe('compiledOf', () => {
  it('has examples to check (Loyaltii’s records carry none yet)', () => {
    const apis = new Set(cases.map((c) => c.name.split(' ')[0]))
    expect(apis.size).toBeGreaterThanOrEqual(4)
    expect(cases.length).toBeGreaterThan(80)
  })

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, { schema, example }) => {
    expect(verdict(compiledOf(schema), example)).toEqual(verdict(schema, example))
    fc.assert(
      fc.property(spoiled(example), (value) => {
        expect(verdict(compiledOf(schema), value)).toEqual(verdict(schema, value))
      }),
      { numRuns: 30, seed: 3 },
    )
  })
})
