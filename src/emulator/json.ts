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

/** The pieces of a body's JSON: texts, and RawJson values where they stand. */
function pieces(value: unknown, out: (string | RawJson)[]): void {
  if (value instanceof RawJson) out.push(value)
  else if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, i) => {
      if (i) out.push(',')
      // as JSON.stringify does: what has no JSON form is null in an array
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol')
        out.push('null')
      else pieces(item, out)
    })
    out.push(']')
  } else if (value !== null && typeof value === 'object' && isPlain(value)) {
    out.push('{')
    let first = true
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
      out.push(`${first ? '' : ','}${JSON.stringify(key)}:`)
      first = false
      pieces(item, out)
    }
    out.push('}')
  } else out.push(JSON.stringify(value) ?? 'null')
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/** JSON text of any body, spliced or not. */
export function stringify(body: unknown): string {
  if (!(body instanceof Spliced)) return JSON.stringify(body)
  const out: (string | RawJson)[] = []
  pieces(body.body, out)
  return out.map((p) => (typeof p === 'string' ? p : p.text)).join('')
}

/** The answer's bytes: a spliced body is written into one buffer, cached rows copied as they are. */
function encode(body: unknown): string | Uint8Array {
  if (!(body instanceof Spliced)) return JSON.stringify(body)
  const out: (string | RawJson)[] = []
  pieces(body.body, out)
  let length = 0
  for (const p of out) length += typeof p === 'string' ? Buffer.byteLength(p) : p.bytes.length
  const bytes = Buffer.allocUnsafe(length)
  let at = 0
  for (const p of out) at += typeof p === 'string' ? bytes.write(p, at) : p.bytes.copy(bytes, at)
  return bytes
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
