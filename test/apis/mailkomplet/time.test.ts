import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { instantOf, readTime, timeInput } from '../../../src/apis/mailkomplet/time.ts'

describe('times a caller sends Mail Komplet', () => {
  // without an offset, Prague's wall clock: UTC+01:00 in winter, +02:00 in summer
  it.each([
    ['2018-03-13T07:10:34.893', '2018-03-13T06:10:34.893Z'],
    ['2018-03-13 07:10:34', '2018-03-13T06:10:34.000Z'],
    ['2018-03-13T07:10', '2018-03-13T06:10:00.000Z'],
    ['2018-03-13', '2018-03-12T23:00:00.000Z'],
    ['2018-03-13T07:10:34.1234567', '2018-03-13T06:10:34.123Z'],
    ['2018-07-13T07:10:34', '2018-07-13T05:10:34.000Z'],
    ['2018-03-13T07:10:34Z', '2018-03-13T07:10:34.000Z'],
    ['2018-03-13T07:10:34+01:00', '2018-03-13T06:10:34.000Z'],
    ['2018-03-13T07:10:34-0230', '2018-03-13T09:40:34.000Z'],
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(readTime(text)?.toISOString()).toBe(iso)
  })

  it.each([
    'notadate',
    '',
    '2026-02-30',
    '2026-13-01',
    '2026-11-23T24:00:00',
    '2026-11-23T09:60',
    '2026-11-23T09:00:61',
    '0000-01-01',
    '23.11.2026',
    '2026-11-23T09:00:00+15:00',
    ' 2026-11-23',
  ])('refuses %j', (text) => {
    expect(readTime(text)).toBeUndefined()
    expect(z.safeDecode(timeInput, text).success).toBe(false)
  })

  it('compares a stamp and a decoded bound as instants', () => {
    const bound = z.decode(timeInput, '2026-10-21 08:00:00')
    expect(instantOf('2026-10-21T07:26:00')).toBeLessThan(instantOf(bound))
    expect(instantOf('nonsense')).toBeNaN()
  })

  it('sends a Date as ISO text with Z, and text the vendor reads as it is', () => {
    expect(z.encode(timeInput, new Date('2026-10-21T08:00:00Z'))).toBe('2026-10-21T08:00:00.000Z')
    expect(z.encode(timeInput, '2026-10-21 08:00')).toBe('2026-10-21 08:00')
    expect(z.safeEncode(timeInput, 'tomorrow').success).toBe(false)
  })
})
