/**
 * JSON answers, and the trick that keeps big list answers cheap: a store caches each row's JSON
 * (`memoJson`, `memoRows` for a page) and a handler answers `spliced(body)` (or
 * `json(spliced(body))` as a Response), whose bytes are joined from the cached rows instead of
 * serialising a hundred objects on every call. Serialising is most of an emulator's cost on a
 * full page.
 */

/** JSON already serialised, for `spliced` bodies; elsewhere it serialises as its value. */
export class RawJson {
  private encoded: Buffer | undefined

  constructor(readonly text: string) {}

  /** the UTF-8 bytes, encoded once: a cached row is written out without encoding it again */
  get bytes(): Buffer {
    return (this.encoded ??= Buffer.from(this.text))
  }

  toJSON(): unknown {
    return JSON.parse(this.text)
  }
}

/** A body holding RawJson values in its plain objects and arrays. */
export class Spliced {
  constructor(readonly body: unknown) {}
}

/** Marks a body whose RawJson values `json()` splices in as they are. */
export function spliced(body: unknown): Spliced {
  return new Spliced(body)
}

/**
 * A spliced body laid out as its JSON: texts, adjacent ones merged, and the RawJson values where
 * they stand. A list of cached rows comes out as row, ',', row, …: few texts to encode.
 */
class Layout {
  readonly parts: (string | RawJson)[] = []
  private text = ''

  constructor(body: unknown) {
    this.visit(body)
    if (this.text) this.parts.push(this.text)
  }

  private visit(value: unknown): void {
    if (typeof value !== 'object' || value === null) this.text += primitive(value)
    else if (value instanceof RawJson) {
      if (this.text) this.parts.push(this.text)
      this.text = ''
      this.parts.push(value)
    } else if (Array.isArray(value)) {
      this.text += '['
      for (let i = 0; i < value.length; i++) {
        if (i) this.text += ','
        // as JSON.stringify does: what has no JSON form is null in an array
        this.visit(value[i] as unknown)
      }
      this.text += ']'
    } else if (isPlain(value)) {
      this.text += '{'
      let first = true
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key]
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
        this.text += first ? keyText(key) : `,${keyText(key)}`
        first = false
        this.visit(item)
      }
      this.text += '}'
    } else this.text += JSON.stringify(value) ?? 'null'
  }
}

/** As JSON.stringify writes a value that is not an object; what has no JSON form is null. */
function primitive(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  return JSON.stringify(value) ?? 'null'
}

// `"key":` by key: most bodies repeat a few field names, and quoting one cost more than the rest
// of laying it out; bounded, as keys can be data (ids as keys)
const keyTexts = new Map<string, string>()

function keyText(key: string): string {
  let text = keyTexts.get(key)
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`
    if (keyTexts.size < 10_000) keyTexts.set(key, text)
  }
  return text
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/** JSON text of any body, spliced or not. */
export function stringify(body: unknown): string {
  if (!(body instanceof Spliced)) return JSON.stringify(body)
  return new Layout(body.body).parts.map((p) => (typeof p === 'string' ? p : p.text)).join('')
}

/** An answer as pieces written out one after the other, for a socket: see `encodePooled`. */
export type Pieces = readonly (string | Uint8Array)[]

/** An answer's body as `encode` or `encodePooled` gives it. */
export type Encoded = string | Uint8Array | Pieces | undefined

/**
 * The answer's bytes: a spliced body is written into one buffer, cached rows copied as they are.
 * Undefined for a body JSON cannot show (`undefined`, a function).
 */
export function encode(
  body: unknown,
  alloc: (size: number) => Buffer = Buffer.allocUnsafe,
): string | Uint8Array | undefined {
  if (!(body instanceof Spliced)) return JSON.stringify(body) as string | undefined
  return joined(new Layout(body.body).parts, alloc)
}

/**
 * Per piece costs add up over a hundred rows, so: one allocation sized from an upper bound (a
 * UTF-16 unit is at most 3 UTF-8 bytes) instead of measuring each text, `set` instead of
 * `Buffer#copy` (whose argument checks cost more than copying a row), commas as single bytes.
 */
function joined(parts: readonly (string | RawJson)[], alloc: (size: number) => Buffer): Uint8Array {
  let size = 0
  for (const p of parts) size += typeof p === 'string' ? 3 * p.length : p.bytes.length
  const bytes = alloc(size)
  let at = 0
  for (const p of parts) {
    if (typeof p !== 'string') {
      const row = p.bytes
      bytes.set(row, at)
      at += row.length
    } else if (p.length === 1 && p.charCodeAt(0) < 0x80) bytes[at++] = p.charCodeAt(0)
    else at += bytes.write(p, at)
  }
  return bytes.subarray(0, at)
}

export const JSON_TYPE = 'application/json; charset=utf-8'

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return encodedJson(encode(body), status, headers)
}

