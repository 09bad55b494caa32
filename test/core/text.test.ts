import { describe, expect, it } from 'vitest'
import { foldTurkish, startOf } from '../../src/core/text.ts'

describe('foldTurkish', () => {
  it('folds every casing of i to one letter, Turkish letters kept', () => {
    for (const text of ['İstanbul', 'Istanbul', 'ISTANBUL', 'İSTANBUL', ' ıstanbul '])
      expect(foldTurkish(text)).toBe('istanbul')
    expect(foldTurkish('ÇAĞRI IŞIK')).toBe('çağri işik')
  })
})

describe('startOf', () => {
  it('keeps the first characters, and the whole of a shorter text', () => {
    expect(startOf('abcdef', 3)).toBe('abc')
    expect(startOf('ab', 3)).toBe('ab')
  })
})
