import { describe, expect, it } from 'vitest'
import { splitDateRange } from '../../src/core/dates.ts'

const d = (text: string) => new Date(`${text}T00:00:00Z`)
const days = (w: { start: Date; end: Date }) => (w.end.getTime() - w.start.getTime()) / 86_400_000

describe('splitDateRange', () => {
  it('returns one window when the range fits', () => {
    expect(splitDateRange(d('2026-01-01'), d('2026-01-20'), 30)).toEqual([
      { start: d('2026-01-01'), end: d('2026-01-20') },
    ])
  })

  it('covers a long range in windows no wider than the maximum, without gaps', () => {
    const windows = splitDateRange(d('2026-01-01'), d('2026-04-30'), 30, { wholeDays: true })
    expect(
      windows.map((w) => [w.start.toISOString().slice(0, 10), w.end.toISOString().slice(0, 10)]),
    ).toEqual([
      ['2026-01-01', '2026-01-31'],
      ['2026-02-01', '2026-03-03'],
      ['2026-03-04', '2026-04-03'],
      ['2026-04-04', '2026-04-30'],
    ])
    expect(Math.max(...windows.map(days))).toBeLessThanOrEqual(30)
  })

  it('leaves no millisecond uncovered for timed ranges', () => {
    const windows = splitDateRange(d('2026-01-01'), d('2026-03-01'), 7)
    for (let i = 1; i < windows.length; i++) {
      expect(windows[i]!.start.getTime() - windows[i - 1]!.end.getTime()).toBe(1)
    }
    expect(windows.at(-1)!.end).toEqual(d('2026-03-01'))
  })

  it('refuses a range that ends before it starts', () => {
    expect(() => splitDateRange(d('2026-02-01'), d('2026-01-01'), 30)).toThrow(RangeError)
  })
})
