/**
 * Issue 2: the Softtr client's cost per call. `softtr.orders.list({ pageSize: 100 })` against a raw
 * `request` of the same URL with the same headers through undici's pool, which the client itself
 * sends through, and a `JSON.parse`: the client's own cost is the gap to that, the baseline. Both
 * talk to one bare node:http server (in the helper thread) that sends a real emulator answer, so
 * the server's cost is the same for everyone. Goal: the client (default `validate: 'warn'`) takes
 * at most 1.05× its time per call; `validate: 'off'` is reported beside it.
 *
 * A raw `fetch` + `JSON.parse` (the client was 1.2× it once) is measured after the paired rounds,
 * not among them: with `fetch` interleaved, a call through undici's pool spent about twenty times
 * as long in the collector (10 → 220 µs a call, the client 13 → 320), cleaning up after fetch,
 * which doubled both and widened their gap.
 */
import { request } from 'undici'
import { createSofttrClient, type SofttrClient } from '../src/apis/softtr/client.ts'
import { softtrEmulator } from '../src/apis/softtr/emulator/index.ts'
import { createEmulator } from '../src/emulator/host.ts'
import { callLoop, defineBench, interleave, measuredApart, report, spawnHelper } from './harness.ts'

/** calls in flight: enough to keep this thread busy while the helper answers */
const CONCURRENCY = 4
const BASELINE = 'raw undici request + JSON.parse'
const credentials = { username: 'kopru', password: 'kopru-softtr' }
const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`

export default defineBench({
  title: 'client orders.list({pageSize: 100}) vs raw undici request + JSON.parse, same bare server',
  async run(ctx) {
    const plan = ctx.plan({ rounds: 9, sampleMs: 1700 })
    const emulator = createEmulator(softtrEmulator)
    const captured = await emulator.fetch(`${emulator.baseUrl()}/orders?pageSize=100`, {
      headers: { authorization },
    })
    if (captured.status !== 200)
      throw new Error(`softtr-client: emulator answered ${captured.status}`)
    const body = new Uint8Array(await captured.arrayBuffer())

    const helper = spawnHelper()
    try {
      const server = await helper.serve({ body })
      const baseUrl = `${server.url}/api`
      const url = `${baseUrl}/orders?pageSize=100`
      const warnings: string[] = []
      const client = (validate: 'warn' | 'off'): SofttrClient =>
        createSofttrClient({
          baseUrl,
          ...credentials,
          validate,
          logger: { warn: (message) => warnings.push(message) },
        })
      const listed = (softtr: SofttrClient) => async () => {
        const page = await softtr.orders.list({ pageSize: 100 })
        if (page.content.length !== 100) throw new Error('softtr-client: short page')
      }
      const headers = { authorization, accept: 'application/json' }
      /** what every raw contender does with the answer: status checked, JSON parsed, page counted */
      const checked = (how: string, status: number, text: string) => {
        if (status !== 200) throw new Error(`softtr-client: ${how} got ${status}`)
        const parsed = JSON.parse(text) as { data: { content: unknown[] } }
        if (parsed.data.content.length !== 100) throw new Error('softtr-client: short page')
      }
      const raw = async () => {
        const response = await fetch(url, { headers })
        checked('raw fetch', response.status, await response.text())
      }
      const pooled = async () => {
        const response = await request(url, { headers })
        checked('raw request', response.statusCode, await response.body.text())
      }
      const loop = (fn: () => Promise<unknown>) => () =>
        callLoop(fn, { concurrency: CONCURRENCY, durationMs: plan.sampleMs })

      const measured = await interleave(
        [
          { name: "kopru client (validate: 'warn')", run: loop(listed(client('warn'))) },
          { name: "kopru client (validate: 'off')", run: loop(listed(client('off'))) },
          { name: BASELINE, run: loop(pooled) },
        ],
        plan,
      )
      // last, and on its own: interleaved, fetch slows the others' collector
      const fetchNote = await measuredApart(
        { name: 'raw fetch + JSON.parse', run: loop(raw) },
        { measured, baseline: BASELINE },
        plan,
        'µs/call',
      )
      // a drift warning would mean the answer no longer matches the schema: the figures would lie
      if (warnings.length) throw new Error(`softtr-client: schema drift reported: ${warnings[0]}`)
      return report(ctx, {
        unit: 'µs/call',
        baseline: BASELINE,
        notes: [fetchNote],
        measured,
        goals: { "kopru client (validate: 'warn')": { atMost: 1.05 } },
        setup:
          `${(body.byteLength / 1024).toFixed(1)} KiB answer, ${CONCURRENCY} calls in flight, ` +
          `${plan.rounds} rounds × ${plan.sampleMs} ms each (+${plan.warmup} warm-up)`,
      })
    } finally {
      await helper.close()
    }
  },
})
