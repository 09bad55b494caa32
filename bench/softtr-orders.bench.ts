/**
 * Issue 2: the Softtr emulator serving `GET /api/orders?pageSize=100` over loopback, against a bare
 * node:http server that sends the same bytes (one real answer, captured first). Same driver, same
 * concurrency, interleaved rounds. Goal: the emulator answers at least half as many requests.
 *
 * The middle row, node:http running `JSON.stringify` on the same page for every request, is the
 * floor for any server that builds its answers, as an emulator must: on a 44 KiB page it is itself
 * far below half the bare server, so the emulator is also reported against it, and
 * `SOFTTR_PAGE_SIZE=1` shows the host's fixed cost per request instead.
 */
import { softtrEmulator } from '../src/apis/softtr/emulator/index.ts'
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
/** `SOFTTR_PAGE_SIZE=1 npm run bench -- softtr-orders` shows the host's fixed cost per request */
const PAGE_SIZE = Number(process.env.SOFTTR_PAGE_SIZE ?? 100)
const PATH = `/orders?pageSize=${PAGE_SIZE}`
const headers = {
  authorization: `Basic ${Buffer.from('kopru:kopru-softtr').toString('base64')}`,
  accept: 'application/json',
}

export default defineBench({
  title: `emulator GET /api${PATH} vs a bare node:http server sending the same bytes`,
  async run(ctx) {
    const plan = ctx.plan({ rounds: 7, sampleMs: 2000 })
    const serving = await serveEmulators([createEmulator(softtrEmulator)])
    const helper = spawnHelper()
    try {
      const emulatorUrl = serving.served[0]!.baseUrl + PATH
      const answer = await fetch(emulatorUrl, { headers })
      const body = new Uint8Array(await answer.arrayBuffer())
      const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as {
        data?: { content?: unknown[] }
      }
      if (answer.status !== 200 || parsed.data?.content?.length !== PAGE_SIZE)
        throw new Error(`softtr-orders: unexpected emulator answer ${answer.status}`)
      const contentType = { 'content-type': answer.headers.get('content-type')! }
      const bare = await startBareServer({ body, headers: contentType })
      // the floor for any server that serialises its answer per request, as an emulator must
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
                expectOk('bare', await helper.drive(load(bare.url + '/api' + PATH)), check),
            },
            {
              name: 'node:http + JSON.stringify',
              run: async () =>
                expectOk(
                  'stringify',
                  await helper.drive(load(stringify.url + '/api' + PATH)),
                  check,
                ),
            },
            {
              name: 'kopru emulator',
              run: async () => expectOk('emulator', await helper.drive(load(emulatorUrl)), check),
            },
          ],
          plan,
        )
        const [, floor, emulator] = measured as [unknown, Measured, Measured]
        return report(ctx, {
          unit: 'req/s',
          baseline: 'bare node:http',
          measured,
          goals: { 'kopru emulator': { atLeast: 0.5 } },
          setup:
            `${(body.byteLength / 1024).toFixed(1)} KiB answer, ${CONCURRENCY} keep-alive connections, ` +
            `${plan.rounds} rounds × ${plan.sampleMs} ms each (+${plan.warmup} warm-up)`,
          env: { SOFTTR_PAGE_SIZE: process.env.SOFTTR_PAGE_SIZE },
          notes: [
            `kopru emulator vs node:http + JSON.stringify: ${pairedRatio(emulator, floor, 'req/s').toFixed(2)}`,
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
