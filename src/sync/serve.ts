/**
 * `kopru serve`'s HTTP app: Mail Komplet's webhooks taken with the room's receiver and applied at
 * once through the consent pipeline (`consent-apply.ts`), a person's ledger as JSON, and health.
 * Vendors meet here as in the recipes: by their rooms' exports only.
 *
 * Routes (a token, when set, is wanted on every one: `Authorization: Bearer <token>` or `?token=`):
 * - `POST /webhooks/mailkomplet`: a webhook; 200 once recorded in the ledger, 400 for what is not
 *   one of Mail Komplet's payloads, 503 when the state cannot take it (Mail Komplet delivers again)
 * - `GET /webhooks/mailkomplet`: counts and the payloads refused
 * - `GET /consent/<address>`: a person's ledger and standing per channel
 * - `GET /health`
 */
import { Hono } from 'hono'
import { sameSecret } from '../emulator/secrets.ts'
import { webhookConsentEvent } from '../apis/mailkomplet/consent.ts'
import { createWebhookReceiver, type WebhookReceiver } from '../apis/mailkomplet/receiver.ts'
import type { Logger } from '../model/connector.ts'
import { consentPerson, consentStanding } from '../model/consent.ts'
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
}

export interface KopruServer {
  fetch(request: Request): Promise<Response>
  /** undefined when kopru.yaml's consent pipeline is off: no webhook route then */
  applier: ConsentApplier | undefined
  receiver: WebhookReceiver | undefined
  /** the routes served, for the start banner */
  routes: string[]
  close(): Promise<void>
}

export function kopruServer(options: KopruServerOptions): KopruServer {
  const { config, clients, store, log } = options
  const app = new Hono()
  const routes = ['GET /health', 'GET /consent/<email|gsm>']

  if (options.token !== undefined) {
    const token = options.token
    app.use('*', async (c, next) => {
      const given = c.req.header('authorization')?.replace(/^Bearer /i, '') ?? c.req.query('token')
      if (!sameSecret(given, token))
        return c.json({ error: 'a token is wanted: Authorization: Bearer <token> or ?token=' }, 401)
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
      ...(options.onRun ? { onRun: options.onRun } : {}),
    }))
    const mailkomplet = (receiver = createWebhookReceiver({
      // the answer waits for the ledger: a 200 means the opt-out is kept, whatever happens next
      answerAfterEvent: true,
      onEvent: async ({ payload, receivedAt }) => {
        const event = webhookConsentEvent(payload, receivedAt)
        if (event) await current.apply([event])
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
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}`, routes }, 404))
  app.onError((error, c) => {
    log?.warn(`serve: ${c.req.method} ${c.req.path}: ${error.message}`)
    return c.json({ error: error.message }, 503)
  })

  return {
    fetch: (request) => Promise.resolve(app.fetch(request)),
    applier,
    receiver,
    routes,
    close: async () => applier?.close(),
  }
}
