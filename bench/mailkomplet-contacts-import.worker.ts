/**
 * The client side of `mailkomplet-contacts-import.bench.ts`, in its own thread: bulk imports of
 * new contacts through the Mail Komplet client, `batch` a request, `concurrency` imports in flight,
 * and times them, so the server under test keeps the main thread's event loop and core to itself.
 * With `wait` each import is `contacts.importAndWait` (polling `getBulkInfo` at once until it has
 * finished, which is when the emulator writes the contacts) and must end `SuccessfulyFinished`;
 * without, `contacts.import` alone, which must answer an operation id.
 */
import { parentPort } from 'node:worker_threads'
import { createMailKompletClient, type MailKompletClient } from '../src/apis/mailkomplet/client.ts'

export interface ImportCall {
  id: number
  baseUrl: string
  apiKey: string
  mailingListId: number
  total: number
  batch: number
  concurrency: number
  wait: boolean
}

export type ImportReply =
  { id: number; ok: true; ms: number; requests: number } | { id: number; ok: false; error: string }

type Contact = { email: string; name: string; surname: string; mobilePhone: string }

const port = parentPort
if (!port)
  throw new Error('bench/mailkomplet-contacts-import.worker.ts runs inside a worker thread')
const clients = new Map<string, MailKompletClient>()
let contacts: Contact[] = []

port.on('message', (call: ImportCall) => {
  importAll(call)
    .then((reply) => port.postMessage(reply))
    .catch((error: unknown) => port.postMessage({ id: call.id, ok: false, error: String(error) }))
})

async function importAll(call: ImportCall): Promise<ImportReply> {
  if (contacts.length !== call.total)
    contacts = Array.from({ length: call.total }, (_, i) => ({
      email: `bench.${i}@example.cz`,
      name: 'Jana',
      surname: `Nováková ${i}`,
      mobilePhone: `+420${String(600_000_000 + i)}`,
    }))
  let client = clients.get(call.baseUrl)
  if (!client) {
    client = createMailKompletClient({ baseUrl: call.baseUrl, apiKey: call.apiKey, retry: false })
    clients.set(call.baseUrl, client)
  }
  const batches: Contact[][] = []
  for (let i = 0; i < contacts.length; i += call.batch)
    batches.push(contacts.slice(i, i + call.batch))
  let next = 0
  const lane = async () => {
    while (next < batches.length) {
      const input = {
        preImportAction: 0 as const,
        contactOverwriteMode: 1 as const,
        mailingListIds: [call.mailingListId],
        contacts: batches[next++]!,
      }
      if (!call.wait) {
        const { operationId } = await client.contacts.import(input)
        if (!operationId) throw new Error('no operationId answered')
        continue
      }
      const info = await client.contacts.importAndWait(input, { pollMs: 0 })
      if (info.status !== 'SuccessfulyFinished')
        throw new Error(`import ${info.status}: ${info.errors?.slice(0, 200) ?? ''}`)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: call.concurrency }, lane))
  return { id: call.id, ok: true, ms: performance.now() - started, requests: batches.length }
}