/** `json` of a body `encode`d already. */
export function encodedJson(
  bytes: Encoded,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  // the pieces copied once, into one buffer (a Uint8Array goes into the concatenation as it is)
  const body = isPieces(bytes)
    ? Buffer.concat(bytes.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
    : bytes
  return new Response(body, { status, headers: { 'content-type': JSON_TYPE, ...headers } })
}

export function isPieces(bytes: Encoded): bytes is Pieces {
  return Array.isArray(bytes)
}

// Buffers of answers written out, kept for the next ones: allocating a fresh 44 KiB buffer per
// answer cost about as much as the rest of the answer (bench/softtr-orders.bench.ts).
const POOLED = { min: 8 * 1024, max: 1024 * 1024, kept: 16, made: 64 * 1024 }
const kept: ArrayBufferLike[] = []
const pooled = new WeakSet<ArrayBufferLike>()

function fromPool(size: number): Buffer {
  if (size < POOLED.min || size > POOLED.max) return Buffer.allocUnsafe(size)
  const reused = kept.pop()
  if (reused && reused.byteLength >= size) return Buffer.from(reused)
  const made = Buffer.allocUnsafeSlow(Math.max(size, POOLED.made))
  pooled.add(made.buffer)
  return made
}

// a cached piece this big is written out as it is: copying it into the answer's buffer cost about
// 5% of answering a 44 KiB page (bench/softtr-orders.bench.ts, 0.70× → 0.73× a bare server)
const AS_IS = 16 * 1024

/**
 * `encode` for an answer written straight to a socket: a page asked for again (one big cached
 * piece between a few texts) comes as its pieces, written out one after the other without a copy;
 * any other spliced body goes into a pooled buffer, to be handed back with `release` once written
 * out (and never used after).
 */
export function encodePooled(body: unknown): Encoded {
  if (!(body instanceof Spliced)) return JSON.stringify(body) as string | undefined
  const parts = new Layout(body.body).parts
  if (parts.length <= 5 && parts.some((p) => typeof p !== 'string' && p.bytes.length >= AS_IS))
    return parts.map((p) => (typeof p === 'string' ? p : p.bytes))
  return joined(parts, fromPool)
}

export function release(bytes: string | Uint8Array): void {
  if (typeof bytes === 'string' || !pooled.has(bytes.buffer) || kept.length >= POOLED.kept) return
  // handed back twice before it is reused, it would be handed out twice
  if (!kept.includes(bytes.buffer)) kept.push(bytes.buffer)
}

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

interface KeptPage {
  owners: readonly object[]
  /** each owner's deps, one after the other */
  shown: unknown[]
  rows: RawJson[]
  /** the rows as one JSON array, once the page was asked for again */
  whole?: RawJson
}

// the last page of rows made, by its first owner
const pages = new WeakMap<object, KeptPage>()

/**
 * `memoJson` for a page of owners: their rows, to splice where the list stands. A page asked for
 * again (a list polled, re-read) is checked against its owners and their `deps`, and comes as one
 * RawJson array copied as one piece: a lookup per row, then a piece per row, cost more than the
 * rest of a 100-row answer (bench/narwoo-order-list.bench.ts). `deps` is read at once and never
 * kept, so it may fill and return one array for every owner: checking a page allocates nothing.
 */
export function memoRows<T extends object>(
  owners: readonly T[],
  deps: (owner: T) => readonly unknown[],
  make: (owner: T) => unknown,
): RawJson | RawJson[] {
  const first = owners[0]
  if (!first) return []
  const kept = pages.get(first)
  if (kept && unchanged(kept, owners, deps))
    return (kept.whole ??= new RawJson(`[${kept.rows.map((r) => r.text).join(',')}]`))
  const shown: unknown[] = []
  const rows = owners.map((owner) => {
    // copied: `deps` may hand back one array filled anew for each owner
    const shows = [...deps(owner)]
    shown.push(...shows)
    return memoJson(owner, shows, make)
  })
  pages.set(first, { owners: [...owners], shown, rows })
  return rows
}

function unchanged<T extends object>(
  kept: KeptPage,
  owners: readonly T[],
  deps: (owner: T) => readonly unknown[],
): boolean {
  if (kept.owners.length !== owners.length) return false
  const shown = kept.shown
  let at = 0
  for (let i = 0; i < owners.length; i++) {
    if (kept.owners[i] !== owners[i]) return false
    const now = deps(owners[i]!)
    for (let d = 0; d < now.length; d++) if (shown[at++] !== now[d]) return false
  }
  return at === shown.length
}
