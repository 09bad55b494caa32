/**
 * openapi/kopru.json against `kopru serve` itself (in process, over the five emulators): the
 * document is OpenAPI 3.1 whose every `$ref` resolves and which the repository's Redocly rules
 * pass; every route the app registers is documented and every documented operation is served
 * (each method of a documented path that is not documented falls to the catch-all); `?tenant=` is
 * documented on exactly the routes that read it; and real answers, successes and refusals, are the
 * documented ones (Ajv, JSON Schema 2020-12, formats asserted).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LaunchView } from '../../src/web/launches.ts'
import { startDashboard, type Dashboard } from '../support/dashboard.ts'
import { answerChecker, lintProblems } from '../support/openapi-answers.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const root = join(import.meta.dirname, '..', '..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const doc = JSON.parse(read('openapi/kopru.json')) as Json
const checker = answerChecker(doc)
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
addFormats.default(ajv)
ajv.addSchema(doc, 'doc')

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

interface Operation {
  method: string
  path: string
  op: Json
}

/** Every operation of the document. */
function operations(): Operation[] {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Json)[m]).map((method) => ({
      method,
      path,
      op: (item as Json)[method] as Json,
    })),
  )
}

/** A parameter, its `$ref` followed. */
function parameter(p: Json): Json {
  return p.$ref ? (resolve(p.$ref as string) as Json) : p
}

/** What a local `$ref` points at; undefined when nothing. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined
  let node: unknown = doc
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined
    node = (node as Json)[key]
  }
  return node
}

/** Every `$ref` in the document, with where it sits. */
function refs(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => refs(child, `${at}/${i}`))
  if (!node || typeof node !== 'object') return []
  return Object.entries(node).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string'
      ? [{ at, ref: child }]
      : refs(child, `${at}/${key}`),
  )
}

/** The routes a source file registers on `on` (`api`, `app`), as `METHOD /path/{param}`. */
function registered(file: string, on: string, prefix = ''): string[] {
  const text = read(file)
  const pattern = new RegExp(`\\b${on}\\.(get|post|put|patch|delete|all)\\(\\s*'([^']*)'`, 'g')
  return [...text.matchAll(pattern)]
    .filter(([, method, path]) => !(method === 'all' && path === '*'))
    .map(
      ([, method, path]) =>
        `${method!.toUpperCase()} ${prefix}${path!.replace(/:([A-Za-z_]\w*)/g, '{$1}')}`,
    )
}

/** A sample value for each path parameter: enough to reach the route, changing nothing. */
const samples: Record<string, string> = {
  id: '999999',
  address: 'nobody@example.com',
  name: 'setrow',
}

function sampleUrl({ path, op }: Operation, query: Record<string, string> = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = samples[name]
    if (value === undefined) throw new Error(`no sample for the path parameter ${name}`)
    return encodeURIComponent(value)
  })
  const wanted = Object.entries(query).filter(([name]) => takesQuery(op, name))
  return wanted.length ? `${filled}?${new URLSearchParams(wanted)}` : filled
}

function takesQuery(op: Json, name: string): boolean {
  return ((op.parameters ?? []) as Json[]).some((p) => {
    const found = parameter(p)
    return found.in === 'query' && found.name === name
  })
}

/** The catch-all's answer: a route kopru serve does not have. */
function isNoRoute(status: number, body: unknown): boolean {
  return (
    status === 404 &&
    typeof (body as Json | undefined)?.error === 'string' &&
    ((body as Json).error as string).startsWith('no route ')
  )
}

async function answer(
  response: Response,
): Promise<{ status: number; body: unknown; type: string }> {
  const type = response.headers.get('content-type') ?? ''
  const text = await response.text()
  return {
    status: response.status,
    type,
    body: type.startsWith('application/json') && text ? (JSON.parse(text) as unknown) : text,
  }
}

