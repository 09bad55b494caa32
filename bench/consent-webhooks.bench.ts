/**
 * How soon an opt-out said in Mail Komplet reaches the other tools through `kopru serve`: Mail
 * Komplet's unsubscribe webhook (type 6) POSTed to kopru's server on a real HTTP socket (node:http
 * with @hono/node-server's listener, as `kopru serve` listens), and, per event, the time from
 * sending the POST until both Setrow's e-mail unsubscribe list holds the address and the person's
 * Loyaltii contact has `LimitMailsPermanently`.
 *
 * The world, in this process: Setrow, Loyaltii and Mail Komplet emulators (default sizes; Loyaltii
 * with at least enough contacts for the people below) served over loopback (`serveEmulators`),
 * kopru's clients reaching them as kopru.yaml says, kopru.yaml with those three connections and
 * `consent: {}`, and a SQLite state file as `kopru serve` opens one. The consent pipeline runs once
 * first (the ledger holds what the tools said before). The people are Loyaltii contacts with an
 * e-mail whom no tool has opted out (not mail-limited, not on Setrow's unsubscribe list nor Mail
 * Komplet's exclude list, no opt-out in the ledger), each webhook with its own `excludeListId`.
 *
 * `CONSENT_BENCH_TRANSPORT=in-process` wires the clients to the emulators' in-process fetch instead,
 * as the tests do (`test/support/sync-world.ts`). Not the default: a consent run then never waits
 * on I/O (every emulator answer is a resolved promise), so the server's socket is not read while a
 * run goes on, each webhook waits for the run before it to end and gets a run of its own, and the
 * figures measure that wiring rather than kopru against remote vendors.
 *
 * The moment each tool holds the opt-out is taken inside the emulators: their request logs' `add`
 * (called once a request's handler has changed the state, before its answer goes back) is hooked;
 * after a Setrow `unsubscribe.email.add` the address's event is checked, after a Loyaltii
 * `contacts.patchMany` every event still waiting. The sender, the server and the emulators share
 * this thread (one clock).
 *
 * Two variants, each with its own people: steady, 1,000 events (200 with `--quick`) at 50 a second
 * (`CONSENT_BENCH_RATE`); and a burst, as many sent at once. Goal for the steady one: p99 < 1 s;
 * the burst is reported alongside, without a goal. Each webhook must be applied exactly once: the
 * bench throws when any address was sent to Setrow's `unsubscribe.email.add`, Loyaltii's
 * `contacts.patchMany` or Mail Komplet's `excludeLists.create` more than once (counted in the
 * clients' fetch, whole bodies), when an answer is not 200, or when a consent run does not succeed.
 * `CONSENT_BENCH_EVENTS` overrides the number of events.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getRequestListener } from '@hono/node-server'
import { loyaltiiEmulator } from '../src/apis/loyaltii/emulator/index.ts'
import type { LoyaltiiStore } from '../src/apis/loyaltii/emulator/store.ts'
import { mailkompletEmulator } from '../src/apis/mailkomplet/emulator/index.ts'
import type { MailKompletStore } from '../src/apis/mailkomplet/emulator/store.ts'
import { setrowEmulator } from '../src/apis/setrow/emulator/index.ts'
import type { SetrowStore } from '../src/apis/setrow/emulator/store.ts'
import { createEmulator, type Emulator } from '../src/emulator/host.ts'
import { serveEmulators } from '../src/emulator/serve.ts'
import { configSchema } from '../src/sync/config.ts'
import { runPipeline, type RunResult } from '../src/sync/engine.ts'
import { buildPipelines, clientsFromConfig } from '../src/sync/recipes.ts'
import { kopruServer } from '../src/sync/serve.ts'
import { SqliteStateStore } from '../src/sync/sqlite.ts'
import { defineBench } from './harness.ts'
import { printAligned } from './report-tables.ts'

const GOAL_P99_MS = 1000
/** how long the last event may take before the bench gives up on it */
const GIVE_UP_MS = 120_000

