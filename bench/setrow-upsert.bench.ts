/**
 * Issue 3: upsert 100,000 e-mail contacts through the Setrow client, 1000 per request, against the
 * Setrow emulator over loopback, and the same requests against a bare node:http server that only
 * parses each JSON body and sends back one real 1000-item answer (captured from the emulator first),
 * so the client's work is the same on both sides. The client runs in a worker thread; the servers
 * in this one. Goal: the emulator takes at most 1.5× the bare server’s time (it was 2× once).
 * A third contender, the bare server keeping each contact in a Map (`rowKeeper`), is the floor for
 * any server that stores what it reads; the emulator's ratio to it is printed beside the table.
 *
 * `SETROW_UPSERT_TOTAL` (default 100000) and `SETROW_UPSERT_CONCURRENCY` (requests in flight,
 * default 2, the client's own default) change the load.
 */
import { setrowEmulator } from '../src/apis/setrow/emulator/index.ts'
import type { SetrowStore } from '../src/apis/setrow/emulator/store.ts'
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
import type { UpsertCall, UpsertReply } from './setrow-upsert.worker.ts'

const KEEPING = 'bare node:http + a Map of the contacts'
const TOTAL = Number(process.env.SETROW_UPSERT_TOTAL ?? 100_000)
const CONCURRENCY = Number(process.env.SETROW_UPSERT_CONCURRENCY ?? 2)
const BATCH = 1000
const SIZES = {
  emails: 100,
  numbers: 50,
  whatsapp: 20,
  products: 10,
  orders: 20,
  reports: 20,
  iysLogs: 20,
}

export default defineBench({
  title: `${TOTAL} e-mail upserts in batches of ${BATCH} through the client: emulator vs bare node:http`,
  async run(ctx) {
    const plan = ctx.plan({ rounds: 5, sampleMs: 0, warmup: 1 }, { rounds: 2, warmup: 1 })
    const emulator = createEmulator(setrowEmulator, { sizes: SIZES })
    const apiKey = emulator.credentials.apiKey!
    const groupOf = () =>
      [...(emulator.state as SetrowStore).groups.values()].find((g) => g.channel === 'email')!.id
    const groupId = groupOf()
    const answer = await captureAnswer(emulator.fetch, emulator.baseUrl(), apiKey, groupId)
    emulator.reset()

    const serving = await serveEmulators([emulator])
    const bare = await startBareServer({ body: answer, readJson: true })
    const keeper = rowKeeper((body) => body as Record<string, unknown>[], 'email')
    const keeping = await startBareServer({ body: answer, readJson: true, keep: keeper.keep })
    const client = workerCalls<UpsertCall, UpsertReply>('setrow-upsert')
    try {
      const upsert = async (baseUrl: string): Promise<Sample> => {
        const { ms } = await client.call({
          baseUrl,
          apiKey,
          groupId,
          total: TOTAL,
          concurrency: CONCURRENCY,
        })
        return { ops: TOTAL / BATCH, ms }
      }
      const measured = await interleave(
        [
          { name: 'bare node:http (JSON.parse only)', run: () => upsert(bare.url) },
          {
            name: KEEPING,
            run: async () => {
              keeper.kept.clear()
              const sample = await upsert(keeping.url)
              if (keeper.kept.size !== TOTAL)
                throw new Error(`setrow-upsert: the keeping floor kept ${keeper.kept.size}`)
              return sample
            },
          },
          {
            name: 'setrow emulator',
            run: async () => {
              // every round adds the same 100,000 new contacts to a small account
              emulator.reset()
              const sample = await upsert(serving.served[0]!.baseUrl)
              const stored = (emulator.state as SetrowStore).contacts.email.size
              if (stored < TOTAL) throw new Error(`setrow-upsert: only ${stored} contacts stored`)
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
        goals: { 'setrow emulator': { atMost: 1.5 } },
        notes: [ratioNote(measured, 'setrow emulator', KEEPING, 'µs/call')],
        setup:
          `${TOTAL / BATCH} requests of ${BATCH} contacts (${(answer.byteLength / 1024).toFixed(0)} KiB answers), ` +
          `${CONCURRENCY} in flight, ${plan.rounds} rounds (+${plan.warmup} warm-up); µs per request`,
        env: {
          SETROW_UPSERT_TOTAL: process.env.SETROW_UPSERT_TOTAL,
          SETROW_UPSERT_CONCURRENCY: process.env.SETROW_UPSERT_CONCURRENCY,
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

/** One real answer to a 1000-contact upsert, for the bare server to send back. */
async function captureAnswer(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  apiKey: string,
  groupId: number,
): Promise<Uint8Array> {
  const body = Array.from({ length: BATCH }, (_, i) => ({
    email: `bench.${i}@example.com`,
    groupId,
  }))
  const response = await fetch(`${baseUrl}/email/add`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (response.status !== 200)
    throw new Error(`setrow-upsert: emulator answered ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}