/** Problems of a value against one of the document's schemas. */
function schemaProblems(name: string, value: unknown): string[] {
  const validate = ajv.getSchema(`doc#/components/schemas/${name}`)
  if (!validate) return [`no schema ${name}`]
  if (validate(value)) return []
  return (validate.errors ?? []).map((e) => `${name}: ${e.instancePath || '(value)'} ${e.message}`)
}

describe('openapi/kopru.json', () => {
  it('is an OpenAPI 3.1 document of kopru serve at the package version', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(doc.info.title).toBe('kopru serve')
    expect(doc.info.version).toBe((JSON.parse(read('package.json')) as Json).version)
    for (const said of ['Authorization: Bearer <token>', '?token=', 'kopru_token', 'loopback'])
      expect(doc.info.description).toContain(said)
  })

  it('takes the token as a bearer, in the query or in the cookie, or none on loopback', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      tokenQuery: { type: 'apiKey', in: 'query', name: 'token' },
      tokenCookie: { type: 'apiKey', in: 'cookie', name: 'kopru_token' },
    })
    expect(doc.security).toEqual([{ bearer: [] }, { tokenQuery: [] }, { tokenCookie: [] }, {}])
    // every route is behind the token when there is one
    for (const { method, path, op } of operations())
      expect(op.responses['401'], `${method} ${path}`).toBeDefined()
  })

  it('resolves every $ref', () => {
    const all = refs(doc)
    expect(all.length).toBeGreaterThan(50)
    expect(all.filter(({ ref }) => resolve(ref) === undefined)).toEqual([])
  })

  it('has the schemas the API answers with', () => {
    for (const name of [
      'Error',
      'RunRecord',
      'StreamCounts',
      'RequestTally',
      'LaunchView',
      'StreamProgress',
      'PlanRow',
      'FieldChange',
      'DeadLetter',
      'ConsentEntry',
      'EmulatorView',
      'WebhookEffect',
    ])
      expect(doc.components.schemas[name], name).toBeDefined()
    expect(doc.components.schemas.Error.required).toEqual(['error'])
  })

  it("passes the repository's Redocly rules, warnings included", async () => {
    expect(await lintProblems(doc, 'kopru')).toEqual([])
  })

  it('documents the routes the sources register, and no other', () => {
    const sources = [
      ...registered('src/web/api.ts', 'api', '/api'),
      ...registered('src/sync/serve.ts', 'app'),
    ]
    expect(sources.length).toBeGreaterThan(15)
    const documented = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`)
    expect(documented.toSorted()).toEqual(sources.toSorted())
  })
})

describe('kopru serve and openapi/kopru.json', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
    await d.server.applier?.settled()
  })
  afterAll(() => d.close())

  /** A request whose answer must be the documented one; answers status and body. */
  async function documentedAnswer(path: string, init: RequestInit = {}) {
    const method = init.method ?? 'GET'
    const got = await answer(await d.fetch(path, init))
    const id = checker.operationOf(method, path)
    expect(id, `${method} ${path}: not in the document`).toBeDefined()
    expect(checker.problems(id!, got.status, got.body), `${method} ${path}`).toEqual([])
    return got
  }
  const send = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

  it('serves every documented operation, each answer a documented one', async () => {
    const ops = operations()
    expect(ops.length).toBeGreaterThan(15)
    for (const operation of ops) {
      const url = sampleUrl(operation, { tenant: 'default' })
      const method = operation.method.toUpperCase()
      // a POST or PUT without a body: refused by the route, not by the catch-all
      const got = await answer(await d.fetch(url, { method }))
      expect(isNoRoute(got.status, got.body), `${method} ${url}: ${JSON.stringify(got.body)}`).toBe(
        false,
      )
      expect(Object.keys(operation.op.responses), `${method} ${url}`).toContain(String(got.status))
      if (got.type.startsWith('application/json'))
        expect(checker.problems(operation.op.operationId as string, got.status, got.body)).toEqual(
          [],
        )
    }
  })

  it('has no route beside the documented ones: any other method of their paths is the catch-all', async () => {
    const byPath = new Map<string, Operation[]>()
    for (const o of operations()) byPath.set(o.path, [...(byPath.get(o.path) ?? []), o])
    let tried = 0
    for (const [path, documented] of byPath)
      for (const method of METHODS.filter((m) => !documented.some((o) => o.method === m))) {
        const url = sampleUrl(documented[0]!)
        const got = await answer(await d.fetch(url, { method: method.toUpperCase() }))
        expect(isNoRoute(got.status, got.body), `${method} ${path}: ${got.status}`).toBe(true)
        tried++
      }
    expect(tried).toBeGreaterThan(40)
    // and the catch-all is told apart from a route's own 404
    const own = await answer(await d.fetch('/api/runs/999999'))
    expect(own.status).toBe(404)
    expect(isNoRoute(own.status, own.body)).toBe(false)
  })

  it('documents ?tenant= on exactly the routes that read it', async () => {
    for (const operation of operations().filter((o) => o.path.startsWith('/api/'))) {
      const url = sampleUrl(operation)
      const method = operation.method.toUpperCase()
      const got = await answer(
        await d.fetch(`${url}${url.includes('?') ? '&' : '?'}tenant=nowhere`, { method }),
      )
      const refused = got.status === 404 && Array.isArray((got.body as Json).tenants)
      expect(refused, `${method} ${operation.path}: ${JSON.stringify(got.body)}`).toBe(
        takesQuery(operation.op, 'tenant'),
      )
    }
  })

  it('answers runs, launches and their plan as documented', async () => {
    const started = await documentedAnswer('/api/runs', send('POST', { pipeline: 'catalog' }))
    expect(started.status).toBe(202)
    const launch = (started.body as { launch: LaunchView }).launch
    const done = (await d.space.launches.settled(launch.id))!
    expect(done.state).toBe('succeeded')

    const overview = await documentedAnswer('/api/overview')
    const catalog = (overview.body as Json).pipelines.find((p: Json) => p.name === 'catalog')
    expect(catalog.lastRun.id).toBe(done.runId)
    expect(catalog.history.length).toBeGreaterThan(0)

    const runs = await documentedAnswer('/api/runs?limit=1')
    expect((runs.body as Json).runs).toHaveLength(1)
    const run = await documentedAnswer(`/api/runs/${done.runId}`)
    expect((run.body as Json).launch.id).toBe(launch.id)
    expect(Object.keys((run.body as Json).run.requests)).toContain('setrow')
    await documentedAnswer('/api/launches')
    await documentedAnswer(`/api/launches/${launch.id}`)
    await documentedAnswer('/api/tenants')
    await documentedAnswer('/health')

    // a dry run after a price change: its plan has a record changed field by field
    const product = d.world.softtr.state.products[0]!
    product.mainProductPrice += 10
    const dry = await documentedAnswer(
      '/api/runs',
      send('POST', { pipeline: 'catalog', dryRun: true }),
    )
    const dryLaunch = (dry.body as { launch: LaunchView }).launch
    await d.space.launches.settled(dryLaunch.id)
    const plan = await documentedAnswer(`/api/launches/${dryLaunch.id}/plan?limit=500`)
    const rows = (plan.body as Json).rows as Json[]
    expect(rows.some((r) => r.changes.some((c: Json) => 'before' in c && 'after' in c))).toBe(true)
  })

  it('streams a launch as documented server-sent events', async () => {
    const [launch] = d.space.launches.list()
    expect(launch).toBeDefined()
    const response = await d.fetch(`/api/launches/${launch!.id}/events`)
    expect(response.status).toBe(200)
    const media = Object.keys(
      doc.paths['/api/launches/{id}/events'].get.responses['200'].content as Json,
    )
    expect(media).toEqual(['text/event-stream'])
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const events = (await response.text())
      .split('\n\n')
      .filter((block) => block.trim())
      .map((block) =>
        Object.fromEntries(
          block.split('\n').map((line) => {
            const colon = line.indexOf(': ')
            return [line.slice(0, colon), line.slice(colon + 2)]
          }),
        ),
      )
    expect(events.map((e) => e.event)).toEqual(['update', 'done'])
    for (const event of events) {
      expect(schemaProblems('LaunchEvent', event)).toEqual([])
      expect(schemaProblems('LaunchView', JSON.parse(event.data as string))).toEqual([])
    }
  })

  it('answers dead letters, their retry and dismissal as documented', async () => {
    const orders = d.world.softtr.state.orders
    const junk = [
      ...new Set(orders.map((o) => o.invoiceDetails.invoiceMail.trim().toLowerCase())),
    ].slice(0, 2)
    for (const address of junk)
      d.world.setrow.state.lists.junk.set(address, { address, date: '2026-11-01 10:00:00' })
    const started = await documentedAnswer(
      '/api/runs',
      send('POST', { pipeline: 'customers-and-orders' }),
    )
    await d.space.launches.settled((started.body as { launch: LaunchView }).launch.id)
    const page = await documentedAnswer('/api/dead-letters?vendor=setrow&code=E128&limit=1')
    const letters = (page.body as Json).letters as Json[]
    expect(letters).toHaveLength(1)
    expect(letters[0]).toMatchObject({ vendor: 'setrow', code: 'E128' })
    expect((page.body as Json).next).toBe(letters[0]!.id)
    const rest = await documentedAnswer(
      `/api/dead-letters?vendor=setrow&code=E128&after=${letters[0]!.id}`,
    )
    const second = ((rest.body as Json).letters as Json[])[0]!

    const dismissed = await documentedAnswer(
      '/api/dead-letters/dismiss',
      send('POST', { ids: [second.id] }),
    )
    expect(dismissed.body).toEqual({ dismissed: [second.id] })
    d.world.setrow.state.lists.junk.delete(letters[0]!.key as string)
    const retried = await documentedAnswer(
      '/api/dead-letters/retry',
      send('POST', { ids: [letters[0]!.id] }),
    )
    expect(retried.body).toMatchObject({ retried: 1, delivered: 1 })
    await documentedAnswer('/api/dead-letters?status=dismissed')
    const refused = await documentedAnswer(
      '/api/dead-letters/retry',
      send('POST', { ids: [second.id, 999_999] }),
    )
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({
      unknown: [999_999],
      notOpen: [{ id: second.id, status: 'dismissed' }],
    })
  })

  it("answers webhooks and a person's consent as documented", async () => {
    const person = [...d.world.loyaltii.state.contacts.values()]
      .find((c) => c.Email && !c.LimitMailsPermanently)!
      .Email!.toLowerCase()
    const unsubscribe = {
      webhookTypeId: 6,
      transactionalEmailId: 92_001,
      created: '2026-12-01T10:00:00',
      recipient: person,
      fromAddress: 'shop@kopru.dev',
      subject: 'Kampanya',
      guid: 'g-92001',
      sent: '2026-12-01T10:00:01',
      excludeListId: 92_001,
      delivered: '2026-12-01T10:00:02',
    }
    expect(schemaProblems('MailKompletWebhook', unsubscribe)).toEqual([])
    const taken = await documentedAnswer('/webhooks/mailkomplet', send('POST', unsubscribe))
    expect(taken.body).toEqual({ ok: true })
    const again = await documentedAnswer('/webhooks/mailkomplet', send('POST', unsubscribe))
    expect(again.body).toEqual({ ok: true, duplicate: true })
    const refused = await documentedAnswer('/webhooks/mailkomplet', send('POST', { hello: 1 }))
    expect(refused.status).toBe(400)
    await d.server.applier!.settled()

    const view = await documentedAnswer('/api/webhooks')
    const effects = (view.body as Json).events as Json[]
    expect(effects.find((e) => e.event.person === person)).toMatchObject({
      recorded: true,
      appliedByRun: expect.any(Number),
      appliedStatus: 'succeeded',
    })
    await documentedAnswer('/webhooks/mailkomplet')

    for (const path of ['/api/consent/', '/consent/']) {
      const ledger = await documentedAnswer(`${path}${encodeURIComponent(person.toUpperCase())}`)
      expect(ledger.body).toMatchObject({ person, verdicts: { email: { status: 'denied' } } })
      expect(((ledger.body as Json).entries as Json[]).length).toBeGreaterThan(0)
    }
  })

  it('answers the emulators and their chaos as documented', async () => {
    const view = await documentedAnswer('/api/emulators')
    const emulators = (view.body as Json).emulators as Json[]
    expect(emulators.map((e) => e.name)).toEqual(d.world.all.map((e) => e.name))
    expect(emulators.some((e) => e.requests.length > 0)).toBe(true)
    const set = await documentedAnswer(
      '/api/emulators/narwoo/chaos',
      send('PUT', { errors: { 503: 0 }, latencyMs: [0, 0] }),
    )
    expect(set.body).toMatchObject({ chaos: { errors: { 503: 0 }, seed: 1 } })
    const wrong = await documentedAnswer('/api/emulators/narwoo/chaos', send('PUT', { drop: 2 }))
    expect(wrong.status).toBe(400)
    await documentedAnswer('/api/emulators/narwoo/chaos', send('PUT', {}))
  })

  it('refuses as documented', async () => {
    for (const [path, init, status] of [
      ['/api/runs?limit=0', {}, 400],
      ['/api/runs?before=x', {}, 400],
      ['/api/runs/999999', {}, 404],
      ['/api/overview?tenant=nowhere', {}, 404],
      ['/api/dead-letters?status=gone', {}, 400],
      ['/api/runs', send('POST', { pipeline: 'catalogue' }), 404],
      ['/api/runs', send('POST', { pipeline: 'catalog', dryRun: 'yes' }), 400],
      ['/api/runs', send('POST', ['catalog']), 400],
      ['/api/runs', { method: 'POST', body: 'pipeline=catalog' }, 415],
      ['/api/runs', send('POST', { pipeline: 'x'.repeat(1_100_000) }), 413],
      ['/api/dead-letters/dismiss', send('POST', { ids: [] }), 400],
      ['/api/launches/x/plan', {}, 400],
      ['/api/consent/nonsense', {}, 400],
      ['/consent/nonsense', {}, 400],
    ] as const) {
      const got = await documentedAnswer(path, init)
      expect(got.status, `${init.method ?? 'GET'} ${path}`).toBe(status)
    }
    // a route it does not have, outside /api/: the catch-all's error names the routes
    const nowhere = await answer(await d.fetch('/nowhere/at/all'))
    expect(isNoRoute(nowhere.status, nowhere.body)).toBe(true)
    expect(schemaProblems('Error', nowhere.body)).toEqual([])
    expect((nowhere.body as Json).routes.length).toBeGreaterThan(0)
  })
})

describe('kopru serve behind a token, and openapi/kopru.json', () => {
  it('refuses without it as documented, on every route', async () => {
    const t = await startDashboard({ token: 'the-token' })
    try {
      for (const operation of operations()) {
        const url = sampleUrl(operation)
        const got = await answer(await t.fetch(url, { method: operation.method.toUpperCase() }))
        expect(got.status, `${operation.method} ${url}`).toBe(401)
        expect(checker.problems(operation.op.operationId as string, 401, got.body)).toEqual([])
      }
      const ok = await answer(
        await t.fetch('/health', { headers: { authorization: 'Bearer the-token' } }),
      )
      expect(ok.status).toBe(200)
    } finally {
      await t.close()
    }
  })
})
