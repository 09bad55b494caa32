/**
 * "Did you mean …?" for a name typed on the command line: an operation, an API, a `--param`, a
 * pipeline. The closest known names by edit distance, case differences counting for nothing.
 */

/** The known names closest to `typed`, best first; none when nothing is near enough. */
export function closest(typed: string, known: readonly string[], max = 3): string[] {
  const wanted = typed.toLowerCase()
  const scored = known
    .map((name) => ({ name, distance: distance(wanted, name.toLowerCase()) }))
    // within a quarter of the longer name, and never a whole different word
    .filter(
      ({ name, distance: d }) =>
        d <= Math.max(1, Math.floor(Math.max(name.length, typed.length) / 4)) &&
        d < Math.max(name.length, typed.length),
    )
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
  return scored.slice(0, max).map(({ name }) => name)
}

/** ` (did you mean pageSize?)` or ` (did you mean a or b?)`, or nothing. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const near = closest(typed, known)
  if (!near.length) return ''
  const last = near.pop()!
  return ` (did you mean ${near.length ? `${near.join(', ')} or ` : ''}${last}?)`
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
export function distance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[rows - 1]![cols - 1]!
}
