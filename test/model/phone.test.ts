import { describe, expect, it } from 'vitest'
import { normaliseTurkishGsm } from '../../src/model/phone.ts'

describe('normaliseTurkishGsm', () => {
  it.each([
    ['0532 123 45 67', '905321234567'],
    ['+90 (532) 123-4567', '905321234567'],
    ['5321234567', '905321234567'],
    ['00905321234567', '905321234567'],
    ['905321234567', '905321234567'],
  ])('reads %s as %s', (text, gsm) => expect(normaliseTurkishGsm(text)).toBe(gsm))

  it.each(['0212 123 45 67', '12345', '', undefined, '0532 123 45 6'])('refuses %s', (text) =>
    expect(normaliseTurkishGsm(text)).toBeUndefined(),
  )
})
