/**
 * `kopru tenants add|list|remove` with the PostgreSQL state: each tenant a kopru.yaml and its
 * credentials, the credentials sealed with KOPRU_SECRET_KEY and never stored in plain text.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresStateStore } from '../../src/sync/postgres.ts'
import { TenantRegistry } from '../../src/sync/tenants.ts'
import { kopru } from '../support/cli.ts'
import { freshSchema } from '../support/postgres.ts'
import { freePort } from '../support/redis.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-tenants-'))
const key = randomBytes(32).toString('base64')
let state: Awaited<ReturnType<typeof freshSchema>>

const config = `connections:
  setrow:
    baseUrl: http://127.0.0.1:9/
    env: { apiKey: SETROW_API_KEY }
pipelines:
  customers-and-orders: { from: [softtr] }
  catalog: { enabled: false }
`

beforeAll(async () => {
  state = await freshSchema('tenants')
  writeFileSync(join(dir, 'shop.yaml'), config)
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ SETROW_API_KEY: 'gizli-anahtar-42' }))
  writeFileSync(join(dir, 'bad-secrets.json'), JSON.stringify({ 'setrow key': '' }))
  writeFileSync(join(dir, 'broken.yaml'), 'connections: {')
})
afterAll(async () => {
  await state.drop()
  rmSync(dir, { recursive: true, force: true })
})

const env = () => ({ KOPRU_STATE_URL: state.url, KOPRU_SECRET_KEY: key })

// the machine's Redis, for what kopru schedule and worker make of the URL they are given; keys
// under a prefix of this test's own, removed afterwards
const redisUrl = 'redis://127.0.0.1:6379'
const queuePrefix = `kopru-test-tenants-${process.pid}`
afterAll(async () => {
  const redis = new Redis(redisUrl)
  try {
    const keys = await redis.keys(`${queuePrefix}:*`)
    if (keys.length) await redis.del(...keys)
  } finally {
    redis.disconnect()
  }
})

describe('kopru tenants', () => {
  it('adds a tenant with sealed secrets, lists it, and reads the secrets back only with the key', async () => {
    const added = await kopru(
      [
        'tenants',
        'add',
        'magaza-1',
        '-c',
        join(dir, 'shop.yaml'),
        '--secrets',
        join(dir, 'secrets.json'),
        '--every',
        '90s',
      ],
      { env: env() },
    )
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toBe(
      'tenant magaza-1 saved with 1 secret(s), encrypted; its pipelines run every 90s\n',
    )
    const listed = await kopru(['tenants', 'list', '--json'], { env: env() })
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { name: 'magaza-1', everySeconds: 90, pipelines: ['customers-and-orders'], hasSecrets: true },
    ])

    // nowhere in the database in plain text
    const client = new pg.Client({ connectionString: state.url.replace(/[?&]schema=.*$/, '') })
    await client.connect()
    try {
      const { rows } = await client.query<{ row: string }>(
        `select t::text as row from ${state.schema}.tenants t`,
      )
      expect(rows).toHaveLength(1)
      expect(rows[0]!.row).not.toContain('gizli-anahtar-42')
      expect(rows[0]!.row).not.toContain(Buffer.from('gizli-anahtar-42').toString('hex'))
    } finally {
      await client.end()
    }

    const registry = await TenantRegistry.open(state.url, env())
    try {
      expect((await registry.get('magaza-1'))?.secrets).toEqual({
        SETROW_API_KEY: 'gizli-anahtar-42',
      })
    } finally {
      await registry.close()
    }
    const wrongKey = await TenantRegistry.open(state.url, {
      KOPRU_SECRET_KEY: randomBytes(32).toString('base64'),
    })
    try {
      await expect(wrongKey.get('magaza-1')).rejects.toThrow(/not the key they were stored with/)
    } finally {
      await wrongKey.close()
    }
  })

  it('refuses bad input with a clear message', async () => {
    const noKey = await kopru(
      [
        'tenants',
        'add',
        'magaza-2',
        '-c',
        join(dir, 'shop.yaml'),
        '--secrets',
        join(dir, 'secrets.json'),
      ],
      { env: { KOPRU_STATE_URL: state.url, KOPRU_SECRET_KEY: undefined } },
    )
    expect(noKey.code).not.toBe(0)
    expect(noKey.stderr).toMatch(/KOPRU_SECRET_KEY is not set/)

    const badName = await kopru(['tenants', 'add', 'Mağaza', '-c', join(dir, 'shop.yaml')], {
      env: env(),
    })
    expect(badName.code).not.toBe(0)
    expect(badName.stderr).toMatch(/tenant name "Mağaza": lower-case letters/)

    const badSecrets = await kopru(
      [
        'tenants',
        'add',
        'magaza-3',
        '-c',
        join(dir, 'shop.yaml'),
        '--secrets',
        join(dir, 'bad-secrets.json'),
      ],
      { env: env() },
    )
    expect(badSecrets.code).not.toBe(0)
    expect(badSecrets.stderr).toMatch(
      /bad-secrets\.json: setrow key is empty; setrow key is not an environment variable name/,
    )

    const broken = await kopru(['tenants', 'add', 'magaza-4', '-c', join(dir, 'broken.yaml')], {
      env: env(),
    })
    expect(broken.code).not.toBe(0)
    expect(broken.stderr).toMatch(/broken\.yaml is not valid YAML/)

    const noState = await kopru(['tenants', 'list'], { env: { KOPRU_STATE_URL: undefined } })
    expect(noState.code).not.toBe(0)
    expect(noState.stderr).toMatch(/tenants live in a PostgreSQL state/)
  })

  it('refuses an --every under 1 s or beyond what the state holds, naming the bounds', async () => {
    // under 1 s was stored as 0 (due at every tick); 1000000h overflowed the integer column
    for (const every of ['100ms', '0.4s', '1000000h']) {
      const run = await kopru(
        ['tenants', 'add', 'magaza-5', '-c', join(dir, 'shop.yaml'), '--every', every],
        { env: env() },
      )
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toMatch(
        new RegExp(`^kopru: --every must be from 1s to 596523h, got "${every}"\n`),
      )
    }
    expect((await kopru(['tenants', 'list', '--json'], { env: env() })).stdout).not.toMatch(
      /magaza-5/,
    )
    // both bounds are taken
    for (const [every, seconds] of [
      ['1s', 1],
      ['596523h', 596523 * 3600],
    ] as const) {
      const run = await kopru(
        ['tenants', 'add', 'magaza-5', '-c', join(dir, 'shop.yaml'), '--every', every],
        { env: env() },
      )
      expect(run.code, run.stderr).toBe(0)
      const listed = await kopru(['tenants', 'list', '--json'], { env: env() })
      expect(JSON.parse(listed.stdout)).toContainEqual(
        expect.objectContaining({ name: 'magaza-5', everySeconds: seconds }),
      )
    }
    expect((await kopru(['tenants', 'remove', 'magaza-5'], { env: env() })).code).toBe(0)
  })

  it('removes a tenant; an unknown one is an error', async () => {
    const removed = await kopru(['tenants', 'remove', 'magaza-1', '--purge'], { env: env() })
    expect(removed.code, removed.stderr).toBe(0)
    expect(removed.stdout).toBe('tenant magaza-1 removed with its state\n')
    expect((await kopru(['tenants', 'list'], { env: env() })).stdout).toBe('no tenants\n')
    const again = await kopru(['tenants', 'remove', 'magaza-1'], { env: env() })
    expect(again.code).not.toBe(0)
    expect(again.stderr).toMatch(/there is no tenant magaza-1/)
  })
})

describe('status and dead-letters --tenant', () => {
  it("show one tenant's runs and dead letters, and act on its dead letters only", async () => {
    const store = await PostgresStateStore.open({ url: state.url, tenant: 'magaza-9' })
    try {
      const run = await store.startRun('customers-and-orders', { dryRun: false })
      await store.commit({
        pipeline: 'customers-and-orders',
        scope: 'customers-and-orders/customers',
        deadLetters: [
          { stream: 'customers', key: 'c1', record: {}, code: 'E126', reason: 'unsubscribed' },
        ],
      })
      await store.finishRun(run, {
        status: 'succeeded',
        counts: { customers: { read: 1, created: 0, updated: 0, skipped: 0, failed: 1 } },
      })
    } finally {
      await store.close()
    }
    const status = await kopru(['status', '--tenant', 'magaza-9'], { env: env() })
    expect(status.code, status.stderr).toBe(0)
    expect(status.stdout).toMatch(
      /^tenant magaza-9: runs \(newest first\)\n {2}#\d+ customers-and-orders +succeeded/,
    )
    expect(status.stdout).toMatch(
      /open dead letters: 1\n {2}see: kopru dead-letters list --tenant magaza-9\n/,
    )
    const other = await kopru(['status', '--tenant', 'magaza-8', '--json'], { env: env() })
    expect(JSON.parse(other.stdout)).toMatchObject({ runs: [], deadLetters: [] })

    const listed = await kopru(['dead-letters', 'list', '--tenant', 'magaza-9', '--json'], {
      env: env(),
    })
    const [letter] = JSON.parse(listed.stdout) as { id: number; code: string }[]
    expect(letter).toMatchObject({ code: 'E126' })
    // another tenant's ids are not this one's to dismiss
    const wrong = await kopru(
      ['dead-letters', 'dismiss', String(letter!.id), '--tenant', 'magaza-8'],
      {
        env: env(),
      },
    )
    expect(wrong.code).toBe(1)
    const dismissed = await kopru(
      ['dead-letters', 'dismiss', String(letter!.id), '--tenant', 'magaza-9'],
      { env: env() },
    )
    expect(dismissed.stdout).toBe('1 dismissed\n')

    const noPostgres = await kopru(['status', '--tenant', 'magaza-9', '--state', '/tmp/x.db'], {
      env: { KOPRU_STATE_URL: undefined },
    })
    expect(noPostgres.code).toBe(2)
    expect(noPostgres.stderr).toMatch(/tenants live in a PostgreSQL state/)
  })
})

describe('kopru schedule and worker: the Redis they are given', () => {
  const redisEnv = () => ({ ...env(), KOPRU_QUEUE_PREFIX: queuePrefix, KOPRU_REDIS_URL: undefined })
  beforeAll(async () => {
    // a tenant that never ran: due at once, so schedule --once has a run to queue
    const added = await kopru(['tenants', 'add', 'redis-1', '-c', join(dir, 'shop.yaml')], {
      env: env(),
    })
    expect(added.code, added.stderr).toBe(0)
  })
  afterAll(async () => {
    await kopru(['tenants', 'remove', 'redis-1'], { env: env() })
  })

  it('refuse a database index that is not a number, before starting', async () => {
    // ioredis selected NaN: the worker crashed after "worker started"
    for (const command of [['schedule', '--once'], ['worker']]) {
      const run = await kopru([...command, '--redis', `${redisUrl}/abc`], { env: redisEnv() })
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toMatch(
        /^kopru: --redis redis:\/\/127\.0\.0\.1:6379\/abc: the database after the port must be a number such as \/0 \(Redis has 0 to 15 unless configured otherwise\), got "abc"\n/,
      )
      expect(run.stdout).toBe('')
    }
    const fromEnv = await kopru(['schedule', '--once'], {
      env: { ...redisEnv(), KOPRU_REDIS_URL: `${redisUrl}/-1` },
    })
    expect(fromEnv.code).toBe(2)
    expect(fromEnv.stderr).toMatch(/^kopru: KOPRU_REDIS_URL redis:\/\/127\.0\.0\.1:6379\/-1: /)
  })

  it('fail clearly on a database Redis does not have, and never use database 0 instead', async () => {
    const redis = new Redis(redisUrl)
    try {
      const [, databases] = (await redis.config('GET', 'databases')) as [string, string]
      const url = `${redisUrl}/${databases}` // one past the last
      const refused = new RegExp(
        `^kopru: Redis at ${url.replace(/[/.]/g, '\\$&')} refuses database ${databases} \\(ERR DB index is out of range\\); give one it has, such as redis://host:6379/0\n$`,
      )
      const once = await kopru(['schedule', '--once', '--redis', url], { env: redisEnv() })
      expect(once.code, once.stdout + once.stderr).toBe(1)
      expect(once.stderr).toMatch(refused)
      const worker = await kopru(['worker', '--redis', url], { env: redisEnv() })
      expect(worker.code, worker.stdout + worker.stderr).toBe(1)
      expect(worker.stdout).toMatch(/"worker started"/)
      expect(worker.stderr).toMatch(refused)
      // nothing was queued, nor any worker key written, in database 0
      expect(await redis.keys(`${queuePrefix}:*`)).toEqual([])
    } finally {
      redis.disconnect()
    }
  })

  it('schedule --once gives up on a Redis it cannot reach, naming it', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`
    const started = Date.now()
    const run = await kopru(['schedule', '--once', '--redis', url], { env: redisEnv() })
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).toBe(
      `kopru: Redis at ${url} did not answer within 10 s: is it running, and is that its address?\n`,
    )
    expect(Date.now() - started).toBeLessThan(25_000)
  }, 40_000)
})
