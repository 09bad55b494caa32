/**
 * Issue 12: the Loyaltii emulator serving `GET /api/v1/Points?lastId=0&type=Bonuspoint`, a page of
 * 1000 points of the ledger (default seed sizes, the key checked on every call), over loopback,
 * against a bare node:http server that sends the same bytes (one real answer, captured first).
 * Same driver, same concurrency, interleaved rounds. Goal: at least half as many requests.
 */
import { loyaltiiEmulator } from '../src/apis/loyaltii/emulator/index.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import { compareServedAnswer, defineBench } from './harness.ts'

export default defineBench({
  title:
    'emulator GET /api/v1/Points?lastId=0&type=Bonuspoint (1000 points) vs a bare node:http server sending the same bytes',
  async run(ctx) {
    const emulator = createEmulator(loyaltiiEmulator)
    const serving = await serveEmulators([emulator])
    try {
      return await compareServedAnswer(ctx, {
        url: `${serving.served[0]!.baseUrl}/api/v1/Points?lastId=0&type=Bonuspoint`,
        headers: { accept: 'application/json', 'x-apikey': emulator.credentials.apiKey! },
        accept: (status, body) => status === 200 && Array.isArray(body) && body.length === 1000,
        plan: ctx.plan({ rounds: 7, sampleMs: 2000 }),
      })
    } finally {
      await serving.close()
    }
  },
})
