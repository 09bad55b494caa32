import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { OperationDef } from '../../src/core/operation.ts'
import { decodeInput, nestsDeeper, readQuery } from '../../src/emulator/inputs.ts'

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

describe('lists in the query', () => {
  const op = (queryLists?: 'indexed'): OperationDef => ({
    method: 'GET',
    path: '/count',
    summary: 'count',
    query: z.object({ s: z.array(z.string()).optional(), n: z.string().optional() }),
    ...(queryLists ? { queryLists } : {}),
    response: z.number(),
    retrySafe: true,
  })
  const decoded = (search: string, lists?: 'indexed') => {
    const result = decodeInput(op(lists), { params: {}, query: readQuery(search), body: undefined })
    return result.ok ? result.value.query : result.problem
  }

  it.each([
    ['s[1]=b&s[0]=a', { s: ['a', 'b'] }],
    ['s=a&s=b', { s: ['a', 'b'] }],
    ['s=a', { s: ['a'] }],
    ['s=a&s[0]=b', { s: ['a', 'b'] }],
    ['n=x&s[0]=a', { n: 'x', s: ['a'] }],
  ])('reads %s as %j for an operation with indexed lists', (search, want) => {
    expect(decoded(search, 'indexed')).toEqual(want)
  })

  it('leaves indexed names alone for an operation without, and other fields indexed too', () => {
    expect(decoded('s=a&s=b')).toEqual({ s: ['a', 'b'] })
    expect(decoded('s[0]=a')).toEqual({})
    expect(decoded('n[0]=x', 'indexed')).toEqual({})
  })
})

describe('nestsDeeper', () => {
  // the text's reading: a character at a time, a backslash in a string skipping the next one
  const reference = (text: string, max: number): boolean => {
    let depth = 0
    let inString = false
    for (let i = 0; i < text.length; i++) {
      const c = text[i]
      if (inString) {
        if (c === '\\') i++
        else if (c === '"') inString = false
      } else if (c === '"') inString = true
      else if (c === '[' || c === '{') {
        if (++depth > max) return true
      } else if (c === ']' || c === '}') depth--
    }
    return false
  }

  it('finds the depth the text shows, strings holding brackets, quotes and escapes included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 7 }), fc.integer({ min: 0, max: 8 }), (value, max) => {
        const text = JSON.stringify(value)
        expect(nestsDeeper(JSON.parse(text), max)).toBe(reference(text, max))
      }),
      { numRuns: 2000 },
    )
  })

  it('counts arrays and objects alike, and walks no deeper than one past the limit', () => {
    expect(nestsDeeper(JSON.parse('["[[[[[[[[[[[[", 1]'), 2)).toBe(false)
    expect(nestsDeeper(JSON.parse('{"a": [{"b": {}}]}'), 3)).toBe(true)
    expect(nestsDeeper(JSON.parse('{"a": [{"b": 1}]}'), 3)).toBe(false)
    // a million levels: a walk to the bottom would overflow the stack
    const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000)) as unknown
    expect(nestsDeeper(deep, 100)).toBe(true)
  })
})
