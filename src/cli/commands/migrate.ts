/** `kopru migrate`: creates or updates the PostgreSQL state schema. */
import { Command } from 'commander'
import pg from 'pg'
import { redactPassword } from '../../core/errors.ts'
import { StateDatabaseError, isPostgresUrl, parseStateUrl } from '../../sync/postgres.ts'
import { migrate, migrations, schemaVersion } from '../../sync/postgres-schema.ts'
import { loadCliConfig, UsageError } from '../util.ts'

export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'create or update the PostgreSQL state schema (a SQLite state file updates itself)',
    )
    .option('-c, --config <file>', 'the configuration file naming the state', 'kopru.yaml')
    .option('--url <postgres-url>', 'the state database instead (else KOPRU_STATE_URL, kopru.yaml)')
    .action(async (options: { config: string; url?: string }) => {
      const url =
        options.url ?? process.env.KOPRU_STATE_URL ?? loadCliConfig(options.config).statePath
      if (!isPostgresUrl(url))
        throw new UsageError(
          `the state is the SQLite file ${url}, which kopru updates itself when it opens it; migrate is for a postgres:// state`,
        )
      const { connectionString, schema } = parseStateUrl(url)
      const client = new pg.Client({ connectionString })
      client.on('error', () => undefined) // a cut connection is said by the query it fails
      try {
        await client.connect()
      } catch (error) {
        throw new StateDatabaseError(
          `the state database ${redactPassword(connectionString)} cannot be reached (${(error as Error).message})`,
          { cause: error },
        )
      }
      let applied: number[]
      let version: number
      try {
        applied = await migrate(client, schema)
        version = await schemaVersion(client, schema)
      } catch (error) {
        // a refusal (a permission, a name, a cut connection) is one line naming the database
        const code = (error as { code?: unknown }).code
        throw new StateDatabaseError(
          `schema ${schema} in ${redactPassword(connectionString)} cannot be migrated (${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message})`,
          { cause: error },
        )
      } finally {
        await client.end().catch(() => undefined)
      }
      const names = new Map(migrations.map((m) => [m.version, m.name]))
      process.stdout.write(
        applied.length
          ? `schema ${schema}: applied ${applied.map((v) => `${v} (${names.get(v)})`).join(', ')}; now at version ${version}\n`
          : `schema ${schema}: at version ${version}, nothing to apply\n`,
      )
    })
    .addHelpText(
      'after',
      `
The state is PostgreSQL when kopru.yaml says state: postgres://user@host/database?schema=kopru
(or KOPRU_STATE_URL does). kopru also applies missing migrations itself when it opens the state;
run this to do it ahead, e.g. before starting several workers.`,
    )
}
