/** `kopru tenants add|list|remove`: the shops one kopru syncs, kept in the PostgreSQL state. */
import { Command } from 'commander'
import { checkConfig, parseConfigText } from '../../sync/config.ts'
import { MAX_EVERY_SECONDS } from '../../sync/postgres-schema.ts'
import { TenantRegistry, secretsSchema } from '../../sync/tenants.ts'
import { UsageError, parseJsonArgument, readTextArgument, stateUrl } from '../util.ts'
import { parseDuration } from './sync.ts'

async function withRegistry<T>(state: string | undefined, use: (r: TenantRegistry) => Promise<T>) {
  const registry = await TenantRegistry.open(stateUrl(state))
  try {
    return await use(registry)
  } finally {
    await registry.close()
  }
}

/**
 * `--every` in whole seconds, as the state keeps it: under 1 s would be stored as 0 (due at every
 * tick), and the column holds no more than MAX_EVERY_SECONDS.
 */
function everySeconds(value: string): number {
  const ms = parseDuration(value, '--every')
  const maxHours = Math.floor(MAX_EVERY_SECONDS / 3600)
  if (ms < 1000 || ms > maxHours * 3_600_000)
    throw new UsageError(`--every must be from 1s to ${maxHours}h, got "${value}"`)
  return Math.round(ms / 1000)
}

export function tenantsCommand(): Command {
  const command = new Command('tenants').description(
    'the shops one kopru syncs (PostgreSQL state): each a kopru.yaml and its credentials',
  )
  command
    .command('add')
    .description('add a tenant, or replace its configuration, secrets and interval')
    .argument('<name>', 'lower-case letters, digits, - and _')
    .requiredOption('-c, --config <file>', "the tenant's kopru.yaml (its state: line is ignored)")
    .option(
      '--secrets <file>',
      'a JSON file of credentials by the environment variable names the kopru.yaml gives them; stored encrypted with KOPRU_SECRET_KEY (without it, workers read them from their environment)',
    )
    .option('--every <time>', 'how often each of its pipelines runs (90s, 15m, 2h)', '15m')
    .option('--state <url>', 'the PostgreSQL state (default: KOPRU_STATE_URL)')
    .action(
      async (
        name: string,
        options: { config: string; secrets?: string; every: string; state?: string },
      ) => {
        const every = everySeconds(options.every)
        const config = checkConfig(
          parseConfigText(readTextArgument(`@${options.config}`), options.config),
          options.config,
        )
        let secrets: Record<string, string> | undefined
        if (options.secrets) {
          const parsed = secretsSchema.safeParse(
            parseJsonArgument(`@${options.secrets}`, options.secrets),
          )
          if (!parsed.success)
            throw new UsageError(
              `${options.secrets}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'} ${i.message}`).join('; ')}`,
            )
          secrets = parsed.data
        }
        await withRegistry(options.state, (r) =>
          r.put({ name, config, secrets, everySeconds: every }),
        )
        process.stdout.write(
          `tenant ${name} saved${secrets ? ` with ${Object.keys(secrets).length} secret(s), encrypted` : ''}; its pipelines run every ${options.every}\n`,
        )
      },
    )
  command
    .command('list')
    .description('list the tenants (secrets are never shown)')
    .option('--json', 'print a JSON array')
    .option('--state <url>', 'the PostgreSQL state (default: KOPRU_STATE_URL)')
    .action(async (options: { json?: boolean; state?: string }) => {
      const tenants = await withRegistry(options.state, (r) => r.list())
      if (options.json) return void process.stdout.write(`${JSON.stringify(tenants)}\n`)
      if (!tenants.length) return void process.stdout.write('no tenants\n')
      for (const t of tenants)
        process.stdout.write(
          `${t.name}  every ${t.everySeconds} s  ${t.pipelines.join(', ') || 'no pipeline'}${t.hasSecrets ? '  (secrets stored)' : ''}\n`,
        )
    })
  command
    .command('remove')
    .description('remove a tenant; its sync state stays unless --purge')
    .argument('<name>')
    .option(
      '--purge',
      'also delete its runs, cursors, mappings, dead letters, audit log and consent ledger',
    )
    .option('--state <url>', 'the PostgreSQL state (default: KOPRU_STATE_URL)')
    .action(async (name: string, options: { purge?: boolean; state?: string }) => {
      const removed = await withRegistry(options.state, (r) =>
        r.remove(name, { purge: options.purge ?? false }),
      )
      if (!removed) throw new UsageError(`there is no tenant ${name}`)
      process.stdout.write(`tenant ${name} removed${options.purge ? ' with its state' : ''}\n`)
    })
  return command
}
