/**
 * The machine's PostgreSQL for tests (127.0.0.1:5432, trust auth, database `test`, or
 * `KOPRU_TEST_DATABASE_URL`), each caller in a schema of its own, dropped afterwards. A test that
 * needs it fails with a clear message when it is not there: it never skips.
 */
import pg from 'pg'
import { freePort } from './redis.ts'

export const databaseUrl =
  process.env.KOPRU_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A fresh schema name and its state URL; `drop()` removes the schema and all in it. */
export async function freshSchema(label: string): Promise<{
  schema: string
  url: string
  drop(): Promise<void>
}> {
  const schema = `kopru_test_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const client = new pg.Client({ connectionString: databaseUrl })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(
      `PostgreSQL is needed for this test and cannot be reached at ${databaseUrl} (${(error as Error).message}); start it (pg_ctlcluster … main start) or set KOPRU_TEST_DATABASE_URL`,
      { cause: error },
    )
  } finally {
    await client.end().catch(() => undefined)
  }
  const separator = databaseUrl.includes('?') ? '&' : '?'
  return {
    schema,
    url: `${databaseUrl}${separator}schema=${schema}`,
    async drop() {
      const admin = new pg.Client({ connectionString: databaseUrl })
      await admin.connect()
      try {
        await admin.query(`drop schema if exists ${schema} cascade`)
      } finally {
        await admin.end()
      }
    },
  }
}

export interface PrivatePostgres {
  /** the state URL of its `kopru` database */
  url: string
  /** stops it at once (`pg_ctl stop -m immediate`): every connection is cut */
  stop(): Promise<void>
  start(): Promise<void>
  /** stops it and removes its files */
  destroy(): Promise<void>
}

/**
 * A PostgreSQL server of the test's own (Debian's binaries, a cluster in a temporary directory,
 * run as the postgres user, trust auth on a free port), so a test can stop it mid-run without
 * touching the server others use. Fails with a clear message when the binaries are not there.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const { execFileSync } = await import('node:child_process')
  const { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : []
  const bin = versions.length ? `/usr/lib/postgresql/${versions.sort().at(-1)}/bin` : ''
  if (!bin || !existsSync(join(bin, 'initdb')))
    throw new Error('PostgreSQL server binaries are needed (apt-get install postgresql)')
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'kopru-pg-'))
  const postgres = { uid: 0, gid: 0 }
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim())
  postgres.uid = id('-u')
  postgres.gid = id('-g')
  chownSync(dir, postgres.uid, postgres.gid)
  const data = join(dir, 'data')
  const asPostgres = (command: string, args: string[]) =>
    execFileSync(join(bin, command), args, {
      uid: postgres.uid,
      gid: postgres.gid,
      stdio: 'ignore',
      timeout: 60_000,
    })
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const start = async () => {
    asPostgres('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ])
  }
  const stop = async () => {
    asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
  }
  await start()
  const admin = new pg.Client({
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
  })
  await admin.connect()
  await admin.query('create database kopru')
  await admin.end()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/kopru`,
    start,
    stop,
    async destroy() {
      await stop().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
