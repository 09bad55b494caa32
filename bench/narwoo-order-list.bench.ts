/**
 * Issue 4: the Narwoo emulator serving `GET /api/order-list?limit=100` (the default three-month
 * window over the default 3,000 seeded orders, token checked on every call) over loopback, against
 * a bare node:http server that sends the same bytes (one real answer, captured first). Same driver,
 * same concurrency, interleaved rounds. Goal: the emulator answers at least half as many requests.
 *
 * The middle row, node:http running `JSON.stringify` on the same page for every request, is the
 * floor for any server that builds its answers per request, as an emulator must.
 */
import { narwooEmulator } from '../src/apis/narwoo/emulator/index.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import {
  defineBench,
  expectOk,
  interleave,
  loadNotes,
  pairedRatio,
  report,
  spawnHelper,
  startBareServer,
  type LoadOptions,
  type Measured,
} from './harness.ts'

const CONCURRENCY = 16
/** `NARWOO_LIMIT=1 npm run bench -- narwoo-order-list` shows the host's fixed cost per request */
const LIMIT = Number(process.env.NARWOO_LIMIT ?? 100)
const headers = { accept: 'application/json' }

export default defineBench({
  title: `emulator GET /api/order-list?limit=${LIMIT} vs a bare node:http server sending the same bytes`,
  async run(ctx) {
    const plan = ctx.plan({ rounds: 7, sampleMs: 2000 })
    const emulator = createEmulator(narwooEmulator)
    const serving = await serveEmulators([emulator])
    const helper = spawnHelper()
    try {
      const base = serving.served[0]!.baseUrl
      const { userEmail, userPassword } = emulator.credentials
      const login = (await (
        await fetch(
          `${base}/login?${new URLSearchParams({ userEmail: userEmail!, userPassword: userPassword! })}`,
        )
      ).json()) as { o: { token: string } }
      const path = `/order-list?limit=${LIMIT}&token=${login.o.token}`
      const answer = await fetch(base + path, { headers })
      const body = new Uint8Array(await answer.arrayBuffer())
      const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { order_list?: unknown[] }
      if (answer.status !== 200 || parsed.order_list?.length !== LIMIT)
        throw new Error(`narwoo-order-list: unexpected emulator answer ${answer.status}`)
      const contentType = { 'content-type': answer.headers.get('content-type')! }
      const bare = await startBareServer({ body, headers: contentType })
      const stringify = await startBareServer({
        body: () => JSON.stringify(parsed),
        headers: contentType,
      })
      const load = (url: string): LoadOptions => ({
        url,
        headers,
        concurrency: CONCURRENCY,
        durationMs: plan.sampleMs,
      })
      const check = { bodyBytes: body.byteLength }
      try {
        const measured = await interleave(
          [
            {
              name: 'bare node:http',
              run: async () =>
                expectOk('bare', await helper.drive(load(`${bare.url}/api${path}`)), check),
            },
            {
              name: 'node:http + JSON.stringify',
              run: async () =>
                expectOk(
                  'stringify',
                  await helper.drive(load(`${stringify.url}/api${path}`)),
                  check,
                ),
            },
            {
              name: 'kopru emulator',
              run: async () => expectOk('emulator', await helper.drive(load(base + path)), check),
            },
          ],
          plan,
        )
        const [, floor, kopru] = measured as [unknown, Measured, Measured]
        return report(ctx, {
          unit: 'req/s',
          baseline: 'bare node:http',
          measured,
          goals: { 'kopru emulator': { atLeast: 0.5 } },
          setup:
            `${(body.byteLength / 1024).toFixed(1)} KiB answer, ${CONCURRENCY} keep-alive connections, ` +
            `${plan.rounds} rounds × ${plan.sampleMs} ms each (+${plan.warmup} warm-up)`,
          env: { NARWOO_LIMIT: process.env.NARWOO_LIMIT },
          notes: [
            `kopru emulator vs node:http + JSON.stringify: ${pairedRatio(kopru, floor, 'req/s').toFixed(2)}`,
            ...loadNotes(measured),
          ],
        })
      } finally {
        await Promise.all([bare.close(), stringify.close()])
      }
    } finally {
      await helper.close()
      await serving.close()
    }
  },
})
