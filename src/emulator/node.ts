/**
 * An emulator on node:http. A vendor call whose request target needs no normalising is answered
 * by `Emulator.answer` straight from node:http, and a handler's JSON value is written out as bytes
 * with their length: no Hono routing and no WHATWG Request or Response, which cost more than the
 * rest of a call (bench/softtr-orders.bench.ts). A body of declared length is read here too, a
 * body that arrived before the client hung up included, as @hono/node-server reads it. Everything
 * else goes through the Hono app by @hono/node-server as before: the admin API, side routes,
 * unknown paths and methods, HEAD, targets with escapes, chunked bodies; so does every answer
 * that is a Response. What goes on the wire is the same either way; only its timing differs: the
 * answers made in one turn of the event loop are written together at its end.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { Candidates, Emulator, Outcome, VendorRoute } from './host.ts'
import { utf8Text, type Call, type Raw } from './inputs.ts'
import { JSON_TYPE, encodePooled, encodedJson, isPieces, release, type Encoded } from './json.ts'

export type NodeServable = Pick<Emulator, 'app' | 'routes' | 'answer'> & {
  def: { maxBodyBytes: number }
}

/** A node:http server for `emulator`; `hostname` stands in for a missing Host header. */
export function emulatorServer(emulator: NodeServable, hostname: string): Server {
  // an answer handed over to @hono/node-server to write, by the request it answers
  const handed = new WeakMap<object, Response>()
  const viaHono = getRequestListener(
    (request, env) => handed.get(env.incoming) ?? emulator.app.fetch(request, env),
    { hostname },
  )
  const hono = (req: IncomingMessage, res: ServerResponse) => void viaHono(req, res)
  const routes = compile(emulator.routes)
  if (!routes) return createServer(hono)
  const answer = async (req: IncomingMessage, res: ServerResponse, call: Call, to: Candidates) => {
    let outcome: Outcome
    try {
      outcome = await emulator.answer(call, to, encodePooled)
    } catch (error) {
      // as Hono answers an error nothing else caught
      console.error(error)
      handed.set(req, new Response('Internal Server Error', { status: 500 }))
      return hono(req, res)
    }
    if (outcome.kind === 'drop') return void req.socket.destroy()
    if (outcome.kind === 'json' && outcome.bytes !== undefined) return send(res, outcome.bytes)
    handed.set(req, outcome.kind === 'json' ? encodedJson(outcome.bytes) : outcome.response)
    hono(req, res)
  }
  // the answers made in one turn of the event loop go out together at its end: a write to a waiting
  // client wakes its thread, and waking it once for a few answers costs less than once for each
  // (server time per answer 222 → 137 µs in bench/softtr-orders.bench.ts on a busy 2-core machine)
  let batch: [ServerResponse, NonNullable<Encoded>][] | undefined
  const send = (res: ServerResponse, bytes: NonNullable<Encoded>) => {
    if (!batch) {
      batch = []
      setImmediate(flush)
    }
    batch.push([res, bytes])
  }
  const flush = () => {
    const answers = batch!
    batch = undefined
    for (const [res, bytes] of answers) writeJson(res, bytes)
  }
  return createServer((req, res) => {
    const found = routed(routes, req, emulator.def.maxBodyBytes)
    if (found) void answer(req, res, found.call, found.candidates)
    else hono(req, res)
  })
}

/**
 * As @hono/node-server writes `json()`'s answer, the buffer given back to the pool once sent; an
 * answer in pieces goes out in one write of them all (corked until the end).
 */
function writeJson(res: ServerResponse, bytes: NonNullable<Encoded>): void {
  res.setHeader('content-type', JSON_TYPE)
  // node:http adds the length itself, after its own headers, unless the client speaks HTTP/1.0
  const http10 = !res.useChunkedEncodingByDefault
  if (!isPieces(bytes)) {
    if (http10) res.setHeader('Content-Length', lengthOf(bytes))
    return void res.end(bytes, () => release(bytes))
  }
  const length = lengthOf(bytes)
  if (http10) res.setHeader('Content-Length', length)
  // as node:http's own `end(chunk)` tells its header the length, where it writes it: the same
  // bytes as one piece would give (a node:http without it sends the pieces chunked)
  const told = res as unknown as { _contentLength: number }
  told._contentLength = length
  res.cork()
  for (let i = 0; i < bytes.length - 1; i++) res.write(bytes[i])
  res.end(bytes[bytes.length - 1])
}

function lengthOf(bytes: NonNullable<Encoded>): number {
  if (typeof bytes === 'string') return Buffer.byteLength(bytes)
  if (!isPieces(bytes)) return bytes.byteLength
  let length = 0
  for (const piece of bytes) length += lengthOf(piece)
  return length
}

// ---------------------------------------------------------------------------------------------
// Routing, as Hono routes the same table for the targets it is used on

interface CompiledRoute {
  /** path segments; undefined where a parameter stands */
  parts: (string | undefined)[]
  /** parameter names by segment index */
  names: Map<number, string>
  candidates: Candidates
}

