/**
 * `kopru serve`'s HTTP app: Mail Komplet's webhooks taken with the room's receiver and applied at
 * once through the consent pipeline (`consent-apply.ts`), a person's ledger as JSON, and health.
 * Vendors meet here as in the recipes: by their rooms' exports only.
 *
 * Routes (a token, when set, is wanted on every one: `Authorization: Bearer <token>`, `?token=`, or
 * the cookie a browser is given when it first came with `?token=`):
 * - `POST /webhooks/mailkomplet`: a webhook; 200 once recorded in the ledger, 400 for what is not
 *   one of Mail Komplet's payloads, 503 when the state cannot take it (Mail Komplet delivers again)
 * - `GET /webhooks/mailkomplet`: counts and the payloads refused
 * - `GET /consent/<address>`: a person's ledger and standing per channel
 * - `GET /health`
 */
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { sameSecret } from '../emulator/secrets.ts'
import { webhookConsentEvent } from '../apis/mailkomplet/consent.ts'
import { createWebhookReceiver, type WebhookReceiver } from '../apis/mailkomplet/receiver.ts'
import type { Logger } from '../model/connector.ts'
import { consentPerson, consentStanding, type ConsentEvent } from '../model/consent.ts'
import type { StateStore } from '../model/state.ts'
import type { KopruConfig } from './config.ts'
import { consentApplier, type ConsentApplier } from './consent-apply.ts'
import type { RunResult } from './engine.ts'
import { CONSENT, verdictStreams } from './recipes-consent.ts'
import type { Clients } from './recipes.ts'

export interface KopruServerOptions {
  config: KopruConfig
  clients: Clients
  store: StateStore
  log?: Logger
  /** wanted on every request when set (a host other than loopback) */
  token?: string | undefined
  onRun?: (result: RunResult) => void
  /** more routes (the dashboard), behind the same token; answers their names for the banner */
  extend?: (app: Hono, server: KopruServer) => string[]
}

/** A webhook's event and what became of it: recorded in the ledger, then applied by a run. */
export interface WebhookEffect {
  receivedAt: string
  event: ConsentEvent
  /** false: the ledger knew it already (a repeat delivery) */
  recorded: boolean
  /** the consent run that applied it, once one has */
  appliedByRun?: number | undefined
  appliedStatus?: RunResult['status'] | undefined
}

const KEEP_EFFECTS = 1_000

/** Why a server takes no webhooks. */
export const NO_WEBHOOKS =
  'no webhooks: enable pipelines.consent and a mailkomplet connection in kopru.yaml'
const TOKEN_COOKIE = 'kopru_token'

export interface KopruServer {
  /** `env`: what @hono/node-server passes (the socket), for checks that need it */
  fetch(request: Request, env?: unknown): Promise<Response>
  /** undefined when kopru.yaml's consent pipeline is off: no webhook route then */
  applier: ConsentApplier | undefined
  receiver: WebhookReceiver | undefined
  /** the latest webhook events, newest last */
  effects: readonly WebhookEffect[]
  /** the routes served, for the start banner */
  routes: string[]
  close(): Promise<void>
}

