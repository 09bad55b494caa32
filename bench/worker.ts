/**
 * The other thread of a benchmark: a load driver or a bare server, so that the code under test keeps
 * the main thread's event loop (and, on a 2-core machine, its core) to itself. Started by
 * `spawnHelper()` in `harness.ts`, which speaks to it through the small RPC below.
 */
import { parentPort } from 'node:worker_threads'
import { startBareServer, type BareServer } from './bare.ts'
import { closeConnections, driveLoad } from './load.ts'

export type HelperCall =
  | { id: number; kind: 'drive'; args: Parameters<typeof driveLoad>[0] }
  | { id: number; kind: 'serve'; args: Parameters<typeof startBareServer>[0] }
  | { id: number; kind: 'close' }

export type HelperReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string }

const port = parentPort
if (!port) throw new Error('bench/worker.ts runs inside a worker thread')
const servers: BareServer[] = []

port.on('message', (call: HelperCall) => {
  answer(call)
    .then((value) => port.postMessage({ id: call.id, ok: true, value } satisfies HelperReply))
    .catch((error: unknown) =>
      port.postMessage({ id: call.id, ok: false, error: String(error) } satisfies HelperReply),
    )
})

async function answer(call: HelperCall): Promise<unknown> {
  switch (call.kind) {
    case 'drive':
      return driveLoad(call.args)
    case 'serve': {
      const server = await startBareServer(call.args)
      servers.push(server)
      return { url: server.url, port: server.port }
    }
    case 'close':
      closeConnections()
      await Promise.all(servers.splice(0).map((server) => server.close()))
      return undefined
  }
}
