/**
 * Issue 2: the Softtr emulator serving `GET /api/orders?pageSize=100` over loopback, against a bare
 * node:http server that sends the same bytes (one real answer, captured first). Same driver, same
 * concurrency, interleaved rounds. Goal: the emulator answers at least 0.9 as many requests (it was half once).
 *
 * The middle row, node:http running `JSON.stringify` on the same page for every request, is the
 * floor for any server that builds its answers, as an emulator must: on a 44 KiB page it is itself
 * far below half the bare server, so the emulator is also reported against it, and
 * `SOFTTR_PAGE_SIZE=1` shows the host's fixed cost per request instead.
 */
import { softtrEmulator } from '../src/apis/softtr/emulator/index.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import { compareServedAnswer, defineBench } from './harness.ts'

/** `SOFTTR_PAGE_SIZE=1 npm run bench -- softtr-orders` shows the host's fixed cost per request */
const PAGE_SIZE = Number(process.env.SOFTTR_PAGE_SIZE ?? 100)
const PATH = `/orders?pageSize=${PAGE_SIZE}`

export default defineBench({
  title: `emulator GET /api${PATH} vs a bare node:http server sending the same bytes`,
  async run(ctx) {
    const serving = await serveEmulators([createEmulator(softtrEmulator)])
    try {
      return await compareServedAnswer(ctx, {
        goal: 0.9,
        url: serving.served[0]!.baseUrl + PATH,
        headers: {
          authorization: `Basic ${Buffer.from('kopru:kopru-softtr').toString('base64')}`,
          accept: 'application/json',
        },
        accept: (status, body) =>
          status === 200 &&
          (body as { data?: { content?: unknown[] } }).data?.content?.length === PAGE_SIZE,
        plan: ctx.plan({ rounds: 7, sampleMs: 2000 }),
        env: { SOFTTR_PAGE_SIZE: process.env.SOFTTR_PAGE_SIZE },
      })
    } finally {
      await serving.close()
    }
  },
})
