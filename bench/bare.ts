/**
 * The floor for a server benchmark: a plain `node:http` server that answers fixed bytes (or what a
 * function returns per request), and nothing else.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface BareServerOptions {
  /**
   * The answer: bytes sent as-is to every request, or a function called for every request (say,
   * `() => JSON.stringify(page)`: the floor for a server that serialises each answer). A function
   * cannot cross into the helper thread: use it with `startBareServer` only.
   */
  body: string | Uint8Array | (() => string | Uint8Array)
  status?: number
  /** default `content-type: application/json; charset=utf-8`; content-length is always set */
  headers?: Record<string, string>
  /** read each request's body and `JSON.parse` it before answering (400 when it does not parse) */
  readJson?: boolean
  /** with `readJson`: given each parsed body before the answer (`rowKeeper`); this thread only */
  keep?: (body: unknown) => void
  hostname?: string
  port?: number
}

export interface BareServer {
  url: string
  port: number
  close(): Promise<void>
}

/** The floor for a server benchmark: node:http and nothing else. */
export function startBareServer(options: BareServerOptions): Promise<BareServer> {
  const fixed = typeof options.body === 'function' ? undefined : Buffer.from(options.body)
  const status = options.status ?? 200
  const headers = { 'content-type': 'application/json; charset=utf-8', ...options.headers }
  const fixedHeaders = fixed && { ...headers, 'content-length': fixed.byteLength }
  const answer = (res: http.ServerResponse) => {
    if (fixedHeaders) return res.writeHead(status, fixedHeaders).end(fixed)
    const body = (options.body as () => string | Uint8Array)()
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) }).end(body)
  }
  const server = http.createServer((req, res) => {
    if (!options.readJson) {
      req.resume()
      return answer(res)
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        res.writeHead(400).end()
        return
      }
      // outside the try: a keeper that fails is a broken bench, not a body that did not parse
      options.keep?.(body)
      answer(res)
    })
  })
  const hostname = options.hostname ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, hostname, () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://${hostname}:${port}`,
        port,
        close: () => closeServer(server),
      })
    })
  })
}

/**
 * The least any store does with a bulk write, for a second floor: each row kept, as a new object,
 * in a Map under its address trimmed and lower-cased (an emulator keeps every row too, and finds
 * it again by that key). `rowsOf` finds the rows in a parsed body.
 */
export function rowKeeper(
  rowsOf: (body: unknown) => readonly Record<string, unknown>[],
  keyName: string,
) {
  const kept = new Map<string, Record<string, unknown>>()
  const keep = (body: unknown) => {
    for (const row of rowsOf(body)) {
      const key = String(row[keyName]).trim().toLowerCase()
      kept.set(key, { ...row, [keyName]: key })
    }
  }
  return { kept, keep }
}

/**
 * The least any store does with a batch patch by key, for the floor of a bulk update: the records
 * held as objects in a Map under their key trimmed and lower-cased, and for each key of a body,
 * its record found the same way and the body's fields written into it (an emulator finds every
 * record it updates and writes it too). `patchOf` finds the keys and fields in a parsed body.
 */
export function rowPatcher(
  records: readonly Record<string, unknown>[],
  keyName: string,
  patchOf: (body: unknown) => { keys: readonly string[]; fields: Record<string, unknown> },
) {
  const kept = new Map<string, Record<string, unknown>>()
  for (const record of records)
    kept.set(String(record[keyName]).trim().toLowerCase(), { ...record })
  const keep = (body: unknown) => {
    const { keys, fields } = patchOf(body)
    for (const key of keys) {
      const record = kept.get(key.trim().toLowerCase())
      if (record) Object.assign(record, fields)
    }
  }
  return { kept, keep }
}

/** Closes a node:http server, idle keep-alive connections included. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}
