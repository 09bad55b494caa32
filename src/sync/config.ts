/**
 * `kopru.yaml`: connections (base URL and the environment variables that hold each credential;
 * never the secret itself), pipelines and where the state lives. Validated on load with messages
 * that name the file, the field and the fix.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { ConfigError } from '../core/errors.ts'
import { orderStatus } from '../model/index.ts'
import { isPostgresUrl } from './postgres.ts'

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as KOPRU_SOFTTR_PASSWORD')

/**
 * A base URL a client can call: http or https with a host. Anything else (`ftp://…`, `http:/x`)
 * would be retried for minutes as a vendor that cannot be reached.
 */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^/]/i.test(url) && URL.canParse(url)
}

export const connectionSchema = z.strictObject({
  baseUrl: z.string().refine(isHttpUrl, {
    error: (issue) => `${JSON.stringify(issue.input)} is not an http(s) URL`,
  }),
  /** credential name → the environment variable holding it */
  env: z.record(z.string(), envName).default({}),
  /** requests per second towards this API (client-side limit) */
  rateLimit: z.number().positive().optional(),
  concurrency: z.number().int().positive().optional(),
  /** ms before a call without an answer is given up (and retried where safe) */
  timeoutMs: z.number().int().positive().optional(),
  /** how a call that failed transiently is tried again (defaults: 8 retries, 200 ms to 10 s) */
  retry: z
    .strictObject({
      retries: z.number().int().min(0).max(30).optional(),
      baseDelayMs: z.number().int().min(0).optional(),
      maxDelayMs: z.number().int().min(0).optional(),
    })
    .optional(),
})

const permission = z.enum(['Y', 'N']).default('N')

const orderSources = z
  .array(z.enum(['softtr', 'narwoo']))
  .min(1)
  .default(['softtr', 'narwoo'])
/** how much of each source's orders a run reads (as customers-and-orders reads them) */
const orderWindows = {
  overlapDays: z.number().int().min(0).default(2),
  lookbackDays: z.number().int().min(0).default(14),
  initialDays: z.number().int().positive().default(366),
}
const columnName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'a Mail Komplet column name: letters, digits and _')
  .nullable()

