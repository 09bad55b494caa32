/** Splitting a long list of writes at a vendor's per-call maximum, with per-item results. */
import { KopruError } from './errors.ts'
import { mapConcurrent } from './limits.ts'

export type ItemResult<T, R> =
  | { item: T; index: number; ok: true; result: R }
  | { item: T; index: number; ok: false; error: KopruError }

export interface BatchOptions {
  /** chunks in flight at once (default 2) */
  concurrency?: number
  /** called after each chunk settles, for progress */
  onChunk?: (done: number, total: number) => void
}

/**
 * Sends `items` in chunks of at most `max`. A failed chunk marks each of its items failed with that
 * error and never stops the other chunks; `perItem` spreads a chunk's answer over its items.
 */
export async function runBatches<T, A, R = A>(
  items: readonly T[],
  max: number,
  send: (chunk: T[]) => Promise<A>,
  options: BatchOptions & { perItem?: (answer: A, chunk: T[]) => R[] } = {},
): Promise<ItemResult<T, R>[]> {
  const chunks = chunk(items, max)
  let done = 0
  const settled = await mapConcurrent(
    chunks,
    options.concurrency ?? 2,
    async (part, chunkIndex) => {
      const offset = chunkIndex * max
      try {
        const answer = await send(part)
        const results = options.perItem
          ? options.perItem(answer, part)
          : part.map(() => answer as unknown as R)
        return part.map((item, i): ItemResult<T, R> => ({
          item,
          index: offset + i,
          ok: true,
          result: results[i]!,
        }))
      } catch (thrown) {
        const error =
          thrown instanceof KopruError ? thrown : new KopruError(String(thrown), { cause: thrown })
        return part.map((item, i): ItemResult<T, R> => ({
          item,
          index: offset + i,
          ok: false,
          error,
        }))
      } finally {
        options.onChunk?.(++done, chunks.length)
      }
    },
  )
  return settled.flat()
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError('chunk size must be at least 1')
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
