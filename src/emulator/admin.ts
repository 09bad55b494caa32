/**
 * `/__kopru/`: inspection and control of an emulator. Explicitly not the vendor's API; it answers
 * in plain JSON, never in the vendor's envelope. `admin-guard.ts` decides who may call it.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { adminGuard, isJsonType } from './admin-guard.ts'
import type { Emulator } from './host.ts'
import { parseJson, readLimited } from './inputs.ts'
import { describeIssues } from './limits.ts'
import { ErrorReply } from './types.ts'

const seedBody = z.strictObject({
  seed: z.number().int().optional(),
  sizes: z.record(z.string(), z.number().int().min(0)).optional(),
  /** ISO time seed data is generated relative to */
  now: z.iso.datetime({ offset: true }).optional(),
})

/** Time only moves forward: at most ten years at a time. */
const clockBody = z.strictObject({ advanceSeconds: z.number().min(0).max(315_576_000) })

/** Largest admin body: a state dump, and anything else (settings, a seed). */
export const MAX_STATE_BYTES = 256 * 1024 * 1024
export const MAX_ADMIN_BYTES = 1024 * 1024

export function adminRoutes<S, W>(emulator: Emulator<S, W>): Hono {
  const admin = new Hono()
  const started = Date.now()
  admin.use('*', adminGuard({ token: emulator.adminToken, hostNames: emulator.hostNames }))

  admin.get('/health', (c) =>
    c.json({
      ok: true,
      api: emulator.name,
      operations: Object.keys(emulator.def.api.operations).length,
      uptimeMs: Date.now() - started,
      seed: emulator.seedOptions.seed,
    }),
  )

  admin.post('/reset', (c) => {
    emulator.reset()
    return c.json({ ok: true, seed: emulator.seedOptions.seed })
  })

  admin.post('/seed', async (c) => {
    const body = await readJson(c, seedBody)
    if (!body.ok) return body.response
    const { seed = emulator.seedOptions.seed, sizes, now } = body.value
    try {
      emulator.reseed({
        seed,
        sizes: { ...emulator.seedOptions.sizes, ...sizes },
        ...(now ? { now: new Date(now) } : {}),
      })
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400)
    }
    return c.json({ ok: true, seed, sizes: emulator.seedOptions.sizes })
  })

  admin.get('/state', (c) => c.json(emulator.dump() as object))
  admin.put('/state', async (c) => {
    const body = await readJson(c, z.unknown(), MAX_STATE_BYTES)
    if (!body.ok) return body.response
    try {
      emulator.load(body.value)
    } catch (error) {
      return c.json({ error: `state not accepted: ${(error as Error).message}` }, 400)
    }
    return c.json({ ok: true })
  })

  admin.get('/requests', (c) => {
    const limit = Number(c.req.query('limit') ?? 100)
    return c.json(
      emulator.log.list({
        operationId: c.req.query('operation'),
        limit: Number.isFinite(limit) ? limit : 100,
      }),
    )
  })
  admin.delete('/requests', (c) => {
    emulator.log.clear()
    return c.json({ ok: true })
  })

  admin.get('/chaos', (c) => c.json(emulator.chaos.settings))
  admin.put('/chaos', async (c) => {
    const body = await readJson(c, z.unknown())
    if (!body.ok) return body.response
    const parsed = safely(() => emulator.chaos.configure(body.value))
    return parsed.ok ? c.json(parsed.value) : c.json({ error: parsed.error }, 400)
  })

  admin.get('/switches', (c) => c.json(emulator.switches as object))
  admin.put('/switches', async (c) => {
    const body = await readJson(c, z.record(z.string(), z.unknown()))
    if (!body.ok) return body.response
    const parsed = safely(() =>
      emulator.parseSwitches({ ...(emulator.switches as object), ...body.value }),
    )
    if (!parsed.ok) return c.json({ error: parsed.error }, 400)
    emulator.switches = parsed.value
    emulator.save()
    return c.json(parsed.value as object)
  })

  // the emulator's time, which moves ahead only when told: what the vendor does later by itself
  admin.get('/clock', (c) => c.json({ now: emulator.now().toISOString() }))
  admin.post('/clock', async (c) => {
    const body = await readJson(c, clockBody)
    if (!body.ok) return body.response
    return c.json({ now: emulator.advanceClock(body.value.advanceSeconds * 1000).toISOString() })
  })

  admin.get('/webhooks', (c) => c.json(emulator.webhooks.settings))
  admin.put('/webhooks', async (c) => {
    const body = await readJson(c, z.unknown())
    if (!body.ok) return body.response
    const parsed = safely(() => emulator.webhooks.configure(body.value))
    return parsed.ok ? c.json(parsed.value) : c.json({ error: parsed.error }, 400)
  })
  admin.get('/webhooks/deliveries', (c) =>
    c.json(emulator.webhooks.list({ event: c.req.query('event'), state: c.req.query('state') })),
  )
  admin.delete('/webhooks/deliveries', (c) => {
    emulator.webhooks.clear()
    return c.json({ ok: true })
  })
  admin.post('/webhooks/deliveries/:id/redeliver', (c) =>
    emulator.webhooks.redeliver(c.req.param('id'))
      ? c.json({ ok: true })
      : c.json({ error: `no delivery ${c.req.param('id')}` }, 404),
  )

  // the API's own simulation controls (its README lists them)
  for (const route of emulator.def.adminRoutes ?? []) {
    admin.on(route.method, route.path, async (c) => {
      let body: unknown
      if (route.method !== 'GET') {
        const read = await readJson(c, route.body ?? z.unknown())
        if (!read.ok) return read.response
        body = read.value
      }
      const ctx = emulator.adminContext(c.req.raw)
      try {
        const value = route.handle({ ctx, body, query: c.req.query(), params: c.req.param() })
        if (route.method !== 'GET') emulator.save()
        return c.json(value as object)
      } catch (error) {
        if (error instanceof ErrorReply) return error.response
        return c.json({ error: (error as Error).message }, 400)
      }
    })
  }

  admin.all('*', (c) => {
    // the methods the routes above take on this path, for the Allow header of a 405
    const path = c.req.path.slice('/__kopru'.length).replace(/\/+$/, '')
    const methods = admin.routes.filter((r) => r.path === path).map((r) => r.method)
    if (!methods.length)
      return c.json({ error: `no admin route ${c.req.method} ${c.req.path}` }, 404)
    const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods
    return c.json({ error: `${c.req.path} takes ${methods.join(', ')}` }, 405, {
      allow: allow.join(', '),
    })
  })
  return admin
}

