/**
 * The machine's PostgreSQL for tests (127.0.0.1:5432, trust auth, database `test`, or
 * `KOPRU_TEST_DATABASE_URL`), each caller in a schema of its own, dropped afterwards. A test that
 * needs it fails with a clear message when it is not there: it never skips.
 */
import pg from 'pg'

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
