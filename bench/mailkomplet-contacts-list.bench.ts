/**
 * "At the limit": the Mail Komplet emulator serving `GET /api/<baseCrypt>/contacts?pageSize=1000`,
 * the first full page of contacts at the largest page size the API takes (`contacts.list`), over
 * 2,000 seeded contacts (the default seed has 400, less than a page), key and baseCrypt checked on
 * every call, over loopback, against a bare node:http server that sends the same bytes (one real
 * answer, captured first). Same driver, same concurrency, interleaved rounds. Goal: at least 0.9
 * of the bare server's requests.
 *
 * The middle row, node:http running `JSON.stringify` on the same page for every request, is the
 * floor for any server that builds its answers per request, as an emulator must.
 * `MAILKOMPLET_CONTACTS=N` seeds another number of contacts (at least 1000 for a full page).
 */
import { mailkompletEmulator } from '../src/apis/mailkomplet/emulator/index.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import { compareServedAnswer, defineBench } from './harness.ts'

const CONTACTS = Number(process.env.MAILKOMPLET_CONTACTS ?? 2000)
const PAGE_SIZE = 1000

export default defineBench({
  title: `emulator GET /api/<baseCrypt>/contacts?pageSize=${PAGE_SIZE} vs a bare node:http server sending the same bytes`,
  async run(ctx) {
    const emulator = createEmulator(mailkompletEmulator, { sizes: { contacts: CONTACTS } })
    const serving = await serveEmulators([emulator])
    try {
      return await compareServedAnswer(ctx, {
        url: `${serving.served[0]!.baseUrl}/contacts?pageSize=${PAGE_SIZE}`,
        headers: {
          accept: 'application/json',
          authorization: `Basic ${emulator.credentials.apiKey!}`,
        },
        accept: (status, body) => {
          const page = body as { totalRecordCount?: number; data?: { email?: unknown }[] }
          return (
            status === 200 &&
            page.totalRecordCount === CONTACTS &&
            page.data?.length === Math.min(PAGE_SIZE, CONTACTS) &&
            page.data.every((c) => typeof c.email === 'string')
          )
        },
        plan: ctx.plan({ rounds: 7, sampleMs: 2000 }),
        goal: 0.9,
        env: { MAILKOMPLET_CONTACTS: process.env.MAILKOMPLET_CONTACTS },
      })
    } finally {
      await serving.close()
    }
  },
})
