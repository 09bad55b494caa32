/**
 * `kopru serve`'s dashboard over the five emulators at small sizes, in process (every pipeline of
 * kopru.yaml enabled, clients on the emulators' in-process fetch), optionally on a socket for a
 * browser. What `kopru serve --emulate` puts together, without the CLI.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import type { StateStore } from '../../src/model/state.ts'
import { buildPipelines, type Clients } from '../../src/sync/recipes.ts'
import { kopruServer, type KopruServer } from '../../src/sync/serve.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import type { Space } from '../../src/web/data.ts'
import { mountDashboard } from '../../src/web/dashboard.ts'
import { spaceOver } from '../../src/web/spaces.ts'
import { createWorld, inProcessClients, worldConfig, worldUrls, type World } from './sync-world.ts'

export interface Dashboard {
  world: World
  store: StateStore
  space: Space
  server: KopruServer
  /** answers in process */
  fetch(path: string, init?: RequestInit): Promise<Response>
  /** a JSON POST */
  post(path: string, body: unknown): Promise<Response>
  /** listens on 127.0.0.1; answers the origin */
  listen(): Promise<string>
  close(): Promise<void>
}

export async function startDashboard(
  options: { token?: string; store?: StateStore; now?: Date } = {},
): Promise<Dashboard> {
  const world = createWorld({
    now: options.now ?? new Date(Math.floor(Date.now() / 60_000) * 60_000),
  })
  const config = worldConfig(worldUrls(world))
  const store = options.store ?? new SqliteStateStore(':memory:')
  let clients: Clients = {}
  const space = await spaceOver(store, async (hooks) =>
    buildPipelines(config, (clients = await inProcessClients(world, { hooks }))),
  )
  const server = kopruServer({
    config,
    clients,
    store,
    ...(options.token ? { token: options.token } : {}),
    extend: (app, self) =>
      mountDashboard(app, {
        spaces: [space],
        emulators: world.all.map((emulator) => ({ emulator, baseUrl: emulator.baseUrl() })),
        server: self,
      }),
  })
  let http: Server | undefined
  const fetch = (path: string, init?: RequestInit) =>
    server.fetch(new Request(new URL(path, 'http://127.0.0.1'), init))
  return {
    world,
    store,
    space,
    server,
    fetch,
    post: (path, body) =>
      fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    async listen() {
      http = createServer(getRequestListener(server.fetch))
      await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve))
      return `http://127.0.0.1:${(http.address() as AddressInfo).port}`
    },
    async close() {
      await space.launches.close()
      if (http) {
        http.closeAllConnections()
        await new Promise((resolve) => http!.close(resolve))
      }
      await server.close()
      await store.close()
    },
  }
}
