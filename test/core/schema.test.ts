import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { leanSchema } from '../../src/core/lean.ts'
import { looseNumber, looseText } from '../../src/apis/setrow/codecs.ts'
import {
  dateText,
  formatDateText,
  looseInt,
  parseDateText,
  safeEncode,
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

describe('safeEncode', () => {
  // a bulk body as Setrow's orders/add takes it, codecs and checks at every level
  const line = z.object({
    productCode: looseText(5),
    quantity: looseInt({ min: 1 }),
    price: looseNumber(),
  })
  const order = z.object({
    orderId: looseText(8),
    orderDate: dateText('yyyy-mm-dd hh:mm'),
    paid: textBool().optional(),
    count: textInt({ max: 99 }).optional(),
    note: z.string().max(6).optional(),
    lines: z.array(line).min(1).max(3),
  })
  const body = z.array(order).max(4)
  const anyValue = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.integer({ min: -5, max: 200 }),
    fc.double({ noNaN: true, min: -10, max: 1e6 }),
    fc.boolean(),
    fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
    fc.constant(undefined),
    fc.constant(null),
  )
  const lineValue = fc.record({ productCode: anyValue, quantity: anyValue, price: anyValue })
  const orderValue = fc.record({
    orderId: anyValue,
    orderDate: anyValue,
    paid: anyValue,
    count: anyValue,
    note: anyValue,
    lines: fc.array(lineValue, { maxLength: 4 }),
  })

  it('gives z.safeEncode’s verdict, data and issues for any value', () => {
    fc.assert(
      fc.property(fc.array(orderValue, { maxLength: 5 }), (value) => {
        const ours = safeEncode(body, value)
        const zods = z.safeEncode(body, value as never)
        expect(ours.success).toBe(zods.success)
        if (ours.success && zods.success) expect(ours.data).toEqual(zods.data)
        if (!ours.success && !zods.success) expect(ours.error.issues).toEqual(zods.error.issues)
      }),
      { numRuns: 400, seed: 7 },
    )
  })

  it('gives z.safeEncode’s answer for rows that all leave out the same fields (run lean)', () => {
    const mostly = <T>(right: fc.Arbitrary<T>) =>
      fc.oneof({ arbitrary: right, weight: 20 }, { arbitrary: anyValue, weight: 1 })
    const rightLine = fc.record({
      productCode: mostly(fc.string({ maxLength: 5 })),
      quantity: mostly(fc.integer({ min: 1, max: 50 })),
      price: mostly(fc.double({ noNaN: true, min: 0, max: 1e4 })),
    })
    const fields = {
      orderId: mostly(fc.string({ maxLength: 8 })),
      orderDate: mostly(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
      ),
      paid: mostly(fc.boolean()),
      count: mostly(fc.integer({ min: 0, max: 99 })),
      note: mostly(fc.string({ maxLength: 6 })),
      lines: mostly(fc.array(rightLine, { minLength: 1, maxLength: 3 })),
    }
    // every row carries the same fields, as a batch built by one program does; mostly the
    // required ones, so that many batches are valid
    const carriedFields = fc
      .tuple(fc.subarray(['paid', 'count', 'note'] as const), fc.boolean())
      .map(([optional, whole]) =>
        whole ? ['orderId', 'orderDate', ...optional, 'lines'] : ['orderId', ...optional],
      ) as fc.Arbitrary<(keyof typeof fields)[]>
    const rows = carriedFields.chain((carried) =>
      fc.array(fc.record(Object.fromEntries(carried.map((k) => [k, fields[k]]))), {
        minLength: 1,
        maxLength: 5,
      }),
    )
    let encoded = 0
    let leaned = 0
    fc.assert(
      fc.property(rows, (value) => {
        if (leanSchema(body, value)) leaned++
        const ours = safeEncode(body, value)
        const zods = z.safeEncode(body, value as never)
        expect(ours.success).toBe(zods.success)
        if (ours.success && zods.success) {
          encoded++
          expect(JSON.stringify(ours.data)).toBe(JSON.stringify(zods.data))
        }
        if (!ours.success && !zods.success) expect(ours.error.issues).toEqual(zods.error.issues)
      }),
      { numRuns: 600, seed: 5 },
    )
    // valid batches were among them, most run lean: the lean path answered, not only the fallback
    expect(encoded).toBeGreaterThan(50)
    expect(leaned).toBeGreaterThan(300)
  })

  it('encodes a valid body to its wire form', () => {
    const encoded = safeEncode(body, [
      {
        orderId: 'A-1',
        orderDate: new Date('2026-03-05T10:07:00Z'),
        paid: true,
        count: 3,
        lines: [{ productCode: 'P1', quantity: 2, price: 10.5 }],
      },
    ])
    expect(encoded).toEqual({
      success: true,
      data: [
        {
          orderId: 'A-1',
          orderDate: '2026-03-05 10:07',
          paid: 'true',
          count: '3',
          lines: [{ productCode: 'P1', quantity: 2, price: 10.5 }],
        },
      ],
    })
  })

  it('applies checks that rewrite values, as z.encode does', () => {
    const trimmed = z.object({ code: z.string().trim().min(1), day: dateText('dd-mm-yyyy') })
    expect(safeEncode(trimmed, { code: '  A1 ', day: '2026-03-05' })).toEqual({
      success: true,
      data: { code: 'A1', day: '05-03-2026' },
    })
    expect(safeEncode(trimmed, { code: '   ', day: '2026-03-05' }).success).toBe(false)
  })

  it('refuses a value over a limit that the check-free pass lets through', () => {
    const result = safeEncode(body, [
      { orderId: 'much-too-long', orderDate: '2026-03-05 10:07', lines: [] },
    ])
    expect(result.success).toBe(false)
    if (!result.success)
      expect(result.error.issues.map((i) => i.path.join('.')).sort()).toEqual(
        ['0.lines', '0.orderId'].sort(),
      )
  })
})
