/**
 * The client side of `setrow-upsert.bench.ts`, in its own thread: upserts the contacts through the
 * Setrow client's `email.addAll` (1000 per request) and times it, so the server under test keeps the
 * main thread's event loop and core to itself.
 */
import { parentPort } from 'node:worker_threads'
import { createSetrowClient, type SetrowClient } from '../src/apis/setrow/client.ts'

export interface UpsertCall {
  id: number
  baseUrl: string
  apiKey: string
  groupId: number
  total: number
  concurrency: number
}

export type UpsertReply =
  { id: number; ok: true; ms: number; added: number } | { id: number; ok: false; error: string }

const port = parentPort
if (!port) throw new Error('bench/setrow-upsert.worker.ts runs inside a worker thread')
const clients = new Map<string, SetrowClient>()
let items: { email: string; groupId: number }[] = []

port.on('message', (call: UpsertCall) => {
  upsert(call)
    .then((reply) => port.postMessage(reply))
    .catch((error: unknown) => port.postMessage({ id: call.id, ok: false, error: String(error) }))
})

async function upsert(call: UpsertCall): Promise<UpsertReply> {
  if (items.length !== call.total || items[0]?.groupId !== call.groupId)
    items = Array.from({ length: call.total }, (_, i) => ({
      email: `bench.${i}@example.com`,
      groupId: call.groupId,
    }))
  let client = clients.get(call.baseUrl)
  if (!client) {
    client = createSetrowClient({ baseUrl: call.baseUrl, apiKey: call.apiKey, retry: false })
    clients.set(call.baseUrl, client)
  }
  const started = performance.now()
  const results = await client.email.addAll(items, { concurrency: call.concurrency })
  const ms = performance.now() - started
  const failed = results.find((r) => !r.ok)
  if (failed && !failed.ok) return { id: call.id, ok: false, error: failed.error.message }
  return { id: call.id, ok: true, ms, added: results.length }
}
