/**
 * A loopback load driver for server benchmarks: N keep-alive HTTP/1.1 connections, one request in
 * flight on each, for a fixed time. It writes pre-built request bytes and reads only the status
 * line, `content-length` / chunked framing and the body's size, as autocannon does: node:http's
 * client and fetch spent a whole core at about a third of what a bare node:http server answers
 * (45 KB bodies, 2-core machine), which would have hidden the server's own cost.
 */
import net from 'node:net'

export interface LoadOptions {
  url: string
  method?: string
  headers?: Record<string, string>
  body?: string
  /** requests in flight, each on its own keep-alive connection */
  concurrency: number
  durationMs: number
}

export interface LoadResult {
  /** answers received */
  ops: number
  ms: number
  /** answers by HTTP status; `error` counts requests that failed without one */
  statuses: Record<string, number>
  /** response body bytes received */
  bytes: number
  firstError?: string
  /** share of the sample the driver's own event loop was busy (near 1: the driver may be the limit) */
  driverBusy: number
}

interface Answer {
  status: number
  bytes: number
}

const CRLF2 = Buffer.from('\r\n\r\n')
const CRLF = Buffer.from('\r\n')

/** One keep-alive connection; `send` writes a request and resolves with the answer's status. */
class Connection {
  private socket: net.Socket | undefined
  private buffer: Buffer = Buffer.alloc(0)
  private waiting: { resolve(answer: Answer): void; reject(error: Error): void } | undefined
  private head: { status: number; remaining: number; chunked: boolean; close: boolean } | undefined
  private bytes = 0
  /** the answer to a HEAD request has no body, whatever its content-length says */
  private bodyless = false

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  send(request: Buffer, bodyless = false): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
      this.bytes = 0
      this.bodyless = bodyless
      this.connect().write(request)
    })
  }

  close(): void {
    const socket = this.socket
    this.socket = undefined
    this.buffer = Buffer.alloc(0)
    socket?.destroy()
  }

  private connect(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true })
    socket.on('data', (chunk) => this.read(chunk))
    const lost = (error?: Error) => {
      if (this.socket !== socket) return // closed on purpose, or replaced already
      this.socket = undefined
      this.buffer = Buffer.alloc(0)
      this.head = undefined
      const waiting = this.waiting
      this.waiting = undefined
      waiting?.reject(error ?? new Error('connection closed before the answer ended'))
    }
    socket.on('error', lost)
    socket.on('close', () => lost())
    this.socket = socket
    return socket
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk
    for (;;) {
      if (!this.head) {
        const end = this.buffer.indexOf(CRLF2)
        if (end < 0) return
        this.head = parseHead(this.buffer.subarray(0, end).toString('latin1'))
        if (this.bodyless) Object.assign(this.head, { remaining: 0, chunked: false })
        this.buffer = this.buffer.subarray(end + 4)
      }
      const head = this.head
      if (!head.chunked) {
        const take = Math.min(head.remaining, this.buffer.length)
        head.remaining -= take
        this.bytes += take
        this.buffer = this.buffer.subarray(take)
        if (head.remaining > 0) return
        return this.finish()
      }
      // chunked: `<hex size>\r\n<data>\r\n` … `0\r\n\r\n` (trailers are not expected)
      const line = this.buffer.indexOf(CRLF)
      if (line < 0) return
      const size = parseInt(this.buffer.subarray(0, line).toString('latin1'), 16)
      if (this.buffer.length < line + 2 + size + 2) return
      this.bytes += size
      this.buffer = this.buffer.subarray(line + 2 + size + 2)
      if (size === 0) return this.finish()
    }
  }

  private finish(): void {
    const { status, close } = this.head!
    this.head = undefined
    const waiting = this.waiting
    this.waiting = undefined
    if (close) this.close()
    waiting?.resolve({ status, bytes: this.bytes })
  }
}

function parseHead(text: string) {
  const status = Number(text.slice(9, 12))
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text)
  return {
    status,
    remaining: length ? Number(length[1]) : 0,
    chunked: /\r\ntransfer-encoding:[^\r]*chunked/i.test(text),
    close: /\r\nconnection:\s*close/i.test(text),
  }
}

function requestBytes(url: URL, options: LoadOptions): Buffer {
  const body = options.body === undefined ? undefined : Buffer.from(options.body)
  const lines = [
    `${options.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
  ]
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`)
  if (body) lines.push(`content-length: ${body.byteLength}`)
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1')
  return body ? Buffer.concat([head, body]) : head
}

// connections kept across samples, so every sample starts on warm sockets
const pools = new Map<string, Connection[]>()

function poolFor(url: URL, concurrency: number): Connection[] {
  const pool = pools.get(url.host) ?? []
  pools.set(url.host, pool)
  while (pool.length < concurrency) pool.push(new Connection(url.hostname, Number(url.port || 80)))
  return pool.slice(0, concurrency)
}

/** Keeps `concurrency` requests in flight for `durationMs` and counts the answers by status. */
export async function driveLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url)
  if (url.protocol !== 'http:') throw new Error(`driveLoad speaks plain http, not ${url.protocol}`)
  const request = requestBytes(url, options)
  const result: LoadResult = { ops: 0, ms: 0, statuses: {}, bytes: 0, driverBusy: 0 }
  const count = (status: string) => (result.statuses[status] = (result.statuses[status] ?? 0) + 1)
  const elu = performance.eventLoopUtilization()
  const started = performance.now()
  const until = started + options.durationMs
  const lane = async (connection: Connection) => {
    while (performance.now() < until) {
      try {
        const answer = await connection.send(request, options.method === 'HEAD')
        count(String(answer.status))
        result.bytes += answer.bytes
      } catch (error) {
        count('error')
        result.firstError ??= String(error)
      }
      result.ops++
    }
  }
  await Promise.all(poolFor(url, options.concurrency).map(lane))
  result.ms = performance.now() - started
  result.driverBusy = performance.eventLoopUtilization(elu).utilization
  return result
}

/** Closes every pooled connection (before the servers they point at go away). */
export function closeConnections(): void {
  for (const pool of pools.values()) for (const connection of pool) connection.close()
  pools.clear()
}
