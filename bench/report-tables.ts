/**
 * Tables for the figures a bench prints besides `report`'s rates (requests against a minimum, peak
 * RSS, a pace): aligned columns, and `figures`, which holds each value against a base and a goal
 * in `report`'s layout (value, base, ratio, goal, mark).
 */
import type { BenchContext } from './harness.ts'

/** A whole number with thousands separators: `12,345`. */
export const count = (n: number) => Math.round(n).toLocaleString('en-US')

/** A duration in seconds, one decimal: `4.7 s`. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/**
 * Prints `title`, then `table` (its first row the header) in columns two spaces apart, the
 * `numeric` ones aligned right, every line after `indent`.
 */
export function printAligned(
  title: string,
  table: readonly (readonly string[])[],
  numeric: ReadonlySet<number>,
  indent = '',
): void {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((cells) => cells[i]!.length)))
  console.log(title)
  for (const cells of table)
    console.log(
      indent +
        cells
          .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
    )
}

export type FigureGoal = { atLeast: number } | { atMost: number } | { below: number }

export interface Figure {
  name: string
  value: number
  /** what `value` is held against; the ratio is value / base */
  base: number
  /** none: shown, not held to a goal */
  goal?: FigureGoal | undefined
}

const met = (ratio: number, goal: FigureGoal) =>
  'atLeast' in goal
    ? ratio >= goal.atLeast
    : 'atMost' in goal
      ? ratio <= goal.atMost
      : ratio < goal.below
const goalText = (goal: FigureGoal) =>
  'atLeast' in goal
    ? `≥ ${goal.atLeast}`
    : 'atMost' in goal
      ? `≤ ${goal.atMost}`
      : `< ${goal.below}`

/**
 * Prints the figures under `<bench>: <title>` as `report` prints rates, then each note indented;
 * true when every goal is met.
 */
export function figures(
  ctx: BenchContext,
  title: string,
  header: readonly string[],
  rows: readonly Figure[],
  format: (n: number) => string,
  notes: readonly string[] = [],
): boolean {
  const cells = rows.map((r) => {
    const ratio = r.value / r.base
    return [
      r.name,
      format(r.value),
      format(r.base),
      ratio < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2),
      r.goal ? goalText(r.goal) : '—',
      r.goal ? (met(ratio, r.goal) ? '✓' : '✗ MISSED') : '',
    ]
  })
  printAligned(`\n${ctx.name}: ${title}`, [header, ...cells], new Set([1, 2, 3]))
  for (const note of notes) console.log(`  ${note}`)
  return rows.every((r) => !r.goal || met(r.value / r.base, r.goal))
}
