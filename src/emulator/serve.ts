/** Serving emulators over HTTP, each API on its own port, and stopping them cleanly. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Emulator } from './host.ts'
import { emulatorServer, type NodeServable } from './node.ts'

/** What serving needs of an emulator: any state type will do. */
export type Servable = NodeServable & Pick<Emulator, 'name' | 'baseUrl' | 'save'>

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

/**
 * Listens on `ports[i]` when given, else on `port`, `port + 1`, … in the order given; port 0 picks
 * free ports. Resolves once every server is listening.
 */
export async function serveEmulators<E extends Servable>(
  emulators: readonly E[],
  {
    port = 0,
    ports,
    hostname = '127.0.0.1',
  }: { port?: number; ports?: readonly number[]; hostname?: string } = {},
): Promise<Serving<E>> {
  const servers: Server[] = []
  const served: Served<E>[] = []
  try {
    for (const [index, emulator] of emulators.entries()) {
      const server = await listen(
        emulator,
        ports?.[index] ?? (port === 0 ? 0 : port + index),
        hostname,
      )
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

function listen(emulator: Servable, port: number, hostname: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = emulatorServer(emulator, hostname)
    server.listen(port, hostname, () => resolve(server))
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is already in use (${emulator.name})`)
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
