/** Serving emulators over HTTP, each API on its own port, and stopping them cleanly. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isLoopback } from './admin-guard.ts'
import type { Emulator } from './host.ts'
import { emulatorServer, type NodeServable } from './node.ts'

/** What serving needs of an emulator: any state type will do. */
export type Servable = NodeServable &
  Pick<Emulator, 'name' | 'baseUrl' | 'save' | 'adminToken' | 'hostNames'>

export interface Served<E extends Servable = Emulator> {
  emulator: E
  port: number
  /** the URL that replaces the vendor's base URL */
  baseUrl: string
  adminUrl: string
}

export interface Serving<E extends Servable = Emulator> {
  served: Served<E>[]
  close(): Promise<void>
}

export interface ServeOptions {
  /** the first port; further emulators take the next ones (0: free ports) */
  port?: number
  /** a port per emulator, in the order given; wins over `port` */
  ports?: readonly number[]
  hostname?: string
  /** a port already in use: `fail` (default), or `free`: listen on a free port instead */
  whenTaken?: 'fail' | 'free'
}

/**
 * Listens on `ports[i]` when given, else on `port`, `port + 1`, … in the order given; port 0 picks
 * free ports. Resolves once every server is listening. On an interface other than loopback, every
 * emulator needs an admin token: anyone who can reach the port could otherwise reset or read it.
 */
export async function serveEmulators<E extends Servable>(
  emulators: readonly E[],
  { port = 0, ports, hostname = '127.0.0.1', whenTaken = 'fail' }: ServeOptions = {},
): Promise<Serving<E>> {
  if (!isLoopback(hostname)) {
    const open = emulators.filter((e) => e.adminToken === undefined).map((e) => e.name)
    if (open.length)
      throw new Error(
        `${hostname} is not a loopback address: ${open.join(', ')} would serve its admin API to anyone who can reach it; give each emulator an admin token`,
      )
  }
  const servers: Server[] = []
  const served: Served<E>[] = []
  try {
    for (const [index, emulator] of emulators.entries()) {
      const wanted = ports?.[index] ?? (port === 0 ? 0 : port + index)
      const server = await listen(emulator, wanted, hostname).catch((error: unknown) => {
        if (whenTaken === 'free' && wanted !== 0 && (error as PortTaken).portTaken)
          return listen(emulator, 0, hostname)
        throw error
      })
      servers.push(server)
      const actual = (server.address() as AddressInfo).port
      const origin = `http://${hostname}:${actual}`
      served.push({
        emulator,
        port: actual,
        baseUrl: emulator.baseUrl(origin),
        adminUrl: `${origin}/__kopru`,
      })
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer))
    throw error
  }
  return {
    served,
    close: async () => {
      for (const { emulator } of served) emulator.save()
      await Promise.all(servers.map(closeServer))
    },
  }
}

type PortTaken = Error & { portTaken?: true }

function listen(emulator: Servable, port: number, hostname: string): Promise<Server> {
  // the name it was told to listen under is a Host its admin API accepts
  const name = hostname.toLowerCase()
  emulator.hostNames.add(name.includes(':') && !name.startsWith('[') ? `[${name}]` : name)
  return new Promise((resolve, reject) => {
    const server = emulatorServer(emulator, hostname)
    server.listen(port, hostname, () => resolve(server))
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? Object.assign(new Error(`port ${port} is already in use (${emulator.name})`), {
              portTaken: true as const,
            })
          : error,
      ),
    )
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    // idle keep-alive connections would hold close() open
    server.closeAllConnections()
  })
}
