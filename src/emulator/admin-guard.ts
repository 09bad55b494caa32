/**
 * Who may drive `/__kopru/`. A web page can send requests to 127.0.0.1 too: a cross-site form
 * (a POST with a text/plain or form body needs no CORS preflight), or a page on a domain that
 * resolves to 127.0.0.1 (DNS rebinding), which the browser treats as same-origin. So the admin API
 * answers only requests whose Host names the address it listens on, whose Origin (when sent) is
 * that address, and whose writes say `content-type: application/json`; on another interface than
 * loopback, it wants a token as well.
 */
import type { Socket } from 'node:net'
import type { Context, MiddlewareHandler } from 'hono'
import { sameSecret } from './secrets.ts'

export interface AdminGuardOptions {
  /** when set, every admin call carries `Authorization: Bearer <token>` */
  token: string | undefined
  /** names the server listens under besides its address (`--host` as given) */
  hostNames: ReadonlySet<string>
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function adminGuard(options: AdminGuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const refused = check(c, options)
    if (refused) return refused
    await next()
  }
}

function check(c: Context, { token, hostNames }: AdminGuardOptions): Response | undefined {
  if (token !== undefined && !sameSecret(bearer(c.req.header('authorization')), token)) {
    return c.json({ error: 'the admin API wants its token: Authorization: Bearer <token>' }, 401, {
      'www-authenticate': 'Bearer realm="kopru admin"',
    })
  }
  // served by node:http: the Host is checked against the connection's own address; the token,
  // which a rebinding page does not know, replaces that check on an address kopru cannot list
  const incoming = (c.env as { incoming?: { socket?: Socket; headers: { host?: string } } } | null)
    ?.incoming
  if (incoming?.socket && token === undefined) {
    const host = incoming.headers.host
    if (host !== undefined && !hostAllowed(host, incoming.socket, hostNames))
      return c.json({ error: `Host ${host} is not an address this emulator listens on` }, 403)
  }
  const origin = c.req.header('origin')
  if (origin !== undefined && origin !== new URL(c.req.url).origin)
    return c.json(
      { error: `requests from ${origin} are refused: the admin API is not for pages` },
      403,
    )
  if (WRITES.has(c.req.method)) {
    const type = c.req.header('content-type')
    const sent =
      Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding')
    if (type === undefined ? sent : !isJsonType(type))
      return c.json({ error: 'admin writes take content-type: application/json' }, 415)
  }
  return undefined
}

export function isJsonType(type: string): boolean {
  return type.split(';')[0]!.trim().toLowerCase() === 'application/json'
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}

/**
 * Whether a Host header names this connection's own address and port: its IP, a name the server
 * was given, or on loopback `localhost` or any loopback address.
 */
export function hostAllowed(host: string, socket: Socket, hostNames: ReadonlySet<string>): boolean {
  let url: URL
  try {
    url = new URL(`http://${host}`)
  } catch {
    return false
  }
  // a Host is host[:port] and nothing else
  if (url.host !== host.toLowerCase().replace(/:80$/, '') || url.username || url.pathname !== '/')
    return false
  if (Number(url.port || 80) !== socket.localPort) return false
  const local = addressName(socket.localAddress ?? '')
  const name = url.hostname
  if (name === local || hostNames.has(name)) return true
  return isLoopback(local) && (name === 'localhost' || isLoopback(name))
}

/** An address as a URL's hostname writes it: IPv6 in brackets, IPv4-mapped as IPv4. */
function addressName(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  return address.includes(':') ? `[${address.toLowerCase()}]` : address
}

/** Whether a host name or address is loopback: only this machine can reach it. */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '')
  return (
    name === 'localhost' ||
    name === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  )
}
