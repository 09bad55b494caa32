/**
 * Issue 4: the Narwoo emulator serving `GET /api/order-list?limit=100` (the default three-month
 * window over the default 3,000 seeded orders, token checked on every call) over loopback, against
 * a bare node:http server that sends the same bytes (one real answer, captured first). Same driver,
 * same concurrency, interleaved rounds. Goal: the emulator answers at least 0.9 as many requests (it was half once).
 *
 * The middle row, node:http running `JSON.stringify` on the same page for every request, is the
 * floor for any server that builds its answers per request, as an emulator must.
 */
import { narwooEmulator } from '../src/apis/narwoo/emulator/index.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import { compareServedAnswer, defineBench } from './harness.ts'

/** `NARWOO_LIMIT=1 npm run bench -- narwoo-order-list` shows the host's fixed cost per request */
const LIMIT = Number(process.env.NARWOO_LIMIT ?? 100)

export default defineBench({
  title: `emulator GET /api/order-list?limit=${LIMIT} vs a bare node:http server sending the same bytes`,
  async run(ctx) {
    const emulator = createEmulator(narwooEmulator)
    const serving = await serveEmulators([emulator])
    try {
      const base = serving.served[0]!.baseUrl
      const { userEmail, userPassword } = emulator.credentials
      const login = (await (
        await fetch(
          `${base}/login?${new URLSearchParams({ userEmail: userEmail!, userPassword: userPassword! })}`,
        )
      ).json()) as { o: { token: string } }
      return await compareServedAnswer(ctx, {
        goal: 0.9,
        url: `${base}/order-list?limit=${LIMIT}&token=${login.o.token}`,
        headers: { accept: 'application/json' },
        accept: (status, body) =>
          status === 200 && (body as { order_list?: unknown[] }).order_list?.length === LIMIT,
        plan: ctx.plan({ rounds: 7, sampleMs: 2000 }),
        env: { NARWOO_LIMIT: process.env.NARWOO_LIMIT },
      })
    } finally {
      await serving.close()
    }
  },
})
