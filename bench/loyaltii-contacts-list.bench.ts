/**
 * "At the limit": the Loyaltii emulator serving `GET /api/v1/Contacts`, every contact id of the
 * account (`contacts.list`, the list the consent pipeline reads on every run; Loyaltii pages it
 * not at all), default seed sizes (3,000 contacts), the key checked on every call, over loopback,
 * against a bare node:http server that sends the same bytes (one real answer, captured first).
 * Same driver, same concurrency, interleaved rounds. Goal: at least 0.9 of the bare server's
 * requests.
 *
 * The middle row, node:http running `JSON.stringify` on the same list for every request, is the
 * floor for any server that builds its answers per request, as an emulator must.
 * `LOYALTII_CONTACTS=N` seeds another number of contacts.
 */
import { loyaltiiEmulator } from '../src/apis/loyaltii/emulator/index.ts'
import type { LoyaltiiStore } from '../src/apis/loyaltii/emulator/store.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import { compareServedAnswer, defineBench } from './harness.ts'

const CONTACTS = process.env.LOYALTII_CONTACTS ? Number(process.env.LOYALTII_CONTACTS) : undefined

export default defineBench({
  title:
    'emulator GET /api/v1/Contacts (every contact id) vs a bare node:http server sending the same bytes',
  async run(ctx) {
    const emulator = createEmulator(loyaltiiEmulator, {
      sizes: CONTACTS ? { contacts: CONTACTS } : {},
    })
    const ids = (emulator.state as LoyaltiiStore).contacts.size
    const serving = await serveEmulators([emulator])
    try {
      return await compareServedAnswer(ctx, {
        url: `${serving.served[0]!.baseUrl}/api/v1/Contacts`,
        headers: { accept: 'application/json', 'x-apikey': emulator.credentials.apiKey! },
        accept: (status, body) =>
          status === 200 &&
          Array.isArray(body) &&
          body.length === ids &&
          body.every((id) => Number.isInteger(id)),
        plan: ctx.plan({ rounds: 7, sampleMs: 2000 }),
        goal: 0.9,
        env: { LOYALTII_CONTACTS: process.env.LOYALTII_CONTACTS },
      })
    } finally {
      await serving.close()
    }
  },
})
