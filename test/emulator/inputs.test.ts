import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readQuery } from '../../src/emulator/inputs.ts'

describe('readQuery', () => {
  const asURLSearchParams = (search: string) => {
    const out = new Map<string, string | string[]>()
    for (const [key, value] of new URLSearchParams(search)) {
      const existing = out.get(key)
      out.set(key, existing === undefined ? value : [existing, value].flat())
    }
    return [...out]
  }

  it('reads any query as URLSearchParams does, a repeated field as a list', () => {
    const search = fc
      .array(fc.constantFrom('a', 'b', '=', '&', '?', '+', '%', '%41', '%zz', 'ç', '__proto__'))
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(search, (text) => {
        expect(Object.entries(readQuery(text))).toEqual(asURLSearchParams(text))
      }),
    )
  })

  it('keeps names that are Object.prototype members as plain fields', () => {
    const read = readQuery('?constructor=1&__proto__=x&toString=2')
    expect(Object.keys(read)).toEqual(['constructor', '__proto__', 'toString'])
    expect(read.constructor).toBe('1')
    expect(Object.hasOwn(read, 'hasOwnProperty')).toBe(false)
    expect((read as Record<string, unknown>).hasOwnProperty).toBeUndefined()
  })
})
