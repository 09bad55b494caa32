/** The emulator's stamps: Danish time with .NET's ticks counting up within one millisecond. */
import { describe, expect, it } from 'vitest'
import { danishTime } from '../../../src/apis/loyaltii/codecs.ts'
import { stamp } from '../../../src/apis/loyaltii/emulator/time.ts'

describe('stamp', () => {
  it('counts ticks up within a millisecond, as danishTime writes them, summer and winter', () => {
    for (const at of ['2026-07-01T10:00:00.123Z', '2026-12-01T10:00:00.456Z']) {
      const now = new Date(at)
      const ms = now.getTime()
      const stamps = Array.from({ length: 12 }, () => stamp(now))
      expect(stamps).toEqual(Array.from({ length: 12 }, (_, i) => danishTime(ms, i)))
      expect(stamps[11]).toMatch(/\.(123|456)0011\+0[12]:00$/)
    }
    // a new millisecond starts again from none
    const later = new Date('2026-12-01T10:00:00.457Z')
    expect(stamp(later)).toBe(danishTime(later.getTime(), 0))
  })
})