export function kopruServer(options: KopruServerOptions): KopruServer {
  const { config, clients, store, log } = options
  const app = new Hono()
  const routes = ['GET /health', 'GET /consent/<email|gsm>']
  const effects: WebhookEffect[] = []
  // each recorded event's ledger entry, and the latest consent run with the entries it applied
  const seqs = new WeakMap<WebhookEffect, number>()
  let lastRun: (Pick<RunResult, 'runId' | 'status'> & { upToSeq: number }) | undefined
  /** Names the run that applied a recorded event: one that started after it was recorded. */
  const appliedBy = (effect: WebhookEffect) => {
    const seq = seqs.get(effect)
    if (!lastRun || seq === undefined || seq > lastRun.upToSeq) return
    if (effect.appliedByRun !== undefined) return
    effect.appliedByRun = lastRun.runId
    effect.appliedStatus = lastRun.status
  }

  if (options.token !== undefined) {
    const token = options.token
    app.use('*', async (c, next) => {
      const query = c.req.query('token')
      // any of the three ways may carry it (a proxy's own Authorization must not hide the others)
      const offered = [
        c.req.header('authorization')?.replace(/^Bearer /i, ''),
        query,
        getCookie(c, TOKEN_COOKIE),
      ]
      if (!offered.some((given) => given !== undefined && sameSecret(given, token)))
        return c.json(
          {
            error:
              'a token is wanted: Authorization: Bearer <token>, ?token=, or the cookie a browser gets with ?token=',
          },
          401,
        )
      // a browser given the token once in the URL keeps it: the pages' own requests carry it
      if (query !== undefined && c.req.method === 'GET')
        setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' })
      await next()
    })
  }

  app.get('/health', (c) => c.json({ ok: true }))
  app.get('/consent/:address', async (c) => {
    const person = consentPerson(c.req.param('address'))
    if (!person) return c.json({ error: 'neither an e-mail address nor a GSM number' }, 400)
    const entries = await store.consentOf([person])
    return c.json({ person, verdicts: consentStanding(entries, person), entries })
  })

  const consent = config.pipelines.consent
  let applier: ConsentApplier | undefined
  let receiver: WebhookReceiver | undefined
  if (consent?.enabled && clients.mailkomplet) {
    const verdicts = { name: CONSENT, streams: verdictStreams(consent, clients) }
    const current = (applier = consentApplier({
      store,
      verdicts,
      ...(log ? { log } : {}),
      onRun: (result, { upToSeq }) => {
        // what was recorded before this run began, it applied (or tried to); what came while it
        // ran is the next run's
        lastRun = { runId: result.runId, status: result.status, upToSeq }
        for (const effect of effects) appliedBy(effect)
        options.onRun?.(result)
      },
    }))
    const mailkomplet = (receiver = createWebhookReceiver({
      // the answer waits for the ledger: a 200 means the opt-out is kept, whatever happens next
      answerAfterEvent: true,
      onEvent: async ({ payload, receivedAt }) => {
        const event = webhookConsentEvent(payload, receivedAt)
        if (!event) return
        const recorded = await current.apply([event])
        const effect: WebhookEffect = {
          receivedAt: receivedAt.toISOString(),
          event,
          recorded: recorded.length > 0,
        }
        if (recorded[0]) seqs.set(effect, recorded[0].seq)
        // a run quick enough may have ended before the answer came back here
        appliedBy(effect)
        effects.push(effect)
        if (effects.length > KEEP_EFFECTS) effects.shift()
      },
      onError: (error) => log?.warn(`mailkomplet webhook not taken: ${(error as Error).message}`),
      onRejected: (refused) => log?.warn(`mailkomplet webhook refused: ${refused.reason}`),
    }))
    // what a killed server recorded but had not applied goes out now
    current.catchUp()
    app.post('/webhooks/mailkomplet', (c) => mailkomplet.fetch(c.req.raw))
    app.get('/webhooks/mailkomplet', (c) =>
      c.json({ counts: mailkomplet.counts, rejected: mailkomplet.rejected }),
    )
    routes.push('POST /webhooks/mailkomplet', 'GET /webhooks/mailkomplet')
  }
  const server: KopruServer = {
    fetch: (request, env) => Promise.resolve(app.fetch(request, env)),
    applier,
    receiver,
    effects,
    routes,
    close: async () => applier?.close(),
  }
  if (options.extend) routes.push(...options.extend(app, server))
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}`, routes }, 404))
  app.onError((error, c) => {
    log?.warn(`serve: ${c.req.method} ${c.req.path}: ${error.message}`)
    return c.json({ error: error.message }, 503)
  })

  return server
}
