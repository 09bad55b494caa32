/**
 * The client side of `loyaltii-contacts-patch.bench.ts`, in its own thread: batch PATCHes of
 * contacts by e-mail address through the Loyaltii client's `contacts.patchMany`, `batch` keys a
 * request, `concurrency` requests in flight, and times them, so the server under test keeps the
 * main thread's event loop and core to itself. Every answer must name every key as updated.
 */
import { parentPort } from 'node:worker_threads'
import { createLoyaltiiClient, type LoyaltiiClient } from '../src/apis/loyaltii/client.ts'

export interface PatchCall {
  id: number
  baseUrl: string
  apiKey: string
  /** the addresses patched, `batch` a request, in order; sent once, then kept */
  emails?: string[]
  batch: number
  concurrency: number
  /** the fields every contact gets this sample: changed from the last sample's */
  fields: { LimitMailsPermanently: boolean; LatestPermissionSource: string }
  /** whether `Updated` must be the keys sent, in order (a bare server answers a captured list) */
  exact: boolean
}

export type PatchReply =
  { id: number; ok: true; ms: number; requests: number } | { id: number; ok: false; error: string }

const port = parentPort
if (!port) throw new Error('bench/loyaltii-contacts-patch.worker.ts runs inside a worker thread')
const clients = new Map<string, LoyaltiiClient>()
let emails: string[] = []

port.on('message', (call: PatchCall) => {
  patch(call)
    .then((reply) => port.postMessage(reply))
    .catch((error: unknown) => port.postMessage({ id: call.id, ok: false, error: String(error) }))
})

async function patch(call: PatchCall): Promise<PatchReply> {
  if (call.emails) emails = call.emails
  let client = clients.get(call.baseUrl)
  if (!client) {
    client = createLoyaltiiClient({ baseUrl: call.baseUrl, apiKey: call.apiKey, retry: false })
    clients.set(call.baseUrl, client)
  }
  const batches: string[][] = []
  for (let i = 0; i < emails.length; i += call.batch) batches.push(emails.slice(i, i + call.batch))
  let next = 0
  const lane = async () => {
    while (next < batches.length) {
      const keys = batches[next++]!
      const answer = await client.contacts.patchMany({
        KeyType: 'Email',
        Keys: keys,
        Fields: call.fields,
      })
      const taken =
        answer.NotFound.length === 0 &&
        answer.Updated.length === keys.length &&
        (!call.exact || answer.Updated.every((key, i) => key === keys[i]))
      if (!taken)
        throw new Error(
          `${keys.length} keys sent, ${answer.Updated.length} updated, ${answer.NotFound.length} not found`,
        )
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: call.concurrency }, lane))
  return { id: call.id, ok: true, ms: performance.now() - started, requests: batches.length }
}
