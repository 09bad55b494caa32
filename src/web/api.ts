/**
 * The dashboard's JSON API under `/api/`, documented in `openapi/kopru.json`; the pages use it for
 * everything they do. A tenant is chosen with `?tenant=` (the first when none is named).
 */
import { Hono, type Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Emulator } from '../emulator/host.ts'
import { chaosSettingsSchema } from '../emulator/chaos.ts'
import { readLimited } from '../emulator/inputs.ts'
import type { DeadLetterStatus } from '../model/state.ts'
import { PipelineLockedError, retryDeadLetters } from '../sync/engine.ts'
import {
  consentView,
  deadLettersPage,
  emulatorView,
  overview,
  runsPage,
  runView,
  webhooksView,
  type Space,
} from './data.ts'
import { NO_WEBHOOKS, type KopruServer } from '../sync/serve.ts'

export interface DashboardOptions {
  spaces: readonly Space[]
  /** the emulators this process runs (`kopru serve --emulate`), with where they are served */
  emulators?: readonly { emulator: Emulator; baseUrl: string }[]
  /**
   * without a token: the Host a request names must be this server's (its address, `hostNames`, or
   * on loopback any loopback name)
   */
  hostCheck?: { hostNames: ReadonlySet<string> }
  /** the server whose webhooks the Webhooks page shows */
  server?: Pick<KopruServer, 'receiver' | 'effects'>
}

const MAX_BODY = 1 << 20
const statuses: readonly DeadLetterStatus[] = ['open', 'resolved', 'dismissed']

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415,
    message: string,
    readonly detail?: object,
  ) {
    super(message)
  }
}

/** The space `?tenant=` names, or the first. */
export function spaceOf(options: DashboardOptions, c: Context): Space {
  const name = c.req.query('tenant')
  const space =
    name === undefined ? options.spaces[0] : options.spaces.find((s) => s.tenant === name)
  if (!space)
    throw new ApiError(404, `no tenant ${name}`, { tenants: options.spaces.map((s) => s.tenant) })
  return space
}

export function dashboardApi(options: DashboardOptions): Hono {
  const api = new Hono()
  api.onError((error, c) => {
    if (error instanceof ApiError)
      return c.json({ error: error.message, ...error.detail }, error.status)
    throw error
  })

  api.get('/tenants', (c) => c.json({ tenants: options.spaces.map((s) => s.tenant) }))
  api.get('/overview', async (c) => c.json(await overview(spaceOf(options, c))))

  api.get('/runs', async (c) =>
    c.json(
      await runsPage(spaceOf(options, c), {
        pipeline: c.req.query('pipeline') || undefined,
        before: optionalInt(c.req.query('before'), 'before'),
        limit: pageSize(c.req.query('limit')),
      }),
    ),
  )
  api.get('/runs/:id', async (c) => {
    const space = spaceOf(options, c)
    const id = int(c.req.param('id'), 'run id')
    const run = await runView(space, id)
    if (!run) throw new ApiError(404, `no run ${id}`)
    return c.json({ run, launch: space.launches.byRun(id) })
  })
  api.post('/runs', async (c) => {
    const space = spaceOf(options, c)
    const body = await jsonBody(c)
    const pipeline = typeof body.pipeline === 'string' ? body.pipeline : undefined
    if (!pipeline) throw new ApiError(400, 'pipeline: a pipeline name is wanted')
    if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean')
      throw new ApiError(400, 'dryRun: true or false')
    const names = space.pipelines().map((p) => p.name)
    if (!names.includes(pipeline))
      throw new ApiError(404, `no pipeline ${pipeline}`, { pipelines: names })
    try {
      const launch = await space.launches.start(pipeline, body.dryRun === true)
      return c.json({ launch }, 202)
    } catch (error) {
      if (error instanceof PipelineLockedError) throw new ApiError(409, error.message)
      throw error
    }
  })

  api.get('/launches', (c) => c.json({ launches: spaceOf(options, c).launches.list() }))
  api.get('/launches/:id', (c) => c.json({ launch: launchOf(c) }))
  api.get('/launches/:id/plan', async (c) => {
    const space = spaceOf(options, c)
    const id = launchOf(c).id
    const plan = await space.launches.plan(id, {
      ...(c.req.query('stream') ? { stream: c.req.query('stream')! } : {}),
      offset: optionalInt(c.req.query('offset'), 'offset') ?? 0,
      limit: pageSize(c.req.query('limit')),
    })
    return c.json(plan)
  })
  api.get('/launches/:id/events', (c) => {
    const space = spaceOf(options, c)
    const launch = launchOf(c)
    return streamSSE(c, async (stream) => {
      const send = (type: string, data: unknown) =>
        stream.writeSSE({ event: type, data: JSON.stringify(data) })
      await send('update', launch)
      if (launch.state !== 'running') return void (await send('done', launch))
      await new Promise<void>((resolve) => {
        // sent in order, the stream kept open until the last is out
        let sending = Promise.resolve()
        const stop = space.launches.subscribe(launch.id, (event) => {
          sending = sending.then(() => send(event.type, event.launch))
          if (event.type === 'done') void sending.then(finish)
        })
        const finish = () => {
          stop()
          resolve()
        }
        stream.onAbort(finish)
        // done between the first send and subscribing
        if (launch.state !== 'running') finish()
      })
    })
  })

  api.get('/dead-letters', async (c) => {
    const status = c.req.query('status') || 'open'
    if (!statuses.includes(status as DeadLetterStatus))
      throw new ApiError(400, `status: one of ${statuses.join(', ')}`)
    return c.json(
      await deadLettersPage(spaceOf(options, c), {
        status: status as DeadLetterStatus,
        pipeline: c.req.query('pipeline') || undefined,
        vendor: c.req.query('vendor') || undefined,
        code: c.req.query('code') || undefined,
        after: optionalInt(c.req.query('after'), 'after'),
        limit: pageSize(c.req.query('limit')),
      }),
    )
  })
  api.post('/dead-letters/retry', async (c) => {
    const space = spaceOf(options, c)
    const ids = await openIds(space, c)
    const letters = await space.store.deadLetters({ ids, limit: ids.length })
    const total = { retried: 0, delivered: 0, failed: 0 }
    const byHand: number[] = []
    const running: number[] = []
    for (const pipeline of space.pipelines()) {
      const mine = letters.filter((d) => d.pipeline === pipeline.name).map((d) => d.id)
      if (!mine.length) continue
      const result = await retryDeadLetters(pipeline, { store: space.store, ids: mine }).catch(
        (error: unknown) => {
          // a sync of it is running: its letters stay open until it ends, the others go on
          if (error instanceof PipelineLockedError) return void running.push(...mine)
          throw error
        },
      )
      if (!result) continue
      total.retried += result.retried
      total.delivered += result.delivered
      total.failed += result.failed
      byHand.push(...(result.byHand ?? []))
    }
    const gone = letters.filter((d) => !space.pipelines().some((p) => p.name === d.pipeline))
    return c.json({
      ...total,
      ...(byHand.length ? { byHand } : {}),
      ...(running.length ? { running } : {}),
      ...(gone.length ? { notConfigured: gone.map((d) => d.id) } : {}),
    })
  })
  api.post('/dead-letters/dismiss', async (c) => {
    const space = spaceOf(options, c)
    const ids = await openIds(space, c)
    return c.json({ dismissed: await space.store.dismissDeadLetters(ids) })
  })

  api.get('/consent/:address', async (c) => {
    const view = await consentView(spaceOf(options, c), c.req.param('address'))
    if (!view) throw new ApiError(400, 'neither an e-mail address nor a GSM number')
    return c.json(view)
  })

  api.get('/emulators', (c) => {
    if (!options.emulators)
      throw new ApiError(404, 'no emulators here: kopru serve --emulate runs them')
    return c.json({ emulators: options.emulators.map((e) => emulatorView(e.emulator, e.baseUrl)) })
  })
  api.put('/emulators/:name/chaos', async (c) => {
    const found = options.emulators?.find((e) => e.emulator.name === c.req.param('name'))
    if (!found) throw new ApiError(404, `no emulator ${c.req.param('name')} here`)
    const checked = chaosSettingsSchema.safeParse(await jsonBody(c))
    if (!checked.success)
      throw new ApiError(
        400,
        checked.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      )
    return c.json({ chaos: found.emulator.chaos.configure(checked.data) })
  })

  api.get('/webhooks', (c) => {
    const view = webhooksView(options)
    if (!view) throw new ApiError(404, NO_WEBHOOKS)
    return c.json({
      counts: view.counts,
      rejected: view.rejected,
      events: [...view.events].reverse(),
    })
  })

  api.all('*', (c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404))

  function launchOf(c: Context) {
    const id = int(c.req.param('id')!, 'launch id')
    const launch = spaceOf(options, c).launches.get(id)
    if (!launch)
      throw new ApiError(404, `no launch ${id} (launches are kept while kopru serve runs)`)
    return launch
  }
  return api
}

