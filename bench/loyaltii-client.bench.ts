/**
 * Issue 12: the Loyaltii client paging through 100,000 points (`points.iterate`, `lastId` pages of
 * 1000) against raw requests of the same pages through undici's pool, which the client sends
 * through (each answer read, `JSON.parse`d, its last `Id` taken as the next `lastId`), one after
 * the other as keyset paging goes. The pages are the emulator's own, captured first and served
 * from a second thread by a bare node:http server, so the server's cost is the same for everyone
 * and off this thread. Goal: the client (default `validate: 'warn'`) takes at most 1.2× the raw
 * requests' time. Raw `fetch` is measured after the paired rounds, on its own (`measuredApart`).
 *
 * `LOYALTII_POINTS` (default 100000) sets the ledger's length.
 */
import { request } from 'undici'
import { createLoyaltiiClient } from '../src/apis/loyaltii/client.ts'
import { loyaltiiEmulator } from '../src/apis/loyaltii/emulator/index.ts'
import { createEmulator } from '../src/emulator/host.ts'
import {
  defineBench,
  interleave,
  measuredApart,
  report,
  workerCalls,
  type Sample,
} from './harness.ts'
import type { PagesCall, PagesReply } from './loyaltii-client.worker.ts'

const POINTS = Number(process.env.LOYALTII_POINTS ?? 100_000)
const PAGE = 1000
const BASELINE = 'raw undici request + JSON.parse'

export default defineBench({
  title: `client points.iterate over ${POINTS} points vs raw requests of the same pages`,
  async run(ctx) {
    const plan = ctx.plan({ rounds: 7, sampleMs: 0, warmup: 1 }, { rounds: 2, warmup: 1 })
    const emulator = createEmulator(loyaltiiEmulator, { sizes: { points: POINTS } })
    const apiKey = emulator.credentials.apiKey!
    const pages = await capture(emulator.fetch, emulator.baseUrl(), apiKey)
    const server = spawnServer()
    try {
      const baseUrl = await server.serve(pages)
      const headers = { 'x-apikey': apiKey, accept: 'application/json' }
      const warnings: string[] = []
      const client = (validate: 'warn' | 'off') =>
        createLoyaltiiClient({
          baseUrl,
          apiKey,
          validate,
          logger: { warn: (m) => warnings.push(m) },
        })
      /** one walk through the ledger; every contender must see every point */
      const walk =
        (next: (lastId: number) => Promise<{ Id: number }[]>) => async (): Promise<Sample> => {
          const started = performance.now()
          let seen = 0
          for (let lastId = 0; ;) {
            const page = await next(lastId)
            seen += page.length
            if (page.length < PAGE) break
            lastId = page[page.length - 1]!.Id
          }
          if (seen !== POINTS) throw new Error(`loyaltii-client: saw ${seen} points`)
          return { ops: pages.length, ms: performance.now() - started }
        }
      const iterate = (validate: 'warn' | 'off') => {
        const loyaltii = client(validate)
        return async (): Promise<Sample> => {
          const started = performance.now()
          let seen = 0
          for await (const _point of loyaltii.points.iterate({ lastId: 0 })) seen++
          if (seen !== POINTS) throw new Error(`loyaltii-client: iterate saw ${seen} points`)
          return { ops: pages.length, ms: performance.now() - started }
        }
      }
      const url = (lastId: number) => `${baseUrl}/api/v1/Points?lastId=${lastId}`
      const measured = await interleave(
        [
          { name: "kopru client (validate: 'warn')", run: iterate('warn') },
          { name: "kopru client (validate: 'off')", run: iterate('off') },
          {
            name: BASELINE,
            run: walk(
              async (lastId) =>
                JSON.parse(await (await request(url(lastId), { headers })).body.text()) as {
                  Id: number
                }[],
            ),
          },
        ],
        plan,
      )
      // last, and on its own: interleaved, fetch slows the others' collector
      const fetchNote = await measuredApart(
        {
          name: 'raw fetch + JSON.parse',
          run: walk(
            async (lastId) =>
              (await (await fetch(url(lastId), { headers })).json()) as { Id: number }[],
          ),
        },
        { measured, baseline: BASELINE },
        plan,
        'µs/call',
      )
      if (warnings.length) throw new Error(`loyaltii-client: schema drift reported: ${warnings[0]}`)
      const bytes = pages.reduce((sum, [, body]) => sum + body.byteLength, 0)
      return report(ctx, {
        unit: 'µs/call',
        baseline: BASELINE,
        measured,
        notes: [fetchNote],
        goals: { "kopru client (validate: 'warn')": { atMost: 1.2 } },
        setup:
          `${pages.length} pages of up to ${PAGE} points (${(bytes / pages.length / 1024).toFixed(0)} KiB each), ` +
          `one after the other, ${plan.rounds} rounds (+${plan.warmup} warm-up); µs per page`,
        env: { LOYALTII_POINTS: process.env.LOYALTII_POINTS },
      })
    } finally {
      await server.close()
    }
  },
})

/** Every page of the ledger as the emulator answers it, by the `lastId` that asks for it. */
async function capture(fetchFn: typeof fetch, baseUrl: string, apiKey: string) {
  const pages: [number, Uint8Array][] = []
  for (let lastId = 0; ;) {
    const response = await fetchFn(`${baseUrl}/api/v1/Points?lastId=${lastId}`, {
      headers: { 'x-apikey': apiKey },
    })
    if (response.status !== 200)
      throw new Error(`loyaltii-client: emulator answered ${response.status}`)
    const body = new Uint8Array(await response.arrayBuffer())
    pages.push([lastId, body])
    const page = JSON.parse(Buffer.from(body).toString('utf8')) as { Id: number }[]
    if (page.length < PAGE) return pages
    lastId = page[page.length - 1]!.Id
  }
}

/** The worker serving the pages. */
function spawnServer() {
  const worker = workerCalls<PagesCall, PagesReply>('loyaltii-client')
  return {
    serve: async (pages: [number, Uint8Array][]) =>
      (await worker.call({ kind: 'serve', pages })).url!,
    close: async () => {
      await worker.call({ kind: 'close' })
      await worker.close()
    },
  }
}
