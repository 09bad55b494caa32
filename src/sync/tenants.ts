/**
 * Tenants: the shops an agency or platform syncs with one kopru, each a named kopru.yaml (its
 * connections and pipelines) and its credentials, kept in the PostgreSQL state. Credentials come
 * from environment variables (as for one kopru.yaml) or from a secrets file that kopru stores
 * encrypted (AES-256-GCM, key in `KOPRU_SECRET_KEY`): never in plain text in the database.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import pg from 'pg'
import { z } from 'zod'
import { ConfigError } from '../core/errors.ts'
import { checkConfig, configSchema, type KopruConfig } from './config.ts'
import { StateDatabaseError, lockHeldSql, parseStateUrl } from './postgres.ts'
import { MAX_EVERY_SECONDS, migrate, tenantTables } from './postgres-schema.ts'

export interface Tenant {
  name: string
  config: KopruConfig
  /** credential values by the environment variable names the config gives them */
  secrets: Record<string, string>
  /** seconds between the scheduled runs of each of its pipelines */
  everySeconds: number
  updatedAt: string
}

export interface LastRun {
  tenant: string
  pipeline: string
  status: string
  startedAt: Date
  /** a live worker holds the pipeline's lock (it is running now) */
  held: boolean
}

export const TENANT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/

/** Secrets as a file holds them: the environment variable names kopru.yaml gives, and values. */
export const secretsSchema = z
  .record(z.string(), z.string().min(1, 'is empty'))
  .superRefine((secrets, context) => {
    for (const name of Object.keys(secrets))
      if (!/^[A-Z_][A-Z0-9_]*$/.test(name))
        context.addIssue({
          code: 'custom',
          path: [name],
          message: 'is not an environment variable name as kopru.yaml gives them (A-Z, 0-9, _)',
        })
  })

/** The key `KOPRU_SECRET_KEY` holds: 32 bytes, base64 or hex (`openssl rand -base64 32`). */
export function secretKey(env: Record<string, string | undefined> = process.env): Buffer {
  const text = env.KOPRU_SECRET_KEY?.trim()
  if (!text)
    throw new ConfigError(
      "KOPRU_SECRET_KEY is not set: kopru encrypts tenants' secrets with it (32 random bytes, e.g. openssl rand -base64 32), and every worker needs the same one",
    )
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64')
  if (key.length !== 32)
    throw new ConfigError(`KOPRU_SECRET_KEY must hold 32 bytes (base64 or hex), not ${key.length}`)
  return key
}

/** iv (12) · tag (16) · ciphertext, with the tenant's name as associated data. */
export function seal(key: Buffer, tenant: string, secrets: Record<string, string>): Buffer {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(tenant))
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

export function unseal(key: Buffer, tenant: string, sealed: Buffer): Record<string, string> {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
    decipher.setAAD(Buffer.from(tenant))
    decipher.setAuthTag(sealed.subarray(12, 28))
    const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()])
    return secretsSchema.parse(JSON.parse(text.toString('utf8')))
  } catch {
    throw new ConfigError(
      `the secrets of tenant ${tenant} cannot be read with this KOPRU_SECRET_KEY: it is not the key they were stored with`,
    )
  }
}