/** the credentials kopru.yaml names: the emulators' defaults */
const ENV: Record<string, string> = {
  KOPRU_SETROW_API_KEY: 'kopru-setrow-key',
  KOPRU_LOYALTII_API_KEY: 'kopru-loyaltii-key',
  KOPRU_MAILKOMPLET_API_KEY: 'kopru-mailkomplet-key',
  KOPRU_MAILKOMPLET_BASE_CRYPT: 'kopruBaseCrypt0000000000000000000',
}

interface Pending {
  email: string
  contactId: number
  sentAt: number
  answeredAt?: number
  setrowAt?: number
  loyaltiiAt?: number
  doneAt?: number
}

interface VariantResult {
  name: string
  events: number
  /** what the sender aimed at, events per second; undefined for the burst */
  rate: number | undefined
  /** the rate achieved: events over the time from the first POST to the last */
  sentRate: number
  latencies: number[]
  answers: number[]
  /** consent runs (the verdict streams) the server started for these events */
  runs: number
}

export default defineBench({
  title:
    'opt-out latency: Mail Komplet unsubscribe webhook → Setrow unsubscribe list + Loyaltii LimitMailsPermanently',
  async run(ctx) {
    const events = Number(process.env.CONSENT_BENCH_EVENTS ?? (ctx.quick ? 200 : 1000))
    const rate = Number(process.env.CONSENT_BENCH_RATE ?? 50)
    const progress = process.stderr.isTTY
      ? (text: string) => process.stderr.write(`\r\x1b[K${text && `  ${text}`}`)
      : () => true
    const dir = mkdtempSync(join(tmpdir(), 'kopru-consent-bench-'))
    const cleanups: (() => Promise<void> | void)[] = [
      () => rmSync(dir, { recursive: true, force: true }),
    ]
    try {
      progress('building the world')
      const common = { seed: 7, env: {} }
      const setrow = createEmulator(setrowEmulator, common) as Emulator<SetrowStore>
      const loyaltii = createEmulator(loyaltiiEmulator, {
        ...common,
        // 80% of the seed's contacts or more can be used: with an e-mail, opted out nowhere
        sizes: { contacts: Math.max(3000, Math.ceil((2 * events) / 0.8)) },
      }) as Emulator<LoyaltiiStore, unknown>
      const mailkomplet = createEmulator(mailkompletEmulator, common) as Emulator<MailKompletStore>
      const emulators = [setrow, loyaltii, mailkomplet] as unknown as Emulator[]

      // the emulators over loopback (this process's), or on their in-process fetch as the tests
      // wire them; either way the clients' fetch counts the writes each address got (whole bodies)
      const inProcess = process.env.CONSENT_BENCH_TRANSPORT === 'in-process'
      const serving = inProcess ? undefined : await serveEmulators(emulators)
      if (serving) cleanups.push(() => serving.close())
      const baseUrl = <S, W>(e: Emulator<S, W>) =>
        serving?.served.find((s) => s.emulator === (e as unknown))!.baseUrl ?? e.baseUrl()
      const writes = {
        setrow: new Map<string, number>(),
        loyaltii: new Map<string, number>(),
        mailkomplet: new Map<string, number>(),
      }
      let counting = false
      const byHost = new Map(emulators.map((e) => [new URL(baseUrl(e)).host, e]))
      const fetch: typeof globalThis.fetch = (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input))
        const emulator = byHost.get(url.host)!
        if (counting && typeof init?.body === 'string')
          for (const [tool, address] of writtenAddresses(
            emulator.name,
            init.method ?? 'GET',
            url.pathname,
            init.body,
          ))
            writes[tool].set(address, (writes[tool].get(address) ?? 0) + 1)
        return inProcess ? emulator.fetch(input, init) : globalThis.fetch(input, init)
      }
      const config = configSchema.parse({
        connections: {
          setrow: { baseUrl: baseUrl(setrow), env: { apiKey: 'KOPRU_SETROW_API_KEY' } },
          loyaltii: { baseUrl: baseUrl(loyaltii), env: { apiKey: 'KOPRU_LOYALTII_API_KEY' } },
          mailkomplet: {
            baseUrl: baseUrl(mailkomplet),
            env: { apiKey: 'KOPRU_MAILKOMPLET_API_KEY', baseCrypt: 'KOPRU_MAILKOMPLET_BASE_CRYPT' },
          },
        },
        pipelines: { consent: {} },
      })
      const clients = await clientsFromConfig(config, { fetch }, ENV)
      const store = new SqliteStateStore(join(dir, 'state.db'))
      cleanups.push(() => store.close())

      // the ledger holds what the tools said before
      progress('the consent pipeline, first run')
      const consent = buildPipelines(config, clients).find((p) => p.name === 'consent')!
      const first = await runPipeline(consent, { store })
      if (first.status !== 'succeeded')
        throw new Error(`first consent run ${first.status}: ${first.error ?? ''}`)
      const people = await freshPeople(store, setrow, loyaltii, mailkomplet, 2 * events)

      // kopru serve on a real socket
      const runs: RunResult[] = []
      const warnings: string[] = []
      const app = kopruServer({
        config,
        clients,
        store,
        log: { info: () => {}, warn: (message) => warnings.push(message) },
        onRun: (result) => runs.push(result),
      })
      cleanups.push(() => app.close())
      const server: Server = createServer(getRequestListener(app.fetch))
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(0, '127.0.0.1', resolve)
      })
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve())
            server.closeAllConnections()
          }),
      )
      const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/mailkomplet`

      // the moment each tool holds the opt-out, seen from inside the emulators
      const waiting = new Map<string, Pending>()
      const finish = (p: Pending, at: number) => {
        if (p.setrowAt === undefined || p.loyaltiiAt === undefined) return
        p.doneAt = at
        waiting.delete(p.email)
      }
      hook(setrow, (entry) => {
        if (entry.operationId !== 'unsubscribe.email.add' || entry.status >= 400) return
        const at = performance.now()
        const address = bodyAddress(entry.body)
        const candidates = address
          ? [waiting.get(address)].filter((p) => p !== undefined)
          : [...waiting.values()]
        for (const p of candidates)
          if (p.setrowAt === undefined && setrow.state.lists.unsubscribeEmail.has(p.email)) {
            p.setrowAt = at
            finish(p, at)
          }
      })
      hook(loyaltii, (entry) => {
        if (entry.operationId !== 'contacts.patchMany' || entry.status >= 400) return
        const at = performance.now()
        for (const p of [...waiting.values()])
          if (
            p.loyaltiiAt === undefined &&
            loyaltii.state.contacts.get(p.contactId)?.LimitMailsPermanently
          ) {
            p.loyaltiiAt = at
            finish(p, at)
          }
      })
      counting = true

      let excludeListId = 900_000
      const variant = async (
        name: string,
        chosen: readonly { email: string; contactId: number }[],
        every: number | undefined,
      ): Promise<VariantResult> => {
        progress(`${name}: ${chosen.length} webhooks`)
        await app.applier!.settled()
        const runsBefore = runs.length
        const sent: Pending[] = []
        const posts: Promise<void>[] = []
        const started = performance.now()
        for (let i = 0; i < chosen.length; i++) {
          if (every !== undefined) {
            const due = started + (i * 1000) / every
            const wait = due - performance.now()
            if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
          }
          const { email, contactId } = chosen[i]!
          const body = JSON.stringify(unsubscribe(email, ++excludeListId))
          const p: Pending = { email, contactId, sentAt: performance.now() }
          waiting.set(email, p)
          sent.push(p)
          posts.push(
            globalThis
              .fetch(webhookUrl, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body,
              })
              .then(async (answer) => {
                const text = await answer.text()
                if (answer.status !== 200)
                  throw new Error(`webhook for ${email} answered ${answer.status}: ${text}`)
                p.answeredAt = performance.now()
              }),
          )
        }
        const lastSent = sent.at(-1)!.sentAt
        await Promise.all(posts)
        const deadline = performance.now() + GIVE_UP_MS
        while (sent.some((p) => p.doneAt === undefined) && performance.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20))
        await app.applier!.settled()
        const late = sent.filter((p) => p.doneAt === undefined)
        if (late.length)
          throw new Error(
            `${name}: ${late.length} opt-outs never reached both tools, e.g. ${late[0]!.email} ` +
              `(Setrow ${late[0]!.setrowAt !== undefined}, Loyaltii ${late[0]!.loyaltiiAt !== undefined})`,
          )
        return {
          name,
          events: sent.length,
          rate: every,
          sentRate: sent.length > 1 ? ((sent.length - 1) * 1000) / (lastSent - started) : NaN,
          latencies: sent.map((p) => p.doneAt! - p.sentAt),
          answers: sent.map((p) => p.answeredAt! - p.sentAt),
          runs: runs.length - runsBefore,
        }
      }

      const steady = await variant(`steady, ${rate}/s`, people.slice(0, events), rate)
      const burst = await variant('burst, all at once', people.slice(events), undefined)
      progress('')

      // each opt-out applied once: no address written twice to any tool
      const twice = Object.entries(writes).flatMap(([tool, counted]) =>
        [...counted].filter(([, n]) => n > 1).map(([address, n]) => `${tool} ${address} ×${n}`),
      )
      if (twice.length)
        throw new Error(
          `written more than once: ${twice.slice(0, 10).join(', ')} (${twice.length})`,
        )
      const failed = runs.filter((r) => r.status !== 'succeeded')
      if (failed.length)
        throw new Error(`consent runs not succeeded: ${failed.map((r) => r.error).join('; ')}`)
      const unwritten = people.filter(
        (p) =>
          writes.setrow.get(p.email) !== 1 ||
          writes.loyaltii.get(p.email) !== 1 ||
          writes.mailkomplet.get(p.email) !== 1,
      )
      if (unwritten.length)
        throw new Error(`${unwritten.length} people not written exactly once to every tool`)

      const p99 = percentile(steady.latencies, 0.99)
      const met = p99 < GOAL_P99_MS
      const ms = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1))
      const row = (v: VariantResult, goal: boolean) => [
        v.name,
        String(v.events),
        v.rate === undefined ? 'burst' : `${v.sentRate.toFixed(1)}/s`,
        ms(percentile(v.latencies, 0.5)),
        ms(percentile(v.latencies, 0.9)),
        ms(percentile(v.latencies, 0.99)),
        ms(Math.max(...v.latencies)),
        goal ? `p99 < ${GOAL_P99_MS}` : '—',
        goal ? (met ? '✓' : '✗ MISSED') : '',
      ]
      printAligned(
        `\n${ctx.name}: ms from POSTing the webhook until Setrow's unsubscribe list and Loyaltii's ` +
          `LimitMailsPermanently both hold the opt-out`,
        [
          ['variant', 'events', 'sent at', 'p50', 'p90', 'p99', 'max', 'goal', ''],
          row(steady, true),
          row(burst, false),
        ],
        new Set([1, 2, 3, 4, 5, 6]),
      )
      for (const v of [steady, burst])
        console.log(
          `  ${v.name}: webhook answered (ledger written) p50 ${ms(percentile(v.answers, 0.5))} ms, ` +
            `p99 ${ms(percentile(v.answers, 0.99))} ms; ${v.runs} consent run${v.runs === 1 ? '' : 's'} ` +
            `applied the ${v.events} events`,
        )
      console.log(
        `  every address written once: Setrow unsubscribe.email.add, Loyaltii contacts.patchMany, ` +
          `Mail Komplet excludeLists.create (${people.length} people each)` +
          (warnings.length ? `; server warnings: ${warnings.length}, e.g. ${warnings[0]}` : ''),
      )
      const knobs = [
        process.env.CONSENT_BENCH_EVENTS ? `CONSENT_BENCH_EVENTS=${events}` : '',
        process.env.CONSENT_BENCH_RATE ? `CONSENT_BENCH_RATE=${rate}` : '',
        inProcess ? 'CONSENT_BENCH_TRANSPORT=in-process' : '',
      ]
      console.log(`reproduce: ${[...knobs, ctx.reproduce].filter(Boolean).join(' ')}`)
      return { passed: met }
    } finally {
      progress('')
      for (const undo of cleanups.reverse()) await undo()
    }
  },
})

/** Mail Komplet's unsubscribe webhook (type 6) for `email`. */
function unsubscribe(email: string, excludeListId: number) {
  const now = new Date().toISOString().slice(0, 19)
  return {
    webhookTypeId: 6,
    transactionalEmailId: excludeListId,
    created: now,
    recipient: email,
    fromAddress: 'shop@kopru.dev',
    subject: 'Kampanya',
    guid: `g-${excludeListId}`,
    sent: now,
    excludeListId,
    delivered: now,
  }
}

/** `count` Loyaltii contacts with an e-mail whom no tool and no ledger entry has opted out. */
async function freshPeople(
  store: SqliteStateStore,
  setrow: Emulator<SetrowStore>,
  loyaltii: Emulator<LoyaltiiStore, unknown>,
  mailkomplet: Emulator<MailKompletStore>,
  count: number,
): Promise<{ email: string; contactId: number }[]> {
  const denied = new Set([
    ...setrow.state.lists.unsubscribeEmail.keys(),
    ...mailkomplet.state.data.excludeList.map((e) => e.email.toLowerCase()),
  ])
  const candidates = [...loyaltii.state.contacts.values()]
    .filter((c) => c.Email && !c.LimitMailsPermanently && !denied.has(c.Email.toLowerCase()))
    .map((c) => ({ email: c.Email!.toLowerCase(), contactId: c.Id }))
  const ledger = await store.consentOf(candidates.map((c) => c.email))
  const said = new Set(ledger.filter((e) => e.status === 'denied').map((e) => e.person))
  const people = candidates.filter((c) => !said.has(c.email))
  if (people.length < count)
    throw new Error(`only ${people.length} Loyaltii contacts fit, ${count} wanted`)
  return people.slice(0, count)
}

/** Sees each request `emulator` logs, after its handler ran. */
function hook(
  emulator: Pick<Emulator, 'log'>,
  see: (entry: Parameters<Emulator['log']['add']>[0]) => void,
): void {
  const log = emulator.log
  const add = log.add.bind(log)
  log.add = (entry) => {
    add(entry)
    see(entry)
  }
}

/** The address a Setrow `email` body names (JSON or a form), lower-cased. */
function bodyAddress(body: string | undefined): string | undefined {
  if (!body) return undefined
  try {
    const parsed = JSON.parse(body) as { email?: unknown }
    if (typeof parsed.email === 'string') return parsed.email.toLowerCase()
  } catch {
    // a form
  }
  return new URLSearchParams(body).get('email')?.toLowerCase() ?? undefined
}

/** The tool and address of each opt-out write in a request the clients send. */
function writtenAddresses(
  api: string,
  method: string,
  path: string,
  body: string,
): ['setrow' | 'loyaltii' | 'mailkomplet', string][] {
  if (api === 'setrow' && method === 'POST' && path.endsWith('/unsubscribe/email')) {
    const address = bodyAddress(body)
    return address ? [['setrow', address]] : []
  }
  if (api === 'loyaltii' && method === 'PATCH' && path.endsWith('/api/v1/Contacts')) {
    const { Keys } = JSON.parse(body) as { Keys: string[] }
    return Keys.map((k) => ['loyaltii', k.toLowerCase()])
  }
  if (api === 'mailkomplet' && method === 'POST' && path.endsWith('/excludeLists')) {
    const address = bodyAddress(body)
    return address ? [['mailkomplet', address]] : []
  }
  return []
}

/** The nearest-rank percentile. */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}
