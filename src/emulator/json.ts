/**
 * JSON answers, and the trick that keeps big list answers cheap: a store caches each row's JSON
 * (`memoJson`) and a handler answers `json(spliced(body))`, whose bytes are joined from the cached
 * rows instead of serialising a hundred objects on every call. Serialising is most of an
 * emulator's cost on a full page.
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

  private add(text: string): void {
    this.text += text
  }

  private visit(value: unknown): void {
    if (value instanceof RawJson) {
      if (this.text) this.parts.push(this.text)
      this.text = ''
      this.parts.push(value)
    } else if (Array.isArray(value)) {
      this.add('[')
      value.forEach((item, i) => {
        if (i) this.add(',')
        // as JSON.stringify does: what has no JSON form is null in an array
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol')
          this.add('null')
        else this.visit(item)
      })
      this.add(']')
    } else if (value !== null && typeof value === 'object' && isPlain(value)) {
      this.add('{')
      let first = true
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
        this.add(`${first ? '' : ','}${JSON.stringify(key)}:`)
        first = false
        this.visit(item)
      }
      this.add('}')
    } else this.add(JSON.stringify(value) ?? 'null')
  }
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

/**
 * The answer's bytes: a spliced body is written into one buffer, cached rows copied as they are.
 * Per piece costs add up over a hundred rows, so: one allocation sized from an upper bound (a
 * UTF-16 unit is at most 3 UTF-8 bytes) instead of measuring each text, `set` instead of
 * `Buffer#copy` (whose argument checks cost more than copying a row), commas as single bytes.
 */
function encode(body: unknown): string | Uint8Array {
  if (!(body instanceof Spliced)) return JSON.stringify(body)
  const parts = new Layout(body.body).parts
  let size = 0
  for (const p of parts) size += typeof p === 'string' ? 3 * p.length : p.bytes.length
  const bytes = Buffer.allocUnsafe(size)
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

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(encode(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  })
}

const memo = new WeakMap<object, { deps: readonly unknown[]; json: RawJson }>()

/**
 * The JSON of `make()` for `owner`, made again only when one of `deps` differs (by identity) from
 * the last call: list the owner's fields the JSON shows that can change.
 */
export function memoJson(owner: object, deps: readonly unknown[], make: () => unknown): RawJson {
  const kept = memo.get(owner)
  if (kept && kept.deps.length === deps.length && kept.deps.every((d, i) => d === deps[i]))
    return kept.json
  const made = new RawJson(JSON.stringify(make()))
  memo.set(owner, { deps, json: made })
  return made
}
