/**
 * "At the limit": batch PATCH (`contacts.patchMany`, `PATCH /api/v1/Contacts` by `Email`, what the
 * consent pipeline writes) of every contact with an e-mail address in a 20,000-contact account,
 * 1000 keys a request, through the Loyaltii client, against the Loyaltii emulator over loopback,
 * and the same requests against a bare node:http server that only parses each JSON body and sends
 * back one real 1000-key answer (captured from the emulator first), so the client's work is the
 * same on both sides. Every sample sets new values (`LatestPermissionSource` and
 * `LimitMailsPermanently`), so each contact is written again; every answer must name every key
 * as updated, and the emulator's contacts must hold the values afterwards. The client runs in a
 * worker thread, the servers in this one. Goal: the emulator takes at most 1.5× the bare server's
 * time per request. A third contender, the bare server holding a copy of every contact in a Map by
 * address and writing each request's fields into the contacts its keys find (`rowPatcher`), is the
 * floor for any server that updates what it stores; the emulator's ratio to it is printed beside
 * the table.
 *
 * Loyaltii documents no limit on the keys of one batch PATCH: 1000 is its limit elsewhere (pages,
 * bulk table inserts); the consent sink sends 100 (`LOYALTII_PATCH_BATCH=100`).
 * `LOYALTII_PATCH_CONTACTS` (default 20000, the seed's contacts) and `LOYALTII_PATCH_CONCURRENCY`
 * (requests in flight, default 2) change the load.
 */
import { loyaltiiEmulator } from '../src/apis/loyaltii/emulator/index.ts'
import type { LoyaltiiStore } from '../src/apis/loyaltii/emulator/store.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import {
  defineBench,
  interleave,
  ratioNote,
  report,
  rowPatcher,
  startBareServer,
  workerCalls,
  type Sample,
} from './harness.ts'
import type { PatchCall, PatchReply } from './loyaltii-contacts-patch.worker.ts'

const PATCHING = 'bare node:http + a Map of the contacts, patched'
const CONTACTS = Number(process.env.LOYALTII_PATCH_CONTACTS ?? 20_000)
const BATCH = Number(process.env.LOYALTII_PATCH_BATCH ?? 1000)
const CONCURRENCY = Number(process.env.LOYALTII_PATCH_CONCURRENCY ?? 2)

export default defineBench({
  title: `batch PATCH of contacts by e-mail, ${BATCH} a request, through the client: emulator vs bare node:http`,
  async run(ctx) {
    // a round is one pass over the account, about 25 ms a side: 15 of them, so that a
    // collector's pause in one round does not set the median
    const plan = ctx.plan({ rounds: 15, sampleMs: 0, warmup: 1 }, { rounds: 3, warmup: 1 })
    const emulator = createEmulator(loyaltiiEmulator, { sizes: { contacts: CONTACTS } })
    const store = () => emulator.state as LoyaltiiStore
    const apiKey = emulator.credentials.apiKey!
    // every address, as many as fill whole requests: each answer has BATCH keys, as the captured one
    const all = [...store().contacts.values()].flatMap((c) => (c.Email ? [c.Email] : []))
    const emails = all.slice(0, all.length - (all.length % BATCH))
    const answer = await captureAnswer(emulator.fetch, emulator.baseUrl(), apiKey, emails)

    const serving = await serveEmulators([emulator])
    const bare = await startBareServer({ body: answer, readJson: true })
    const patcher = rowPatcher(
      [...store().contacts.values()].filter((c) => c.Email) as unknown as Record<string, unknown>[],
      'Email',
      (body) => {
        const { Keys, Fields } = body as { Keys: string[]; Fields: Record<string, unknown> }
        return { keys: Keys, fields: Fields }
      },
    )
    const patching = await startBareServer({ body: answer, readJson: true, keep: patcher.keep })
    const client = workerCalls<PatchCall, PatchReply>('loyaltii-contacts-patch')
    let sample = 0
    let sent = false
    try {
      const patch = async (baseUrl: string, exact: boolean) => {
        const fields = {
          LimitMailsPermanently: ++sample % 2 === 1,
          LatestPermissionSource: `kopru bench ${sample}`,
        }
        const reply = await client.call({
          baseUrl,
          apiKey,
          ...(sent ? {} : { emails }),
          batch: BATCH,
          concurrency: CONCURRENCY,
          fields,
          exact,
        })
        sent = true
        return { sample: { ops: reply.requests, ms: reply.ms } satisfies Sample, fields }
      }
      const measured = await interleave(
        [
          {
            name: 'bare node:http (JSON.parse only)',
            run: async () => (await patch(bare.url, false)).sample,
          },
          {
            name: PATCHING,
            run: async () => {
              const { sample, fields } = await patch(patching.url, false)
              const written = emails.filter((email) => {
                const c = patcher.kept.get(email.trim().toLowerCase())
                return c?.LatestPermissionSource === fields.LatestPermissionSource
              }).length
              if (written !== emails.length)
                throw new Error(
                  `loyaltii-contacts-patch: the floor wrote ${written} of ${emails.length}`,
                )
              return sample
            },
          },
          {
            name: 'loyaltii emulator',
            run: async () => {
              const { sample, fields } = await patch(serving.served[0]!.baseUrl, true)
              const written = emails.filter((email) => {
                const c = store().contactByEmail(email)
                return (
                  c?.LatestPermissionSource === fields.LatestPermissionSource &&
                  c.LimitMailsPermanently === fields.LimitMailsPermanently
                )
              }).length
              if (written !== emails.length)
                throw new Error(`loyaltii-contacts-patch: ${written} of ${emails.length} written`)
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
        goals: { 'loyaltii emulator': { atMost: 1.5 } },
        notes: [ratioNote(measured, 'loyaltii emulator', PATCHING, 'µs/call')],
        setup:
          `${emails.length / BATCH} requests of ${BATCH} contacts (${(answer.byteLength / 1024).toFixed(0)} KiB answers), ` +
          `${CONCURRENCY} in flight, ${plan.rounds} rounds (+${plan.warmup} warm-up); µs per request`,
        env: {
          LOYALTII_PATCH_CONTACTS: process.env.LOYALTII_PATCH_CONTACTS,
          LOYALTII_PATCH_BATCH: process.env.LOYALTII_PATCH_BATCH,
          LOYALTII_PATCH_CONCURRENCY: process.env.LOYALTII_PATCH_CONCURRENCY,
        },
      })
    } finally {
      await client.close()
      await Promise.all([bare.close(), patching.close()])
      await serving.close()
    }
  },
})

/** One real answer to a BATCH-key patch, for the bare server to send back. */
async function captureAnswer(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  apiKey: string,
  emails: string[],
): Promise<Uint8Array> {
  const Keys = emails.slice(0, BATCH)
  const response = await fetch(`${baseUrl}/api/v1/Contacts`, {
    method: 'PATCH',
    headers: { 'x-apikey': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ KeyType: 'Email', Keys, Fields: { LatestPermissionSource: 'kopru' } }),
  })
  const body = new Uint8Array(await response.arrayBuffer())
  const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { Updated?: unknown[] }
  if (response.status !== 200 || parsed.Updated?.length !== BATCH)
    throw new Error(`loyaltii-contacts-patch: emulator answered ${response.status}`)
  return body
}
