/**
 * The dashboard over many tenants of one PostgreSQL state (`kopru serve --tenants`): each tenant's
 * pipelines, runs and dead letters apart, chosen with `?tenant=`, its next run from its interval.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveEmulators, type Serving } from '../../src/emulator/serve.ts'
import { kopruServer, type KopruServer } from '../../src/sync/serve.ts'
import { configSchema } from '../../src/sync/config.ts'
import { TenantRegistry } from '../../src/sync/tenants.ts'
import type { Space } from '../../src/web/data.ts'
import { mountDashboard } from '../../src/web/dashboard.ts'
import type { LaunchView } from '../../src/web/launches.ts'
import { tenantSpaces } from '../../src/web/spaces.ts'
import { freshSchema } from '../support/postgres.ts'
import { createWorld, worldConfigInput, worldEnv } from '../support/sync-world.ts'
import { servedUrls } from '../support/tenants.ts'

const secretKey = randomBytes(32).toString('base64')
const servings: Serving[] = []
let spaces: Space[] = []
let server: KopruServer
let drop: () => Promise<void>

beforeAll(async () => {
  const state = await freshSchema('dashboard_tenants')
  drop = state.drop
  const registry = await TenantRegistry.open(state.url, { KOPRU_SECRET_KEY: secretKey })
  try {
    for (const [name, seed, every] of [
      ['shop-a', 21, 3600],
      ['shop-b', 22, 600],
    ] as const) {
      const serving = await serveEmulators(createWorld({ seed, now: new Date() }).all)
      servings.push(serving)
      await registry.put({
        name,
        config: worldConfigInput(servedUrls(serving)),
        secrets: worldEnv,
        everySeconds: every,
      })
    }
  } finally {
    await registry.close()
  }
  spaces = await tenantSpaces(state.url, { KOPRU_SECRET_KEY: secretKey })
  server = kopruServer({
    config: configSchema.parse({ connections: {}, pipelines: {} }),
    clients: {},
    store: spaces[0]!.store,
    extend: (app, self) => mountDashboard(app, { spaces, server: self }),
  })
})
afterAll(async () => {
  for (const space of spaces) {
    await space.launches.close()
    await space.store.close()
  }
  for (const serving of servings) await serving.close()
  await drop?.()
})

const get = async <T>(path: string) => {
  const response = await server.fetch(new Request(`http://127.0.0.1${path}`))
  expect(response.status, path).toBe(200)
  return (await response.json()) as T
}

describe('the dashboard over tenants', () => {
  it('keeps each tenant’s runs apart, and says when each runs next', async () => {
    expect(await get('/api/tenants')).toEqual({ tenants: ['shop-a', 'shop-b'] })
    const started = await server.fetch(
      new Request('http://127.0.0.1/api/runs?tenant=shop-b', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pipeline: 'catalog' }),
      }),
    )
    expect(started.status).toBe(202)
    const { launch } = (await started.json()) as { launch: LaunchView }
    expect((await spaces[1]!.launches.settled(launch.id))!.state).toBe('succeeded')

    type Overview = {
      tenant: string
      pipelines: { name: string; lastRun?: { id: number; startedAt: string }; nextRunAt?: string }[]
    }
    const b = await get<Overview>('/api/overview?tenant=shop-b')
    const a = await get<Overview>('/api/overview?tenant=shop-a')
    const catalogB = b.pipelines.find((p) => p.name === 'catalog')!
    expect(catalogB.lastRun!.id).toBe(launch.runId)
    expect(Date.parse(catalogB.nextRunAt!) - Date.parse(catalogB.lastRun!.startedAt)).toBe(600_000)
    expect(a.pipelines.find((p) => p.name === 'catalog')!.lastRun).toBeUndefined()
    expect((await get<{ runs: unknown[] }>('/api/runs?tenant=shop-a')).runs).toEqual([])
    // the first tenant is the default; an unknown one is refused
    expect((await get<Overview>('/api/overview')).tenant).toBe('shop-a')
    expect(
      (await server.fetch(new Request('http://127.0.0.1/api/overview?tenant=shop-z'))).status,
    ).toBe(404)
    // the pages offer the choice, and keep it in their links
    const page = await (
      await server.fetch(new Request('http://127.0.0.1/runs?tenant=shop-b'))
    ).text()
    expect(page).toMatch(/<option selected>shop-b<\/option>/)
    expect(page).toContain(`href="/runs/${launch.runId}?tenant=shop-b"`)
  })
})