/** The body's `ids`, every one an open dead letter; otherwise nothing is done (409 names them). */
async function openIds(space: Space, c: Context): Promise<number[]> {
  const body = await jsonBody(c)
  const ids = body.ids
  if (!Array.isArray(ids) || !ids.length || !ids.every((id) => Number.isSafeInteger(id) && id > 0))
    throw new ApiError(400, 'ids: a list of dead letter ids is wanted')
  if (ids.length > 1_000) throw new ApiError(400, 'ids: at most 1,000 at once')
  const wanted = [...new Set(ids as number[])]
  const found = await space.store.deadLetters({ ids: wanted, limit: wanted.length })
  const open = new Set(found.filter((d) => d.status === 'open').map((d) => d.id))
  const unknown = wanted.filter((id) => !found.some((d) => d.id === id))
  const closed = found
    .filter((d) => d.status !== 'open')
    .map((d) => ({ id: d.id, status: d.status }))
  if (unknown.length || closed.length)
    throw new ApiError(
      409,
      'only open dead letters can be retried or dismissed; nothing was done',
      {
        ...(unknown.length ? { unknown } : {}),
        ...(closed.length ? { notOpen: closed } : {}),
      },
    )
  return wanted.filter((id) => open.has(id))
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/json\b/i.test(type))
    throw new ApiError(415, 'send JSON (content-type: application/json)')
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY)
    throw new ApiError(413, 'the body is too large')
  // read no further than the limit, whatever the body claims
  const text = await readLimited(c.req.raw, MAX_BODY)
  if (text === undefined) throw new ApiError(413, 'the body is too large')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ApiError(400, 'the body is not JSON')
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ApiError(400, 'the body must be a JSON object')
  return value as Record<string, unknown>
}

function int(text: string, what: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n))
    throw new ApiError(400, `${what}: a whole number is wanted`)
  return n
}

function optionalInt(text: string | undefined, what: string): number | undefined {
  return text === undefined || text === '' ? undefined : int(text, what)
}

function pageSize(text: string | undefined): number {
  const n = optionalInt(text, 'limit') ?? 50
  if (n < 1 || n > 500) throw new ApiError(400, 'limit: between 1 and 500')
  return n
}
