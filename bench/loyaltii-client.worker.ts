/**
 * The server side of `loyaltii-client.bench.ts`, in its own thread: a bare node:http server that
 * answers `GET …/Points?lastId=N` with the page the Loyaltii emulator answered for that `lastId`
 * (captured first), so that the clients in the main thread pay for nothing but their own work.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parentPort } from 'node:worker_threads'

export type PagesCall =
  | { id: number; kind: 'serve'; pages: [lastId: number, body: Uint8Array][] }
  | { id: number; kind: 'close' }
export type PagesReply =
  { id: number; ok: true; url?: string } | { id: number; ok: false; error: string }

const port = parentPort
if (!port) throw new Error('bench/loyaltii-client.worker.ts runs inside a worker thread')
let server: Server | undefined

port.on('message', (call: PagesCall) => {
  answer(call)
    .then((url) => port.postMessage({ id: call.id, ok: true, url } satisfies PagesReply))
    .catch((error: unknown) => port.postMessage({ id: call.id, ok: false, error: String(error) }))
})

async function answer(call: PagesCall): Promise<string | undefined> {
  if (call.kind === 'close') {
    server?.closeAllConnections()
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    return undefined
  }
  const pages = new Map(call.pages.map(([lastId, body]) => [String(lastId), Buffer.from(body)]))
  server = createServer((req, res) => {
    req.resume()
    const body = pages.get(new URL(req.url!, 'http://x').searchParams.get('lastId') ?? '')
    if (!body) return void res.writeHead(404).end()
    res
      .writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.byteLength,
      })
      .end(body)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
