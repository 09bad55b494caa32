/**
 * Rows' JSON made once and reused while what they show is unchanged: a store caches each row of a
 * list (`memoRows`), and a handler splices the cached texts into its answer (json.ts) instead of
 * serialising a page of objects on every call.
 *
 * What a row shows is read from its owner as it is on every call (not from a version kept by the
 * writes), so a state changed by any path, a test's direct edit included, is never answered stale.
 */
import { fromCode } from '../core/code.ts'
import { RawJson } from './json.ts'

const memo = new WeakMap<object, { deps: readonly unknown[]; json: RawJson }>()

/**
 * The JSON of `make(owner)` for `owner`, made again only when one of `deps` differs (by identity)
 * from the last call: list the owner's fields the JSON shows that can change. Called for every row
 * of a page: pass `make` itself rather than a closure made per row.
 */
export function memoJson<T extends object>(
  owner: T,
  deps: readonly unknown[],
  make: (owner: T) => unknown,
): RawJson {
  const kept = memo.get(owner)
  if (kept && same(kept.deps, deps)) return kept.json
  const made = new RawJson(JSON.stringify(make(owner)))
  memo.set(owner, { deps, json: made })
  return made
}

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * What a row shows that can change, read from its owner: a member by name, or a member's member
 * (`['columns', 'city']`). Pass the same array on every call where it does not change: it is
 * looked up by identity first.
 */
export type Shows<T> = readonly ((keyof T & string) | readonly [keyof T & string, string])[]

interface KeptPage {
  owners: readonly object[]
  /** what the whole page shows */
  context: unknown
  /** each owner's shown values, one after the other */
  shown: unknown[]
  rows: RawJson[]
  /** the rows as one JSON array, once the page was asked for again */
  whole?: RawJson
}

// the last page of rows made, by its first owner
const pages = new WeakMap<object, KeptPage>()

/**
 * `memoJson` for a page of owners: their rows, to splice where the list stands. A page asked for
 * again (a list polled, re-read) is checked against its owners and what each shows, and comes as
 * one RawJson array copied as one piece: a lookup per row, then a piece per row, cost more than
 * the rest of a 100-row answer (bench/narwoo-order-list.bench.ts). `context` is what every row
 * shows beside its owner's members (say, the columns a list has): a new one makes every row again.
 */
export function memoRows<T extends object>(
  owners: readonly T[],
  shows: Shows<T>,
  make: (owner: T) => unknown,
  context?: unknown,
): RawJson | RawJson[] {
  const first = owners[0]
  if (!first) return []
  const reader = readerOf(shows)
  const kept = pages.get(first)
  if (kept && kept.context === context && reader.unchanged(kept.owners, owners, kept.shown))
    return (kept.whole ??= new RawJson(`[${kept.rows.map((r) => r.text).join(',')}]`))
  const shown: unknown[] = []
  const rows = owners.map((owner) => {
    const deps = reader.read(owner, context)
    for (let i = 1; i < deps.length; i++) shown.push(deps[i])
    return memoJson(owner, deps, make)
  })
  pages.set(first, { owners: [...owners], context, shown, rows })
  return rows
}

interface Reader {
  /** `[context, ...what the owner shows]`, a new array */
  read(owner: object, context: unknown): unknown[]
  /** whether `owners` are the kept owners and each shows what `shown` kept */
  unchanged(kept: readonly object[], owners: readonly object[], shown: readonly unknown[]): boolean
}

const byIdentity = new WeakMap<Shows<never>, Reader>()
// by the paths' text, for a `shows` made per call (its names read from the state); bounded, as
// each differing set compiles its own code
const byText = new Map<string, Reader>()
const BY_TEXT_MAX = 64

function readerOf<T>(shows: Shows<T>): Reader {
  let reader = byIdentity.get(shows)
  if (reader) return reader
  const text = JSON.stringify(shows)
  reader = byText.get(text)
  if (!reader) {
    const paths = shows.map((s) => (typeof s === 'string' ? [s] : [...s]))
    reader = compiledReader(paths) ?? loopedReader(paths)
    if (byText.size >= BY_TEXT_MAX) byText.clear()
    byText.set(text, reader)
  }
  byIdentity.set(shows, reader)
  return reader
}

/**
 * The reader written out as code, one read per member by its name: a read by a key that changes
 * on every turn finds no shape cache, while every owner of a page has the same shape. Checking a
 * Mail Komplet page of 1,000 contacts (18 members each) took 103–141 µs looped through a function
 * filling an array, and takes 38–51 µs. Undefined where code cannot be made from text
 * (`--disallow-code-generation-from-strings`): the looped reader then runs, and finds the same
 * (test/emulator/memo.test.ts).
 */
function compiledReader(paths: readonly string[][]): Reader | undefined {
  // each name written as a JSON string literal
  const reads = paths.map(
    ([key, ...within]) =>
      `o[${JSON.stringify(key)}]${within.map((k) => `?.[${JSON.stringify(k)}]`).join('')}`,
  )
  const count = reads.length
  const differs = reads.map((read, i) => `shown[at + ${i}] !== ${read}`).join(' || ')
  const body = `return {
    read(o, context) { return [context${reads.map((r) => `, ${r}`).join('')}] },
    unchanged(kept, owners, shown) {
      const n = owners.length
      if (kept.length !== n || shown.length !== n * ${count}) return false
      for (let i = 0, at = 0; i < n; i++, at += ${count}) {
        const o = owners[i]
        if (kept[i] !== o${count ? ` || ${differs}` : ''}) return false
      }
      return true
    },
  }`
  return fromCode<Reader>(body)
}

function loopedReader(paths: readonly string[][]): Reader {
  const valueAt = (owner: object, path: readonly string[]): unknown => {
    let value: unknown = owner
    for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key]
    return value
  }
  return {
    read: (owner, context) => [context, ...paths.map((path) => valueAt(owner, path))],
    unchanged(kept, owners, shown) {
      if (kept.length !== owners.length || shown.length !== owners.length * paths.length)
        return false
      let at = 0
      for (let i = 0; i < owners.length; i++) {
        if (kept[i] !== owners[i]) return false
        for (const path of paths) if (shown[at++] !== valueAt(owners[i]!, path)) return false
      }
      return true
    },
  }
}
