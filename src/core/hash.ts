/** Content hashes that do not depend on key order, so a re-read record hashes the same. */
import { createHash, hash } from 'node:crypto'

/** JSON with object keys sorted; `undefined` members dropped as JSON.stringify drops them. */
export function canonicalJson(value: unknown): string {
  // a sorted copy written by one native JSON.stringify: a replacer would call back for every
  // value, and a sync hashes every record it reads
  return JSON.stringify(sortedCopy(value, ''))
}

/**
 * The value with each object's own keys in sorted order, `toJSON` applied first as JSON.stringify
 * applies it. Keys are assigned in sorted order, so integer-like keys come first in numeric order,
 * as they did from `Object.fromEntries` of the sorted entries: stored hashes still match.
 */
function sortedCopy(value: unknown, key: string): unknown {
  let v = value
  if (v === null || typeof v !== 'object') return v
  const toJSON = (v as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') {
    v = (toJSON as (key: string) => unknown).call(v, key)
    if (v === null || typeof v !== 'object') return v
  }
  if (Array.isArray(v)) return v.map((item: unknown, i) => sortedCopy(item, String(i)))
  const record = v as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(record).sort()) {
    const item = sortedCopy(record[k], k)
    // dropped by JSON.stringify anyway; a function kept here could act as the copy's toJSON
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
    if (k === '__proto__') Object.defineProperty(out, k, { value: item, enumerable: true })
    else out[k] = item
  }
  return out
}

/** SHA-256 in hex; the one-shot `hash` (Node 20.12) builds no Hash stream per record. */
const sha256 =
  typeof hash === 'function'
    ? (text: string) => hash('sha256', text, 'hex')
    : (text: string) => createHash('sha256').update(text).digest('hex')

/** 128 bits of SHA-256: plenty to tell a changed record, short enough to store by the million. */
export function contentHash(value: unknown): string {
  return sha256(canonicalJson(value)).slice(0, 32)
}