export const configSchema = z.strictObject({
  /**
   * where cursors, mappings, runs and dead letters live: a SQLite file relative to kopru.yaml, or
   * a PostgreSQL database `postgres://user@host/db?schema=kopru` (KOPRU_STATE_URL overrides it)
   */
  state: z.string().default('.kopru/state.db'),
  /**
   * seconds to wait before a stream stopped by a vendor outage (or by answers that are not the
   * vendor's) runs again within the same run, from its last delivered batch; one per second chance
   */
  retryPauses: z.array(z.number().min(0).max(3600)).max(10).default([2, 10, 30]),
  connections: z.record(z.string(), connectionSchema),
  pipelines: z
    .strictObject({
      'customers-and-orders': z
        .strictObject({
          enabled: z.boolean().default(true),
          from: z
            .array(z.enum(['softtr', 'narwoo']))
            .min(1)
            .default(['softtr', 'narwoo']),
          to: z.literal('setrow').default('setrow'),
          /** the Setrow email group contacts join: its id, or a name (created when missing) */
          emailGroup: z
            .union([z.number().int().positive(), z.string().min(3)])
            .default('Kopru Müşterileri'),
          /** the Setrow SMS group, likewise */
          smsGroup: z
            .union([z.number().int().positive(), z.string().min(3)])
            .default('Kopru Müşterileri'),
          /**
           * the marketing permission contacts are written with. IYS (Türkiye's consent registry)
           * makes the sender prove consent: a purchase is not consent, so the default is N
           */
          permission,
          /** days of Softtr orders read again before the cursor */
          overlapDays: z.number().int().min(0).default(2),
          /** days of Narwoo orders read again for status changes */
          lookbackDays: z.number().int().min(0).default(14),
          /** how far back a first run reads */
          initialDays: z.number().int().positive().default(366),
        })
        .optional(),
      catalog: z
        .strictObject({
          enabled: z.boolean().default(true),
          from: z
            .array(z.enum(['softtr', 'narwoo']))
            .min(1)
            .default(['softtr']),
          to: z.literal('setrow').default('setrow'),
        })
        .optional(),
      loyalty: z
        .strictObject({
          enabled: z.boolean().default(true),
          from: orderSources,
          to: z.literal('loyaltii').default('loyaltii'),
          /** source → Loyaltii order type (one of the account's `Orders/Types`) */
          orderTypes: z
            .record(z.enum(['softtr', 'narwoo']), z.string().min(1).max(32))
            .default({ softtr: 'Webshop', narwoo: 'Webshop' }),
          /** one Loyaltii store per sales channel, by number (created when missing) */
          stores: z
            .record(
              z.enum(['softtr', 'narwoo']),
              z.strictObject({ number: z.string().min(1).max(25), name: z.string().max(100) }),
            )
            .default({
              softtr: { number: 'kopru-softtr', name: 'Web mağazası (Softtr)' },
              narwoo: { number: 'kopru-narwoo', name: 'Pazaryeri (Narwoo)' },
            }),
          pointType: z.string().min(1).max(32).default('Bonuspoint'),
          /** per order type: `points` for every whole `per` (TRY) of the goods, shipping left out */
          points: z
            .array(
              z.strictObject({
                orderType: z.string().min(1),
                per: z.number().positive(),
                points: z.number().positive(),
              }),
            )
            .default([{ orderType: 'Webshop', per: 10, points: 1 }]),
          /** statuses that earn; cancelled and returned orders never do, and lose what they earned */
          earnOn: z
            .array(orderStatus.exclude(['cancelled', 'returned']))
            .default(['new', 'confirmed', 'preparing', 'shipped', 'delivered']),
          ...orderWindows,
        })
        .optional(),
      mailkomplet: z
        .strictObject({
          enabled: z.boolean().default(true),
          from: orderSources,
          to: z.literal('mailkomplet').default('mailkomplet'),
          /** the mailing list customers join: its id, or a name (created when missing) */
          mailingList: z
            .union([z.number().int().positive(), z.string().min(1).max(250)])
            .default('Kopru zákazníci'),
          /** the custom column (by name) each customer fact is written to; null leaves it out */
          columns: z
            .strictObject({
              lastOrderAt: columnName.default('last_order'),
              orderCount: columnName.default('order_count'),
              totalSpent: columnName.default('total_spent'),
              city: columnName.default('city'),
            })
            .default({
              lastOrderAt: 'last_order',
              orderCount: 'order_count',
              totalSpent: 'total_spent',
              city: 'city',
            }),
          ...orderWindows,
        })
        .optional(),
      consent: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** the marketing tools whose opt-outs are read and written (those with a connection) */
          tools: z
            .array(z.enum(['setrow', 'mailkomplet', 'loyaltii']))
            .min(1)
            .default(['setrow', 'mailkomplet', 'loyaltii']),
          /** how far back the first run reads Setrow's dated lists */
          initialDays: z.number().int().min(1).max(3650).default(365),
        })
        .optional(),
      inventory: z
        .strictObject({
          enabled: z.boolean().default(true),
          master: z.literal('softtr').default('softtr'),
          marketplace: z.literal('narwoo').default('narwoo'),
          lookbackDays: z.number().int().min(0).default(14),
        })
        .optional(),
    })
    .default({}),
})

export type KopruConfig = z.output<typeof configSchema>
export type ConnectionConfig = z.output<typeof connectionSchema>

export interface LoadedConfig {
  file: string
  config: KopruConfig
  /**
   * where the state lives: the SQLite file resolved against kopru.yaml's folder, or a PostgreSQL
   * URL as given (`KOPRU_STATE_URL` wins over `state:`)
   */
  statePath: string
}

/** kopru.yaml's text as data; `file` names it in the error. */
export function parseConfigText(text: string, file: string): unknown {
  try {
    return parse(text) as unknown
  } catch (error) {
    throw new ConfigError(`${file} is not valid YAML: ${(error as Error).message}`)
  }
}

/** Checks parsed kopru.yaml data, with every problem named by its field. */
export function checkConfig(raw: unknown, file: string): KopruConfig {
  const result = configSchema.safeParse(raw ?? {})
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    )
    throw new ConfigError(`${file} has errors:\n${lines.join('\n')}`)
  }
  return result.data
}

/**
 * Reads and checks `file`. `initCommand` is how the message for a missing file tells the user to
 * write one (the CLI names it as the user runs kopru: `npm run kopru -- init`).
 */
