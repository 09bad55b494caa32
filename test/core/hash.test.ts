import { describe, expect, it } from 'vitest'
import { canonicalJson, contentHash } from '../../src/core/hash.ts'

describe('canonicalJson', () => {
  it('puts index keys first in numeric order, calls toJSON with its key, drops what JSON drops', () => {
    const keys: string[] = []
    const dated = { toJSON: (key: string) => (keys.push(key), 'then') }
    const value = { b: 1, '10': 'x', a: [dated, undefined, () => 1], '9': dated, z: undefined }
    expect(canonicalJson(value)).toBe('{"9":"then","10":"x","a":["then",null,null],"b":1}')
    expect(keys).toEqual(['9', '0'])
    expect(canonicalJson(undefined)).toBeUndefined()
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError)
  })

  it('hashes records that differ only in key order alike', () => {
    expect(contentHash({ a: 1, b: { c: 2, d: [3] } })).toBe(
      contentHash({ b: { d: [3], c: 2 }, a: 1 }),
    )
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }))
    // a stored hash stays what it was
    expect(contentHash({ b: 2, a: 1 })).toBe('43258cff783fe7036d8a43033f830adf')
  })
})
