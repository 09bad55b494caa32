/** Splitting a long list of writes at a vendor's per-call maximum, with per-item results. */
import { ConfigError, KopruError } from './errors.ts'
import { mapConcurrent } from './limits.ts'

export type ItemResult<T, R> =
  | { item: T; index: number; ok: true; result: R }
  | { item: T; index: number; ok: false; error: KopruError }

/** What a chunk's answer says of one of its items: its own result, or a refusal of it alone. */
export type ItemOutcome<R> = { ok: true; result: R } | { ok: false; error: KopruError }

export interface BatchOptions {
  /** chunks in flight at once (default 2) */
  concurrency?: number
  /** called after each chunk settles, for progress */
  onChunk?: (done: number, total: number) => void
}

/**
 * Sends `items` in chunks of at most `max`. A failed chunk marks each of its items failed with that
 * error and never stops the other chunks; `perItem` spreads a chunk's answer over its items, one
 * outcome each. Without it every item gets the whole answer, which is only meaningful when the
 * answer speaks for the whole chunk: a list answer then fails the chunk rather than be guessed at.
 */
export async function runBatches<T, A, R = A>(
  items: readonly T[],
  max: number,
  send: (chunk: T[]) => Promise<A>,
  options: BatchOptions & { perItem?: (answer: A, chunk: T[]) => readonly ItemOutcome<R>[] } = {},
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
        const outcomes = options.perItem ? options.perItem(answer, part) : whole<R>(answer, part)
        if (outcomes.length !== part.length)
          throw new KopruError(
            `batch: ${outcomes.length} outcomes for a chunk of ${part.length} items`,
          )
        return part.map((item, i): ItemResult<T, R> => ({
          item,
          index: offset + i,
          ...outcomes[i]!,
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

/** The whole answer for each item of the chunk; a list says something per item, never whole. */
function whole<R>(answer: unknown, part: readonly unknown[]): ItemOutcome<R>[] {
  if (Array.isArray(answer))
    throw new ConfigError(
      'batch: the answer is a list, and no perItem says which of its entries belongs to which item',
    )
  return part.map(() => ({ ok: true, result: answer as R }))
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError('chunk size must be at least 1')
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
