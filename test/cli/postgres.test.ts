/**
 * `kopru sync`, `status`, `dead-letters` and `migrate` with the state in PostgreSQL (`state:
 * postgres://…` or `KOPRU_STATE_URL`), against the emulators.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresStateStore } from '../../src/sync/postgres.ts'
import { pipelineNames } from '../../src/sync/recipes.ts'
import { kopru } from '../support/cli.ts'
import { databaseUrl, freshSchema } from '../support/postgres.ts'
import { serveWorld, type ServedWorld } from '../support/sync-cli.ts'
import { createWorld, worldEnv, writeCount, type World } from '../support/sync-world.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-pg-cli-'))
let world: World
let served: ServedWorld
let state: Awaited<ReturnType<typeof freshSchema>>
let config = ''

beforeAll(async () => {
  state = await freshSchema('cli')
  world = createWorld({ now: new Date() })
  served = await serveWorld(world, dir)
  config = join(dir, 'pg.yaml')
  writeFileSync(
    config,
    readFileSync(served.configFile, 'utf8').replace(/^state: .*$/m, `state: ${state.url}`),
  )
})
afterAll(async () => {
  await served.close()
  await state.drop()
  rmSync(dir, { recursive: true, force: true })
})

describe('the state in PostgreSQL', () => {
  it('migrate creates the schema once, then has nothing to apply', async () => {
    const first = await kopru(['migrate', '-c', config])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(
      /^schema kopru_test_cli_\w+: applied 1 \(state tables\), 2 \(tenants\), 3 \(consent ledger\), 4 \(dashboard: run requests, delivered records, dead letter indexes\); now at version 4\n$/,
    )
    const again = await kopru(['migrate', '--url', state.url])
    expect(again.stdout).toMatch(/at version 4, nothing to apply/)
  })

  it('sync keeps its state there: status shows it, and a second run writes nothing', async () => {
    const run = await kopru(['sync', '-c', config], { env: worldEnv })
    expect(run.code, run.stdout + run.stderr).toBe(0)
    const store = await PostgresStateStore.open({ url: state.url })
    try {
      expect(await store.countMappings()).toBeGreaterThan(100)
      // one run per pipeline kopru.yaml enables, every one succeeded
      expect((await store.runs()).map((r) => r.status)).toEqual(
        pipelineNames.map(() => 'succeeded'),
      )
    } finally {
      await store.close()
    }
    const status = await kopru(['status', '-c', config])
    expect(status.code, status.stderr).toBe(0)
    expect(status.stdout).toMatch(/succeeded/)
    world.all.forEach((e) => e.log.clear())
    const second = await kopru(['sync', '-c', config], { env: worldEnv })
    expect(second.code).toBe(0)
    expect(world.all.reduce((n, e) => n + writeCount(e), 0)).toBe(0)
  })

  it('KOPRU_STATE_URL wins over state: in kopru.yaml', async () => {
    const run = await kopru(['status', '-c', served.configFile], {
      env: { KOPRU_STATE_URL: state.url },
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/succeeded/)
  })

  it('names the database it cannot reach, without its password, in one line', async () => {
    const run = await kopru(['status', '-c', config], {
      env: { KOPRU_STATE_URL: 'postgres://kopru:s3cret@127.0.0.1:1/nowhere' },
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^kopru: the state database postgres:\/\/kopru:\*\*\*@127\.0\.0\.1:1\/nowhere cannot be used \(ECONNREFUSED/,
    )
    expect(run.stderr).not.toMatch(/s3cret|\n\s+at /)
  })

  it('migrate takes a schema named by a reserved word, and kopru then works in it', async () => {
    // variadic is reserved as order and user are, and less likely to be anyone's schema
    const url = `${databaseUrl}?schema=variadic`
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    try {
      await admin.query('drop schema if exists "variadic" cascade')
      const run = await kopru(['migrate', '--url', url])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toMatch(
        /^schema variadic: applied 1 \(state tables\), .*now at version 4\n$/,
      )
      const listed = await kopru(['tenants', 'list'], { env: { KOPRU_STATE_URL: url } })
      expect(listed.code, listed.stderr).toBe(0)
      expect(listed.stdout).toBe('no tenants\n')
      const status = await kopru(['status', '-c', config], { env: { KOPRU_STATE_URL: url } })
      expect(status.code, status.stderr).toBe(0)
    } finally {
      await admin.query('drop schema if exists "variadic" cascade')
      await admin.end()
    }
  })

  it('migrate says in one line why the database refuses it, not with a stack', async () => {
    const odd = await freshSchema('refusing')
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    try {
      // another program's kopru_migrations: kopru's statements fail on it
      await admin.query(`create schema ${odd.schema}`)
      await admin.query(`create table ${odd.schema}.kopru_migrations (id integer)`)
      const run = await kopru(['migrate', '--url', odd.url])
      expect(run.code).toBe(1)
      expect(run.stderr).toBe(
        `kopru: schema ${odd.schema} in ${databaseUrl} cannot be migrated (42703: column "version" does not exist)\n`,
      )
    } finally {
      await admin.end()
      await odd.drop()
    }
  })

  it('migrate refuses a SQLite state, which updates itself', async () => {
    const run = await kopru(['migrate', '-c', served.configFile])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/SQLite file .*updates itself/)
  })
})
