/** zod's whole answer to a parse, as comparable values: the data as JSON text (key order counts), or the issues. */
import type { z } from 'zod'

export function verdict(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value, { reportInput: true })
  return result.success
    ? { data: JSON.stringify(result.data) }
    : { issues: JSON.parse(JSON.stringify(result.error.issues)) as unknown }
}
