/**
 * "At the limit": bulk import (`contacts.import`, `POST /api/<baseCrypt>/contacts/bulk`) of
 * 100,000 new contacts into a mailing list, 10,000 a request (the most the API takes), through the
 * Mail Komplet client, against the Mail Komplet emulator over loopback, and the same requests
 * against a bare node:http server that only parses each JSON body and sends back one real answer
 * (captured from the emulator first), so the client's work is the same on both sides. The
 * emulator writes an import's contacts when `getBulkInfo` is asked: its side is
 * `contacts.importAndWait` polling at once, with the `bulkChunk` switch at 10,000 so one poll
 * finishes an import, and every import must end `SuccessfulyFinished` with every contact stored
 * (the bare side sends no poll: the emulator pays one small extra round trip a request). Every
 * round starts from the seed, so every contact is new. The client runs in a worker thread, the
 * servers in this one. Goal: the emulator takes at most 1.5× the bare server's time per request.
 * A third contender, the bare server keeping each row in a Map (`rowKeeper`), is the floor for any
 * server that stores what it reads; the emulator's ratio to it is printed beside the table.
 *
 * `MAILKOMPLET_IMPORT_TOTAL` (default 100000) and `MAILKOMPLET_IMPORT_CONCURRENCY` (imports in
 * flight, default 2) change the load.
 */
import { mailkompletEmulator } from '../src/apis/mailkomplet/emulator/index.ts'
import type { MailKompletStore } from '../src/apis/mailkomplet/emulator/store.ts'
import type { MailKompletSwitches } from '../src/apis/mailkomplet/emulator/switches.ts'
import { MAX_BULK_CONTACTS } from '../src/apis/mailkomplet/schemas.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import {
  defineBench,
  interleave,
  ratioNote,
  report,
  rowKeeper,
  startBareServer,
  workerCalls,
  type Sample,
} from './harness.ts'
import type { ImportCall, ImportReply } from './mailkomplet-contacts-import.worker.ts'

const KEEPING = 'bare node:http + a Map of the contacts'
const TOTAL = Number(process.env.MAILKOMPLET_IMPORT_TOTAL ?? 100_000)
const CONCURRENCY = Number(process.env.MAILKOMPLET_IMPORT_CONCURRENCY ?? 2)
const BATCH = MAX_BULK_CONTACTS

export default defineBench({
  title: `${TOTAL} new contacts in bulk imports of ${BATCH} through the client: emulator vs bare node:http`,
  async run(ctx) {
    const plan = ctx.plan({ rounds: 5, sampleMs: 0, warmup: 1 }, { rounds: 2, warmup: 1 })
    const emulator = createEmulator(mailkompletEmulator)
    const store = () => emulator.state as MailKompletStore
    const fromSeed = () => {
      emulator.reset()
      emulator.switches = emulator.parseSwitches({ bulkChunk: BATCH }) as MailKompletSwitches
      return store().data.contacts.length
    }
    const seeded = fromSeed()
    const apiKey = emulator.credentials.apiKey!
    const mailingListId = store().data.mailingLists[0]!.mailingListId
    const answer = await captureAnswer(emulator.fetch, emulator.baseUrl(), apiKey)

    const serving = await serveEmulators([emulator])
    const bare = await startBareServer({ body: answer, readJson: true })
    const keeper = rowKeeper(
      (body) => (body as { contacts: Record<string, unknown>[] }).contacts,
      'email',
    )
    const keeping = await startBareServer({ body: answer, readJson: true, keep: keeper.keep })
    const client = workerCalls<ImportCall, ImportReply>('mailkomplet-contacts-import')
    try {
      const importAll = async (baseUrl: string, wait: boolean): Promise<Sample> => {
        const reply = await client.call({
          baseUrl,
          apiKey,
          mailingListId,
          total: TOTAL,
          batch: BATCH,
          concurrency: CONCURRENCY,
          wait,
        })
        return { ops: reply.requests, ms: reply.ms }
      }
      const measured = await interleave(
        [
          {
            name: 'bare node:http (JSON.parse only)',
            run: () => importAll(`${bare.url}/api/bench`, false),
          },
          {
            name: KEEPING,
            run: async () => {
              keeper.kept.clear()
              const sample = await importAll(`${keeping.url}/api/bench`, false)
              if (keeper.kept.size !== TOTAL)
                throw new Error(
                  `mailkomplet-contacts-import: the keeping floor kept ${keeper.kept.size}`,
                )
              return sample
            },
          },
          {
            name: 'mailkomplet emulator',
            run: async () => {
              fromSeed()
              const sample = await importAll(serving.served[0]!.baseUrl, true)
              const stored = store().data.contacts.filter((c) =>
                c.lists.some((l) => l.mailingListId === mailingListId),
              ).length
              if (store().data.contacts.length !== seeded + TOTAL || stored < TOTAL)
                throw new Error(
                  `mailkomplet-contacts-import: ${store().data.contacts.length - seeded} of ${TOTAL} contacts stored`,
                )
              return sample
            },
          },
        ],
        plan,
      )
      return report(ctx, {
        unit: 'µs/call',
        baseline: 'bare node:http (JSON.parse only)',
        measured,
        goals: { 'mailkomplet emulator': { atMost: 1.5 } },
        notes: [ratioNote(measured, 'mailkomplet emulator', KEEPING, 'µs/call')],
        setup:
          `${Math.ceil(TOTAL / BATCH)} imports of ${BATCH} contacts, ${CONCURRENCY} in flight, ` +
          `${plan.rounds} rounds (+${plan.warmup} warm-up); µs per import`,
        env: {
          MAILKOMPLET_IMPORT_TOTAL: process.env.MAILKOMPLET_IMPORT_TOTAL,
          MAILKOMPLET_IMPORT_CONCURRENCY: process.env.MAILKOMPLET_IMPORT_CONCURRENCY,
        },
      })
    } finally {
      await client.close()
      await bare.close()
      await keeping.close()
      await serving.close()
    }
  },
})

/** One real answer to a bulk import, for the bare server to send back. */
async function captureAnswer(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  apiKey: string,
): Promise<Uint8Array> {
  const response = await fetch(`${baseUrl}/contacts/bulk`, {
    method: 'POST',
    headers: { authorization: `Basic ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      preImportAction: 0,
      contactOverwriteMode: 1,
      contacts: [{ email: 'bench.capture@example.cz' }],
    }),
  })
  const body = new Uint8Array(await response.arrayBuffer())
  const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as {
    data?: { operationId?: unknown }
  }
  if (response.status !== 200 || typeof parsed.data?.operationId !== 'string')
    throw new Error(`mailkomplet-contacts-import: emulator answered ${response.status}`)
  return body
}