/** The body as JSON checked by `schema`: bounded, JSON by its content type, nested shallowly. */
async function readJson<T>(
  c: Context,
  schema: z.ZodType<T>,
  maxBytes = MAX_ADMIN_BYTES,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const refuse = (error: string, status: 400 | 413 | 415) =>
    ({ ok: false, response: c.json({ error }, status) }) as const
  const tooLarge = () => refuse(`the body is over ${maxBytes} bytes`, 413)
  // refused on its declared length before any of it is read
  if (Number(c.req.header('content-length') ?? 0) > maxBytes) return tooLarge()
  const text = await readLimited(c.req.raw, maxBytes)
  if (text === undefined) return tooLarge()
  let value: unknown = {}
  if (text.trim()) {
    // the guard let a body without a content type through only when its length was unknown
    if (!isJsonType(c.req.header('content-type') ?? ''))
      return refuse('admin writes take content-type: application/json', 415)
    const parsed = parseJson(text)
    if (!parsed.ok) return refuse(parsed.detail, 400)
    value = parsed.value
  }
  const checked = schema.safeParse(value)
  if (!checked.success) return refuse(describeIssues(checked.error), 400)
  return { ok: true, value: checked.data }
}

function safely<T>(run: () => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: run() }
  } catch (error) {
    return {
      ok: false,
      error: error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message,
    }
  }
}
