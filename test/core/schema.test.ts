import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  dateText,
  formatDateText,
  looseInt,
  parseDateText,
  textBool,
  textInt,
} from '../../src/core/schema.ts'

describe('dateText', () => {
  const day = dateText('dd-mm-yyyy')

  it('decodes the vendor text to a Date and encodes Date, ISO text or vendor text back', () => {
    expect(z.decode(day, '05-03-2026')).toEqual(new Date('2026-03-05T00:00:00Z'))
    expect(z.encode(day, new Date('2026-03-05T23:59:00Z'))).toBe('05-03-2026')
    expect(z.encode(day, '2026-03-05')).toBe('05-03-2026')
    expect(z.encode(day, '05-03-2026')).toBe('05-03-2026')
  })

  it.each(['2026-03-05', '5-3-2026', '31-02-2026', '00-01-2026', ''])(
    'refuses %j on the wire',
    (text) => {
      expect(day.safeParse(text).success).toBe(false)
    },
  )

  it('reads and writes times to the minute', () => {
    expect(parseDateText('2026-12-31 23:59', 'yyyy-mm-dd hh:mm')).toEqual(
      new Date('2026-12-31T23:59:00Z'),
    )
    expect(parseDateText('2026-12-31 24:00', 'yyyy-mm-dd hh:mm')).toBeUndefined()
    expect(formatDateText(new Date('2026-01-02T03:04:05Z'), 'yyyy-mm-dd hh:mm:ss')).toBe(
      '2026-01-02 03:04:05',
    )
  })
})

describe('text numbers and booleans', () => {
  it('decodes integers sent as text and rejects what is not one', () => {
    const page = textInt({ min: 1, max: 100 })
    expect(z.decode(page, '42')).toBe(42)
    for (const bad of ['0', '101', '4.5', 'abc', '', '1e3'])
      expect(page.safeParse(bad).success).toBe(false)
    expect(z.encode(page, 7)).toBe('7')
  })

  it('accepts a JSON number or numeric text where a vendor takes both', () => {
    const id = looseInt({ min: 1 })
    expect(z.decode(id, 12)).toBe(12)
    expect(z.decode(id, '12')).toBe(12)
    expect(id.safeParse('12a').success).toBe(false)
    expect(id.safeParse(1.5).success).toBe(false)
  })

  it('reads booleans written as text', () => {
    expect(z.decode(textBool(), '1')).toBe(true)
    expect(z.decode(textBool(), 'false')).toBe(false)
    expect(textBool().safeParse('yes').success).toBe(false)
  })
})
