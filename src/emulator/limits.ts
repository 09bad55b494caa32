/**
 * What an emulator accepts from its user rather than from a vendor's client: seed sizes within the
 * definition's maxima, and state dumps that match the definition's schema. Both are checked before
 * anything changes, so a refusal leaves the emulator as it was.
 */
import { z } from 'zod'

/** Thrown for a size or a state the emulator refuses; the admin API answers it with 400. */
export class RefusedInput extends RangeError {
  override name = 'RefusedInput'
}

/** Refuses unknown size names and sizes outside 0 … the definition's maximum. */
export function checkSizes(
  api: string,
  known: Readonly<Record<string, number>>,
  maxima: Readonly<Record<string, number>>,
  sizes: Readonly<Record<string, number>>,
): void {
  const unknown = Object.keys(sizes).filter((key) => !Object.hasOwn(known, key))
  if (unknown.length) {
    throw new RefusedInput(
      `${api}: unknown size ${unknown.join(', ')}; known: ${Object.keys(known).join(', ')}`,
    )
  }
  for (const [key, value] of Object.entries(sizes)) {
    const max = maxima[key] ?? 0
    if (!Number.isSafeInteger(value) || value < 0 || value > max)
      throw new RefusedInput(
        `${api}: size ${key}=${value} is out of range; ${key} goes from 0 to ${max}`,
      )
  }
}

/** A dump parsed by the definition's state schema, or why it was refused. */
export function parseState(schema: z.ZodType, dump: unknown): unknown {
  const parsed = schema.safeParse(dump)
  if (!parsed.success) throw new RefusedInput(describeIssues(parsed.error))
  return parsed.data
}

/** The first few issues of a refused value, one line each: a whole bad dump can have thousands. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : '(top)'
    return `${where}: ${issue.message}`
  })
  const more = error.issues.length - lines.length
  return lines.join('; ') + (more > 0 ? `; and ${more} more` : '')
}