/** By method, in Hono's order; undefined when a path uses more of Hono's syntax than `:name`. */
function compile(routes: readonly VendorRoute[]): Map<string, CompiledRoute[]> | undefined {
  const table = new Map<string, CompiledRoute[]>()
  for (const route of routes) {
    const parts: (string | undefined)[] = []
    const names = new Map<number, string>()
    for (const [index, segment] of route.path.split('/').entries()) {
      const param = /^:(\w+)$/.exec(segment)
      if (param) names.set(index, param[1]!)
      else if (!/^[\w.~-]*$/.test(segment)) return undefined
      parts.push(param ? undefined : segment)
    }
    const list = table.get(route.method) ?? []
    list.push({ parts, names, candidates: route.candidates })
    table.set(route.method, list)
  }
  return table
}

// request targets that URL and Hono take as they are (as @hono/node-server's own fast path): no
// escapes, dot segments or backslashes in the path, nothing in the query URL would escape
const PLAIN_PATH = /^\/[!$&-;=@-[\]_a-z~]*$/
const PLAIN_QUERY = /^[!$%&(-;=?-[\]_a-z~]*$/
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/
const ADMIN = /^\/__kopru(?:\/|$)/

function routed(
  table: Map<string, CompiledRoute[]>,
  req: IncomingMessage,
  maxBodyBytes: number,
): { call: Call; candidates: Candidates } | undefined {
  const routes = table.get(req.method ?? '')
  const target = req.url ?? ''
  const host = req.headers.host
  if (!routes || !host || !PLAIN_HOST.test(host)) return undefined
  // a body of declared length is read here, up to the most the emulator takes; a chunked one, or
  // one it refuses for its size, goes to Hono, which stops reading at that size
  if (req.headers['transfer-encoding'] !== undefined) return undefined
  const length = req.headers['content-length']
  if (length !== undefined && !(/^\d+$/.test(length) && Number(length) <= maxBodyBytes))
    return undefined
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  const search = q < 0 || q === target.length - 1 ? '' : target.slice(q)
  if (!PLAIN_PATH.test(path) || ADMIN.test(path)) return undefined
  if (path.includes('/.') && DOT_SEGMENT.test(path)) return undefined
  if (search && !PLAIN_QUERY.test(search)) return undefined
  // without strict routing, one trailing slash does not count
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  const parts = trimmed.split('/')
  for (const route of routes) {
    if (matches(route, parts)) {
      const params: Raw = {}
      for (const [index, name] of route.names) params[name] = parts[index]!
      return { call: new NodeCall(req, path, search, params, host), candidates: route.candidates }
    }
  }
  return undefined
}

function matches({ parts: wanted }: CompiledRoute, parts: readonly string[]): boolean {
  if (wanted.length !== parts.length) return false
  for (let i = 0; i < parts.length; i++) {
    const want = wanted[i]
    if (want === undefined ? parts[i] === '' : want !== parts[i]) return false
  }
  return true
}

class NodeCall implements Call {
  readonly method: string
  private made: Request | undefined
  private readonly body: Promise<{ chunks: Buffer[]; size: number }> | undefined

  constructor(
    private readonly req: IncomingMessage,
    readonly path: string,
    readonly search: string,
    readonly params: Raw,
    private readonly host: string,
  ) {
    this.method = req.method!
    // read from the start, as @hono/node-server does: a body that arrived before the client hung
    // up (while the answer waits on chaos latency) is the body all the same
    if (Number(req.headers['content-length'] ?? 0) > 0) this.body = bodyOf(req)
  }

  /** As `Headers.get`: repeated fields joined, HTTP white space trimmed. */
  header(name: string): string | null {
    const raw = this.req.rawHeaders
    const lower = name.toLowerCase()
    let value: string | null = null
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i]!.length !== lower.length || raw[i]!.toLowerCase() !== lower) continue
      const one = raw[i + 1]!.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')
      value = value === null ? one : `${value}, ${one}`
    }
    return value
  }

  /** The body, of the length it declared (framed by node:http, so never longer). */
  async text(maxBytes: number): Promise<string | undefined> {
    if (!this.body) return ''
    const { chunks, size } = await this.body
    return size > maxBytes ? undefined : utf8Text(chunks)
  }

  get request(): Request {
    if (this.made) return this.made
    const headers = new Headers()
    const raw = this.req.rawHeaders
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
    const url = `http://${this.host}${this.req.url}`
    return (this.made = new Request(url, { method: this.method, headers }))
  }
}

/** What a request's body brings until it ends, or until its client hangs up. */
function bodyOf(req: IncomingMessage): Promise<{ chunks: Buffer[]; size: number }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () => resolve({ chunks, size })
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      chunks.push(chunk)
    })
    req.once('end', done)
    req.once('close', done)
    // a hang-up mid-body is an 'error' of the request: what arrived stays the body
    req.on('error', () => undefined)
  })
}
