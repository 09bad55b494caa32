/**
 * `/__kopru/`: inspection and control of an emulator. Explicitly not the vendor's API; it answers
 * in plain JSON, never in the vendor's envelope.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Emulator } from './host.ts'

const seedBody = z.strictObject({
  seed: z.number().int().optional(),
  sizes: z.record(z.string(), z.number().int().min(0)).optional(),
  /** ISO time seed data is generated relative to */
  now: z.iso.datetime({ offset: true }).optional(),
})

export function adminRoutes<S, W>(emulator: Emulator<S, W>): Hono {
  const admin = new Hono()
  const started = Date.now()

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
    const body = await readJson(c, z.unknown())
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

  admin.all('*', (c) => c.json({ error: `no admin route ${c.req.method} ${c.req.path}` }, 404))
  return admin
}

async function readJson<T>(
  c: Context,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const text = await c.req.text()
  let value: unknown = {}
  try {
    if (text.trim()) value = JSON.parse(text)
  } catch {
    return { ok: false, response: c.json({ error: 'the body is not valid JSON' }, 400) }
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    return { ok: false, response: c.json({ error: z.prettifyError(parsed.error) }, 400) }
  return { ok: true, value: parsed.data }
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