export class TenantRegistry {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly env: Record<string, string | undefined>,
  ) {}

  static async open(
    url: string,
    env: Record<string, string | undefined> = process.env,
  ): Promise<TenantRegistry> {
    const { connectionString, schema } = parseStateUrl(url)
    const pool = new pg.Pool({ connectionString, max: 2, options: `-c search_path=${schema}` })
    pool.on('error', () => undefined) // a lost connection is said by the next query on it
    pool.on('connect', (client) => client.on('error', () => undefined))
    try {
      const client = await pool.connect()
      try {
        await migrate(client, schema)
      } finally {
        client.release()
      }
    } catch (error) {
      await pool.end().catch(() => undefined)
      throw new StateDatabaseError(
        `the tenants' database cannot be used (${(error as Error).message})`,
        {
          cause: error,
        },
      )
    }
    return new TenantRegistry(pool, env)
  }

  /** Adds a tenant or replaces its config, secrets and interval. */
  async put(tenant: {
    name: string
    config: unknown
    secrets?: Record<string, string> | undefined
    everySeconds: number
  }): Promise<void> {
    if (!TENANT_NAME.test(tenant.name))
      throw new ConfigError(
        `tenant name "${tenant.name}": lower-case letters, digits, - and _, starting with a letter or digit`,
      )
    const every = tenant.everySeconds
    if (!Number.isInteger(every) || every < 1 || every > MAX_EVERY_SECONDS)
      throw new ConfigError(
        `tenant ${tenant.name}: everySeconds must be a whole number from 1 to ${MAX_EVERY_SECONDS}, got ${every}`,
      )
    const config = checkConfig(tenant.config, `the configuration of tenant ${tenant.name}`)
    const secrets = tenant.secrets && secretsSchema.parse(tenant.secrets)
    const sealed =
      secrets && Object.keys(secrets).length
        ? seal(secretKey(this.env), tenant.name, secrets)
        : null
    const at = new Date().toISOString()
    await this.pool.query(
      `insert into tenants (name, config, secrets, every_seconds, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5)
       on conflict (name) do update set config = excluded.config, secrets = excluded.secrets,
         every_seconds = excluded.every_seconds, updated_at = excluded.updated_at`,
      [tenant.name, JSON.stringify(config), sealed, tenant.everySeconds, at],
    )
  }

  /** Every tenant, secrets left sealed (their names only). */
  async list(): Promise<
    {
      name: string
      everySeconds: number
      pipelines: string[]
      hasSecrets: boolean
      updatedAt: string
    }[]
  > {
    const rows = (
      await this.pool.query<{
        name: string
        config: string
        sealed: boolean
        every_seconds: number
        updated_at: Date
      }>(
        'select name, config, secrets is not null as sealed, every_seconds, updated_at from tenants order by name',
      )
    ).rows
    return rows.map((r) => {
      const config = configSchema.parse(JSON.parse(r.config))
      return {
        name: r.name,
        everySeconds: r.every_seconds,
        pipelines: Object.entries(config.pipelines)
          .filter(([, p]) => p?.enabled)
          .map(([name]) => name),
        hasSecrets: r.sealed,
        updatedAt: r.updated_at.toISOString(),
      }
    })
  }

  /** A tenant with its secrets decrypted; undefined when there is none of that name. */
  async get(name: string): Promise<Tenant | undefined> {
    const [row] = (
      await this.pool.query<{
        config: string
        secrets: Buffer | null
        every_seconds: number
        updated_at: Date
      }>('select config, secrets, every_seconds, updated_at from tenants where name = $1', [name])
    ).rows
    if (!row) return undefined
    return {
      name,
      config: configSchema.parse(JSON.parse(row.config)),
      secrets: row.secrets ? unseal(secretKey(this.env), name, row.secrets) : {},
      everySeconds: row.every_seconds,
      updatedAt: row.updated_at.toISOString(),
    }
  }

  /**
   * The latest real run of each (tenant, pipeline), and whether a live worker holds that
   * pipeline's lock now: what the scheduler decides from, so that it needs nothing from Redis.
   */
  async lastRuns(): Promise<LastRun[]> {
    const found = (
      await this.pool.query<{
        tenant: string
        pipeline: string
        status: string
        started_at: Date
        held: boolean
      }>(
        `select distinct on (tenant, pipeline) tenant, pipeline, status, started_at,
           ${lockHeldSql('tenant', "'pipeline:' || pipeline")} as held
         from runs where not dry_run order by tenant, pipeline, id desc`,
      )
    ).rows
    return found.map((r) => ({
      tenant: r.tenant,
      pipeline: r.pipeline,
      status: r.status,
      startedAt: r.started_at,
      held: r.held,
    }))
  }

  /**
   * Removes a tenant; its state (runs, cursors, mappings, intents, dead letters, audit log, consent
   * ledger, locks) stays unless `purge` says so.
   */
  async remove(name: string, { purge = false }: { purge?: boolean } = {}): Promise<boolean> {
    const client = await this.pool.connect()
    try {
      await client.query('begin')
      const removed = await client.query('delete from tenants where name = $1', [name])
      if (purge)
        for (const table of tenantTables)
          await client.query(`delete from ${table} where tenant = $1`, [name])
      await client.query('commit')
      return removed.rowCount === 1
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
