import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { apiNames, registry } from '../../src/apis/registry.ts'
import { createEmulator } from '../../src/emulator/host.ts'
import { checkSizes, describeIssues, parseState } from '../../src/emulator/limits.ts'

describe('checkSizes', () => {
  const check = (sizes: Record<string, number>) => () =>
    checkSizes('toy', { items: 5 }, { items: 1000 }, sizes)

  it('takes sizes from 0 to the maximum', () => {
    expect(check({ items: 0 })).not.toThrow()
    expect(check({ items: 1000 })).not.toThrow()
  })

  it.each([1001, 1e12, -1, 2.5, Number.NaN])('refuses items=%s naming the range', (n) => {
    expect(check({ items: n })).toThrow(
      /toy: size items=.* is out of range; items goes from 0 to 1000/,
    )
  })

  it('refuses an unknown size, also one named like an object property', () => {
    expect(check({ widgets: 1 })).toThrow(/unknown size widgets/)
    expect(check({ constructor: 1 })).toThrow(/unknown size constructor/)
  })
})

describe('parseState', () => {
  it('lists the first issues of a refused dump, with where they are', () => {
    const schema = z.object({ items: z.array(z.object({ id: z.number() })) })
    const dump = { items: Array.from({ length: 8 }, () => ({ id: 'x' })) }
    expect(() => parseState(schema, dump)).toThrow(
      /^items\.0\.id: Invalid input: expected number, received string; .*; and 3 more$/,
    )
  })

  it('keeps issues on one line each', () => {
    const error = z.object({ a: z.string() }).safeParse({}).error!
    expect(describeIssues(error)).toBe('a: Invalid input: expected string, received undefined')
  })
})

describe.each(apiNames)('%s emulator definition', (name) => {
  const def = registry[name]!.emulator

  it('bounds every seed size, above its default', () => {
    expect(Object.keys(def.maxSizes).sort()).toEqual(Object.keys(def.sizes).sort())
    for (const [key, value] of Object.entries(def.sizes))
      expect(def.maxSizes[key], key).toBeGreaterThanOrEqual(value)
  })

  it('declares a body limit of a few MiB', () => {
    expect(def.maxBodyBytes).toBeGreaterThanOrEqual(1024 * 1024)
    expect(def.maxBodyBytes).toBeLessThanOrEqual(64 * 1024 * 1024)
  })

  it('describes its own state: a dump goes through the state schema unchanged', () => {
    const small = Object.fromEntries(Object.keys(def.sizes).map((key) => [key, 6]))
    const emulator = createEmulator(def, { sizes: small })
    const dump = JSON.parse(JSON.stringify(emulator.dump())) as unknown
    // as text: a field dropped, added or moved would change the answers of a reloaded state
    expect(JSON.stringify(def.stateSchema.parse(dump))).toBe(JSON.stringify(dump))
  })
})
