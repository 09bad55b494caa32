/** Splitting a long date range into the widest windows a vendor accepts. */

const DAY = 86_400_000

export interface DateWindow {
  start: Date
  end: Date
}

/**
 * Consecutive windows covering [start, end], each spanning at most `maxDays` days (end minus start),
 * with no gaps and no overlap: a window ends one millisecond before the next begins, or on whole
 * days when `wholeDays` is set (for APIs whose dates have no time part).
 */
export function splitDateRange(
  start: Date,
  end: Date,
  maxDays: number,
  { wholeDays = false }: { wholeDays?: boolean } = {},
): DateWindow[] {
  if (!(maxDays > 0)) throw new RangeError('maxDays must be above 0')
  if (end.getTime() < start.getTime()) throw new RangeError('the range ends before it starts')
  const windows: DateWindow[] = []
  const step = maxDays * DAY
  const gap = wholeDays ? DAY : 1
  for (let from = start.getTime(); from <= end.getTime();) {
    const to = Math.min(from + step, end.getTime())
    windows.push({ start: new Date(from), end: new Date(to) })
    from = to + gap
  }
  return windows
}
