import { describe, expect, it } from 'vitest'
import {
  address,
  asciiFold,
  companyName,
  cvr,
  danishOffsetMinutes,
  emailFor,
  fromDanishWallClock,
  isValidCvr,
  mobile,
  person,
  spacedNumber,
  town,
  towns,
} from '../../../src/emulator/locale/da.ts'
import { createRng } from '../../../src/emulator/random.ts'

describe('CVR numbers', () => {
  it('accepts known valid numbers and refuses their one-digit changes', () => {
    // weights 2 7 6 5 4 3 2 1, sum divisible by 11
    for (const valid of ['10150817', '24256790', '13612870']) {
      expect(isValidCvr(valid)).toBe(true)
      for (let i = 0; i < 8; i++) {
        const changed = valid.slice(0, i) + ((Number(valid[i]) + 1) % 10) + valid.slice(i + 1)
        expect(isValidCvr(changed)).toBe(false)
      }
    }
    expect(isValidCvr('01234567')).toBe(false)
  })

  it('generates 1,000 valid 8-digit numbers, nearly all different', () => {
    const rng = createRng(3)
    const made = Array.from({ length: 1000 }, () => cvr(rng))
    for (const n of made) expect(isValidCvr(n)).toBe(true)
    expect(new Set(made).size).toBeGreaterThan(990)
  })
})

describe('Danish time', () => {
  it.each([
    ['2026-03-29T00:59:59Z', 60],
    ['2026-03-29T01:00:00Z', 120],
    ['2026-10-25T00:59:59Z', 120],
    ['2026-10-25T01:00:00Z', 60],
    ['2026-07-01T12:00:00Z', 120],
    ['2026-01-15T12:00:00Z', 60],
  ])('%s is UTC+%i minutes', (utc, minutes) => {
    expect(danishOffsetMinutes(Date.parse(utc))).toBe(minutes)
  })

  it('reads a wall-clock time back to the instant, the summer one in the hour that repeats', () => {
    expect(new Date(fromDanishWallClock(Date.UTC(2026, 0, 15, 12))).toISOString()).toBe(
      '2026-01-15T11:00:00.000Z',
    )
    expect(new Date(fromDanishWallClock(Date.UTC(2026, 6, 1, 12))).toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    )
    expect(new Date(fromDanishWallClock(Date.UTC(2026, 9, 25, 2, 30))).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    )
  })
})

describe('people and places', () => {
  const rng = createRng(11)

  it('writes mobile numbers as 8 digits in the mobile series, spaced in pairs', () => {
    for (let i = 0; i < 500; i++)
      expect(mobile(rng)).toMatch(/^(2\d|3[01]|4[0-2]|5[0-3]|6[01]|71|81|9[1-3])\d{6}$/)
    expect(spacedNumber('20123456')).toBe('20 12 34 56')
  })

  it('folds æ, ø and å as Danes do in addresses', () => {
    expect(asciiFold('Søren Kjær Ærø Åse')).toBe('Soeren Kjaer Aeroe Aase')
    const { firstName, lastName } = { firstName: 'Søren', lastName: 'Østergaard' }
    expect(emailFor(rng, firstName, lastName)).toMatch(/^[a-z0-9._]*(soeren|s)[a-z0-9._]*@/)
  })

  it('draws towns with 4-digit postcodes, streets with numbers, companies with a legal form', () => {
    for (const t of towns) for (const code of t.postcodes) expect(code).toMatch(/^\d{4}$/)
    expect(towns.map((t) => t.name)).toContain(town(rng).name)
    expect(address(rng)).toMatch(/^[\p{L}. ]+ \d+[A-C]?(, (st\.|\d\.) (th|tv|mf)\.)?$/u)
    expect(companyName(rng)).toMatch(/ (ApS|A\/S|I\/S|K\/S)$/)
    expect(['F', 'M']).toContain(person(rng).gender)
  })
})
