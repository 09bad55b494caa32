/** A write the vendor cannot take twice safely, made once even when its answer is lost. */
import { isTransient } from './errors.ts'

/**
 * Runs `create`; after a transient failure (it may or may not have landed) `find` looks for what
 * it made, and only when nothing is there is it sent again, up to `tries` times in all.
 *
 * @example
 * const id = await createOnce(
 *   async () => (await loyaltii.points.create(point)).Id,
 *   async () => (await loyaltii.points.listBySource({ sourceId }))[0]?.Id,
 * )
 */
export async function createOnce<T>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
  tries = 6,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create()
    } catch (error) {
      if (!isTransient(error) || attempt >= tries) throw error
      const found = await find()
      if (found !== undefined) return found
    }
  }
}