export function loadConfig(
  file = 'kopru.yaml',
  { initCommand = 'kopru init' }: { initCommand?: string } = {},
): LoadedConfig {
  const path = resolve(file)
  if (!existsSync(path))
    throw new ConfigError(`${file} not found; run "${initCommand}" to write a starter one`)
  const config = checkConfig(parseConfigText(readConfigText(path, file), file), file)
  const state = process.env.KOPRU_STATE_URL || config.state
  const statePath = isPostgresUrl(state) ? state : resolve(dirname(path), state)
  return { file: path, config, statePath }
}

/** kopru.yaml's text; a folder or a file that cannot be read is a `ConfigError` naming it. */
function readConfigText(path: string, file: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new ConfigError(`${file} is a directory, not a kopru configuration file`)
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`)
  }
}

/** A credential a connection needs that the environment does not hold. */
export interface MissingCredential {
  api: string
  /** the credential's name (`password`) */
  key: string
  /** the environment variable kopru.yaml names for it (connections.<api>.env.<key>), if any */
  variable: string | undefined
  /** the connection's base URL */
  baseUrl: string
}

/** Every credential missing from every connection, listed in one message. */
export class MissingCredentialsError extends ConfigError {
  override name = 'MissingCredentialsError'
  constructor(readonly missing: readonly MissingCredential[]) {
    const apis = [...new Set(missing.map((m) => m.api))]
    const lines = missing.map((m) =>
      m.variable
        ? `$${m.variable} (connections.${m.api}.env.${m.key}) is not set`
        : `connections.${m.api}.env.${m.key} names no environment variable`,
    )
    super(`${apis.join(', ')} credentials missing:\n  ${lines.join('\n  ')}`)
  }
}

/**
 * The credentials of each connection named in `required` (API → the credential names it needs),
 * read from the environment variables kopru.yaml names. Whatever is missing, in every connection,
 * is reported at once (`MissingCredentialsError`).
 */
export function credentialsOfAll(
  config: KopruConfig,
  required: Readonly<Record<string, readonly string[]>>,
  env: Record<string, string | undefined> = process.env,
): Record<string, { connection: ConnectionConfig; credentials: Record<string, string> }> {
  const found: Record<
    string,
    { connection: ConnectionConfig; credentials: Record<string, string> }
  > = {}
  const missing: MissingCredential[] = []
  for (const [api, keys] of Object.entries(required)) {
    const connection = config.connections[api]
    if (!connection)
      throw new ConfigError(`kopru.yaml has no connection "${api}" (under connections:)`)
    const credentials: Record<string, string> = {}
    for (const key of keys) {
      const variable = connection.env[key]
      const value = variable ? env[variable] : undefined
      if (value) credentials[key] = value
      else missing.push({ api, key, variable, baseUrl: connection.baseUrl })
    }
    found[api] = { connection, credentials }
  }
  if (missing.length) throw new MissingCredentialsError(missing)
  return found
}

/**
 * The credentials of one connection, read from the environment variables it names; `required`
 * lists the names the API needs.
 */
export function credentialsOf(
  config: KopruConfig,
  api: string,
  required: readonly string[],
  env: Record<string, string | undefined> = process.env,
): { connection: ConnectionConfig; credentials: Record<string, string> } {
  return credentialsOfAll(config, { [api]: required }, env)[api]!
}

/**
 * The commented starter file `kopru init` writes, for the local emulators listening on `ports`;
 * `emulate` is the command that serves them there. The text is as the project's formatter
 * (prettier) writes YAML, so a kopru.yaml kept in a repository passes its format check as written.
 */
export function starterConfig({
  ports,
  emulate = 'kopru emulate',
  state = '.kopru/state.db',
}: {
  ports: { setrow: number; softtr: number; narwoo: number; loyaltii: number; mailkomplet: number }
  emulate?: string
  /** the state file, relative to kopru.yaml */
  state?: string
}): string {
  return `# kopru.yaml: what kopru sync moves, from where to where.
# Secrets never live here: each credential names the environment variable that holds it.
# For the local emulators (${emulate}) export their demo credentials first:
#   export KOPRU_SOFTTR_USERNAME=kopru KOPRU_SOFTTR_PASSWORD=kopru-softtr
#   export KOPRU_NARWOO_USER_EMAIL=satici@kopru.dev KOPRU_NARWOO_USER_PASSWORD=kopru-narwoo
#   export KOPRU_SETROW_API_KEY=kopru-setrow-key KOPRU_LOYALTII_API_KEY=kopru-loyaltii-key
#   export KOPRU_MAILKOMPLET_API_KEY=kopru-mailkomplet-key
#   export KOPRU_MAILKOMPLET_BASE_CRYPT=kopruBaseCrypt0000000000000000000

# cursors, what was delivered, runs and dead letters (SQLite), relative to this file
state: ${state}

# a stream stopped by a vendor outage, or by answers that are not the vendor's (a maintenance page),
# runs again within the same run after each of these pauses, in seconds, from its last delivered batch
retryPauses: [2, 10, 30]

connections:
  # the shop: orders and the master catalogue
  softtr:
    baseUrl: http://127.0.0.1:${ports.softtr}/api
    env: { username: KOPRU_SOFTTR_USERNAME, password: KOPRU_SOFTTR_PASSWORD }
    # each connection may also set: rateLimit (calls a second), concurrency, timeoutMs, and
    # retry: { retries: 8, baseDelayMs: 200, maxDelayMs: 10000 } for a failed call
  # the marketplace
  narwoo:
    baseUrl: http://127.0.0.1:${ports.narwoo}/api
    env: { userEmail: KOPRU_NARWOO_USER_EMAIL, userPassword: KOPRU_NARWOO_USER_PASSWORD }
  # email / SMS marketing
  setrow:
    baseUrl: http://127.0.0.1:${ports.setrow}
    env: { apiKey: KOPRU_SETROW_API_KEY }
  # the loyalty programme
  loyaltii:
    baseUrl: http://127.0.0.1:${ports.loyaltii}
    env: { apiKey: KOPRU_LOYALTII_API_KEY }
  # e-mail marketing; the account's baseCrypt fills {baseCrypt}
  mailkomplet:
    baseUrl: http://127.0.0.1:${ports.mailkomplet}/api/{baseCrypt}
    env: { apiKey: KOPRU_MAILKOMPLET_API_KEY, baseCrypt: KOPRU_MAILKOMPLET_BASE_CRYPT }

pipelines:
  # shop and marketplace orders into Setrow: customers as email and SMS contacts, orders as orders
  customers-and-orders:
    from: [softtr, narwoo]
    # the Setrow email and SMS groups contacts join: a name (created when missing) or a group id
    emailGroup: Kopru Müşterileri
    smsGroup: Kopru Müşterileri
    # Marketing permission written with each contact. A purchase is not consent under IYS, so
    # kopru writes N (not allowed) unless you hold consent collected elsewhere and set Y.
    permission: N
    # Softtr filters by day: re-read this many days each run
    overlapDays: 2
    # re-read Narwoo orders this far back for cancellations
    lookbackDays: 14
  # Softtr's catalogue into Setrow's categories and products; products gone become passive
  catalog:
    from: [softtr]
  # Softtr is the master: its stock and prices go to Narwoo, Narwoo's sales come off Softtr's stock
  inventory:
    master: softtr
    marketplace: narwoo
  # orders into Loyaltii with their lines, buyers as contacts (no consent invented), and points:
  # granted once per order (SourceId = the order), cancelled once when it is cancelled or returned
  loyalty:
    from: [softtr, narwoo]
    # Loyaltii order type and store (by number, created when missing) per sales channel
    orderTypes: { softtr: Webshop, narwoo: Webshop }
    pointType: Bonuspoint
    # per order type: points for every whole \`per\` TRY of goods (shipping left out)
    points:
      - { orderType: Webshop, per: 10, points: 1 }
    earnOn: [new, confirmed, preparing, shipped, delivered]
  # customers into a Mail Komplet list with their order facts as custom columns; a contact who
  # left the list, or is on an exclude list, is never put (back) on it
  mailkomplet:
    from: [softtr, narwoo]
    mailingList: Kopru zákazníci
    columns:
      { lastOrderAt: last_order, orderCount: order_count, totalSpent: total_spent, city: city }
  # every opt-out and hard bounce in any of these tools reaches the others, kept in a consent
  # ledger (kopru consent show <email|gsm>); an opt-in travels only with its source and time
  consent:
    tools: [setrow, mailkomplet, loyaltii]
    # how far back the first run reads Setrow's unsubscribe, junk and wrong-address lists
    initialDays: 365
`
}
