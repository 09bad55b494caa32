import { describe, expect, it } from 'vitest'
import { foldEmail, foldTurkish, startOf } from '../../src/core/text.ts'

describe('foldTurkish', () => {
  it('folds every casing of i to one letter, Turkish letters kept', () => {
    for (const text of ['İstanbul', 'Istanbul', 'ISTANBUL', 'İSTANBUL', ' ıstanbul '])
      expect(foldTurkish(text)).toBe('istanbul')
    expect(foldTurkish('ÇAĞRI IŞIK')).toBe('çağri işik')
  })
})

describe('foldEmail', () => {
  it('keys an address typed in capitals on a Turkish keyboard as the one typed in lower case', () => {
    for (const text of [
      'ayse.ince@gmail.com',
      'AYSE.INCE@GMAIL.COM',
      'AYSE.İNCE@GMAIL.COM',
      ' Ayse.İnce@Gmail.com ',
      // what toLowerCase made of İ before: i and a combining dot
      'ayse.i\u0307nce@gmail.com',
    ])
      expect(foldEmail(text)).toBe('ayse.ince@gmail.com')
  })

  it('lowers an ASCII address exactly as toLowerCase does: keys already stored stay', () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')
    for (const address of ['Ayse.Yilmaz+IS@Example.COM', 'IIIiii@X.TR', ascii])
      expect(foldEmail(address)).toBe(address.trim().toLowerCase())
  })

  it('keeps other letters as lowered', () => {
    expect(foldEmail('ŞÜKRÜ.ÇAĞ@ÖRNEK.COM.TR')).toBe('şükrü.çağ@örnek.com.tr')
  })
})

describe('startOf', () => {
  it('keeps the first characters, and the whole of a shorter text', () => {
    expect(startOf('abcdef', 3)).toBe('abc')
    expect(startOf('ab', 3)).toBe('ab')
  })
})
