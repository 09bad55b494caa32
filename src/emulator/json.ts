/**
 * JSON answers, and the trick that keeps big list answers cheap: a store caches each row's JSON
 * (`memoRows`, memo.ts) and a handler answers `spliced(body)` (or
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
