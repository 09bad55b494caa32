/** The pieces of one vendor call the host hands around: its context, its credentials view, its id. */
import { randomBytes } from 'node:crypto'
import { matchesQuery, type OperationDef } from '../core/operation.ts'
import type { Call, Raw } from './inputs.ts'
import type { EmulatorContext, IncomingCall } from './types.ts'

export class CallContext<S, W> implements EmulatorContext<S, W> {
  constructor(
    public state: S,
    public switches: W,
    public requestId: string,
    public now: Date,
    public credentials: Readonly<Record<string, string>>,
    private readonly call: Call,
    private readonly emitter?: (event: string, payload: unknown) => void,
  ) {}

  emit(event: string, payload: unknown): void {
    this.emitter?.(event, payload)
  }

  /** made only if a handler asks, for a call served straight from node:http */
  get request(): Request {
    return this.call.request
  }
}

/** The call as `authenticate` sees it; its WHATWG Request is made only if asked for. */
export class Incoming implements IncomingCall {
  constructor(
    private readonly call: Call,
    readonly operationId: string | undefined,
    readonly op: OperationDef | undefined,
    readonly query: Raw,
    readonly body: unknown,
  ) {}

  header(name: string): string | null {
    return this.call.header(name)
  }

  get path(): string {
    return this.call.path
  }

  get request(): Request {
    return this.call.request
  }
}

// the last time written for the log: calls close together share their millisecond
let lastTime = NaN
let lastIso = ''

export function isoTime(date: Date): string {
  const time = date.getTime()
  if (time !== lastTime) {
    lastIso = date.toISOString()
    lastTime = time
  }
  return lastIso
}

/** Whether the query selects `op` among the operations sharing its route. */
export function selects(op: OperationDef, query: Raw): boolean {
  return !op.match || matchesQuery(op, (k) => Object.hasOwn(query, k))
}

// 32 hex digits cut from a pool of random bytes: a `randomBytes(16)` per request cost 3 µs
let idPool = Buffer.alloc(0)
let idOffset = 0
export function randomRequestId(): string {
  if (idOffset + 16 > idPool.length) {
    idPool = randomBytes(4096)
    idOffset = 0
  }
  idOffset += 16
  return idPool.toString('hex', idOffset - 16, idOffset)
}

export function pathPattern(template: string): RegExp {
  const escaped = template
    .replace(/\/+$/, '')
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{[^}]+\}/g, '[^/]+')
  return new RegExp(`^${escaped}/?$`)
}
