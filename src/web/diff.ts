/**
 * What a write changes, field by field: the record as last delivered beside the record as it would
 * be sent, both flattened to dotted paths (`lines.0.sku`), so nested records and lists compare as
 * a reader scans them.
 */

export interface FieldChange {
  path: string
  /** undefined: the field is new */
  before?: unknown
  /** undefined: the field is gone */
  after?: unknown
}

/** The fields that differ; every field of `after` when there is nothing before. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const old = flatten(before)
  const now = flatten(after)
  const changes: FieldChange[] = []
  for (const [path, value] of now) {
    const was = old.get(path)
    if (!old.has(path)) changes.push({ path, after: value })
    else if (!same(was, value)) changes.push({ path, before: was, after: value })
  }
  for (const [path, was] of old) if (!now.has(path)) changes.push({ path, before: was })
  return changes
}

function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()) {
  if (value === undefined) return into
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value)
    // an empty object or list is a value of its own, or its disappearance would go unseen
    if (!entries.length && prefix) into.set(prefix, value)
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, into)
  } else into.set(prefix || '(value)', value)
  return into
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b))
}
