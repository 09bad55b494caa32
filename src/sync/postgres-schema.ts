/**
 * The PostgreSQL state's schema as numbered migrations, applied in order by `kopru migrate` (or
 * on first use), each once, recorded in `kopru_migrations`. Every table carries the tenant: one
 * database holds the state of many shops. A released migration is never edited; a change is a new
 * one at the end.
 */
import type { ClientBase } from 'pg'

export interface Migration {
  version: number
  name: string
  sql: string
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'state tables',
    sql: `
create table locks (
  tenant text not null, name text not null, owner text not null,
  expires_at timestamptz not null, primary key (tenant, name));
create table runs (
  id bigserial primary key, tenant text not null, pipeline text not null,
  dry_run boolean not null, status text not null, started_at timestamptz not null,
  finished_at timestamptz, counts text not null default '{}', error text, owner text,
  committed text not null default '{}', counted boolean not null default false);
create index runs_pipeline on runs (tenant, pipeline, id);
create table cursors (
  tenant text not null, pipeline text not null, stream text not null, value text not null,
  updated_at timestamptz not null, primary key (tenant, pipeline, stream));
create table mappings (
  tenant text not null, scope text not null, key text not null, dest_id text,
  hash text not null, version text, grp text, data text, updated_at timestamptz not null,
  primary key (tenant, scope, key));
create index mappings_group on mappings (tenant, scope, grp) where grp is not null;
create table intents (
  tenant text not null, scope text not null, key text not null, data text not null,
  created_at timestamptz not null, primary key (tenant, scope, key));
create table dead_letters (
  id bigserial primary key, tenant text not null, pipeline text not null, stream text not null,
  key text not null, record text not null, code text, reason text not null,
  attempts integer not null, first_at timestamptz not null, last_at timestamptz not null,
  status text not null);
create unique index dead_letters_open on dead_letters (tenant, pipeline, stream, key)
  where status = 'open';
create index dead_letters_pipeline on dead_letters (tenant, pipeline, status, id);
create table audit (
  id bigserial primary key, tenant text not null, pipeline text not null, stream text not null,
  key text not null, action text not null, detail text, at timestamptz not null);
create index audit_pipeline on audit (tenant, pipeline, id);
`,
  },
  {
    version: 2,
    name: 'tenants',
    sql: `
create table tenants (
  name text primary key, config text not null, secrets bytea,
  every_seconds integer not null, created_at timestamptz not null,
  updated_at timestamptz not null);
`,
  },
  {
    version: 3,
    name: 'consent ledger',
    sql: `
create table consent (
  seq bigserial primary key, tenant text not null, ref text not null, person text not null,
  channel text not null, status text not null, tool text not null, reason text not null,
  at text not null, source text, recorded_at timestamptz not null, unique (tenant, ref));
create index consent_person on consent (tenant, person, seq);
`,
  },
  {
    version: 4,
    name: 'dashboard: run requests, delivered records, dead letter indexes',
    // a dashboard pages runs and dead letters (each filter an index's range in id order) and counts
    // open letters by stream and code (an index-only scan)
    sql: `
alter table runs add column requests text;
alter table mappings add column record text;
create index runs_tenant on runs (tenant, id);
create index dead_letters_tenant on dead_letters (tenant, id);
create index dead_letters_status on dead_letters (tenant, status, id);
create index dead_letters_stream on dead_letters (tenant, pipeline, stream, status, id);
create index dead_letters_code on dead_letters (tenant, code, status, id);
create index dead_letters_counts on dead_letters (tenant, status, pipeline, stream, code);
`,
  },
]

/**
 * The tables that hold a tenant's state, each by its `tenant` column: what a purge deletes and a
 * dry run's scratch copy copies. A migration that adds one adds it here.
 */
export const tenantTables = [
  'locks',
  'runs',
  'cursors',
  'mappings',
  'intents',
  'dead_letters',
  'audit',
  // what its customers said: personal data, never a new tenant's of the same name
  'consent',
] as const

/** The longest interval a tenant's `every_seconds` (an integer column) holds. */
export const MAX_EVERY_SECONDS = 2 ** 31 - 1

/** A PostgreSQL schema name kopru accepts (it is written into statements, quoted). */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * `schema` as an identifier in a statement: quoted, so that a reserved word (`order`, `user`) is a
 * name too. SCHEMA_NAME admits no quote, and lower case quoted is the same name as unquoted.
 */
function quoted(schema: string): string {
  return `"${schema}"`
}

/**
 * Applies the migrations a schema lacks, in one transaction, holding an advisory lock so that two
 * processes starting at once do not both apply them. Answers the versions applied.
 */
export async function migrate(client: ClientBase, schema: string): Promise<number[]> {
  if (!SCHEMA_NAME.test(schema)) throw new RangeError(`not a schema name kopru uses: ${schema}`)
  await client.query('begin')
  try {
    await client.query(`select pg_advisory_xact_lock(hashtext($1))`, [`kopru-migrate:${schema}`])
    await client.query(`create schema if not exists ${quoted(schema)}`)
    await client.query(
      `create table if not exists ${quoted(schema)}.kopru_migrations (
         version integer primary key, name text not null,
         applied_at timestamptz not null default clock_timestamp())`,
    )
    const done = new Set(
      (
        await client.query<{ version: number }>(
          `select version from ${quoted(schema)}.kopru_migrations`,
        )
      ).rows.map((r) => r.version),
    )
    const applied: number[] = []
    await client.query(`set local search_path to ${quoted(schema)}`)
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      await client.query(migration.sql)
      await client.query(`insert into kopru_migrations (version, name) values ($1, $2)`, [
        migration.version,
        migration.name,
      ])
      applied.push(migration.version)
    }
    await client.query('commit')
    return applied
  } catch (error) {
    await client.query('rollback')
    throw error
  }
}

/** The newest migration a schema has, 0 for none; ahead of this kopru's means a newer kopru wrote it. */
export async function schemaVersion(client: ClientBase, schema: string): Promise<number> {
  const exists = await client.query(
    `select 1 from information_schema.tables where table_schema = $1 and table_name = 'kopru_migrations'`,
    [schema],
  )
  if (!exists.rowCount) return 0
  const row = await client.query<{ v: number | null }>(
    `select max(version) as v from ${quoted(schema)}.kopru_migrations`,
  )
  return row.rows[0]?.v ?? 0
}
