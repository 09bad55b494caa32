/** `kopru dead-letters list|retry|dismiss`: records a destination refused, with its reasons. */
import { Command } from 'commander'
import { PipelineLockedError, retryDeadLetters } from '../../sync/engine.ts'
import { refusedRecord } from '../../model/state.ts'
import { explainCode } from '../../apis/directory.ts'
import { buildPipelines, clientsFromConfig, streamDestinations } from '../../sync/recipes.ts'
import { clientsFor } from '../connections.ts'
import { configFlag, kopruCommand } from '../invocation.ts'
import { TenantRegistry } from '../../sync/tenants.ts'
import type { PipelineDef } from '../../sync/stream.ts'
import {
  CommandError,
  chosenState,
  loadCliConfig,
  parseInteger,
  stopOnSignal,
  withState,
  type StateChoice,
} from '../util.ts'

const tenantOption = ['--tenant <name>', "a tenant's dead letters (kopru tenants list)"] as const
const stateOption = [
  '--state <url>',
  'with --tenant: the PostgreSQL state (default: KOPRU_STATE_URL)',
] as const

/** A tenant's pipelines, built from its configuration and secrets as a worker builds them. */
async function tenantPipelines(stateUrl: string, name: string): Promise<PipelineDef[]> {
  const registry = await TenantRegistry.open(stateUrl)
  try {
    const tenant = await registry.get(name)
    if (!tenant) throw new CommandError(`there is no tenant ${name} (kopru tenants list)`)
    const env = { ...process.env, ...tenant.secrets }
    return buildPipelines(tenant.config, await clientsFromConfig(tenant.config, {}, env))
  } finally {
    await registry.close()
  }
}

export function deadLettersCommand(): Command {
  const command = new Command('dead-letters').description(
    'list the records a destination refused, or send them again once fixed',
  )
  command
    .command('list')
    .description('list dead letters, oldest first')
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option('--all', 'include the ones delivered or dismissed since')
    .option('--json', 'print a JSON array')
    .option(...tenantOption)
    .option(...stateOption)
    .action(async (options: StateChoice & { all?: boolean; json?: boolean }) => {
      const { statePath, tenant } = chosenState(options)
      await withState(
        statePath,
        async (store) => {
          const letters = await store.deadLetters({
            ...(options.all ? {} : { status: 'open' as const }),
            limit: 10_000,
          })
          if (options.json) {
            process.stdout.write(`${JSON.stringify(letters)}\n`)
            return
          }
          if (!letters.length) {
            process.stdout.write('no dead letters\n')
            return
          }
          for (const d of letters) {
            // what the destination's code means, when its room explains it
            const api = streamDestinations[`${d.pipeline}/${d.stream}`]
            const meaning = api ? explainCode(api, d.code) : undefined
            // a note keeps no record: retry cannot send it
            const note = refusedRecord(d) ? '' : ' {to check by hand, then dismiss}'
            process.stdout.write(
              `#${d.id} ${d.pipeline}/${d.stream} ${d.key} ${d.code ?? ''} ${d.reason}${meaning ? ` [${meaning}]` : ''}${note} (tries ${d.attempts}, last ${d.lastAt}${d.status === 'open' ? '' : d.status === 'resolved' ? ', delivered since' : ', dismissed'})\n`,
            )
          }
        },
        tenant,
      )
    })
  command
    .command('retry')
    .description(
      'send open dead letters through their pipelines again (all, or the ids given); Ctrl-C stops it, leaving them open',
    )
    .argument('[id...]', 'dead letter ids from "dead-letters list"')
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option(...tenantOption)
    .option(...stateOption)
    .action(async (ids: string[], options: StateChoice) => {
      const wanted = ids.length ? ids.map((id) => parseInteger(id, 'id')) : undefined
      const { statePath, tenant } = chosenState(options)
      const pipelines = tenant
        ? await tenantPipelines(statePath, tenant)
        : await (async () => {
            const loaded = loadCliConfig(options.config)
            return buildPipelines(loaded.config, await clientsFor(loaded))
          })()
      const { signal, release } = stopOnSignal()
      try {
        await withState(
          statePath,
          async (store) => {
            // of the ids given, those open, and of these those no pipeline here sends (disabled)
            const open = wanted
              ? await store.deadLetters({ status: 'open', ids: wanted, limit: wanted.length })
              : []
            const unsent = open.filter(
              (d) =>
                !pipelines.some(
                  (p) => p.name === d.pipeline && p.streams.some((s) => s.name === d.stream),
                ),
            )
            const running: string[] = []
            const byHand: number[] = []
            for (const pipeline of pipelines) {
              const result = await retryDeadLetters(pipeline, {
                store,
                signal,
                ...(wanted ? { ids: wanted } : {}),
              }).catch((error: unknown) => {
                // a sync of it holds its lock: the others are retried still
                if (error instanceof PipelineLockedError && !signal.aborted) {
                  running.push(pipeline.name)
                  return undefined
                }
                if (!signal.aborted) throw error
                // a stopped batch commits nothing: its letters are open, as they were
                const again = `dead-letters retry${tenant ? ` --tenant ${tenant}` : configFlag(options.config)}`
                throw new CommandError(
                  `stopped before ${pipeline.name}'s retry ended: its letters stay open; to send them: ${kopruCommand(again)}`,
                )
              })
              if (!result?.retried) continue
              const notes = result.byHand ?? []
              byHand.push(...notes)
              process.stdout.write(
                `${pipeline.name}: ${result.retried} retried, ${result.delivered} delivered, ${result.failed - notes.length} still refused${notes.length ? `, ${notes.length} to check by hand` : ''}\n`,
              )
            }
            // as dismiss says it: an id given and not sent is not passed over in silence
            const closed = wanted?.filter((id) => !open.some((d) => d.id === id)) ?? []
            const problems = [
              ...(running.length
                ? [
                    `left open, their pipeline is running now (retry once it ends): ${running.join(', ')}`,
                  ]
                : []),
              ...(byHand.length
                ? [
                    `left open, notes to check by hand that keep no record to send: ${byHand.map((id) => `#${id}`).join(', ')}; once checked: ${kopruCommand(`dead-letters dismiss ${byHand.join(' ')}${tenant ? ` --tenant ${tenant}` : configFlag(options.config)}`)}`,
                  ]
                : []),
              ...(closed.length
                ? [`not open, left as they are: ${closed.map((id) => `#${id}`).join(', ')}`]
                : []),
              ...(unsent.length
                ? [
                    `left open, their pipeline is not enabled: ${unsent.map((d) => `#${d.id} (${d.pipeline})`).join(', ')}`,
                  ]
                : []),
            ]
            if (problems.length) throw new CommandError(problems.join('; '))
          },
          tenant,
        )
      } finally {
        release()
      }
    })
  command
    .command('dismiss')
    .description(
      'give up on open dead letters, e.g. a record the source has since corrected under another key',
    )
    .argument('<id...>', 'dead letter ids from "dead-letters list"')
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option(...tenantOption)
    .option(...stateOption)
    .action(async (ids: string[], options: StateChoice) => {
      const { statePath, tenant } = chosenState(options)
      const wanted = ids.map((id) => parseInteger(id, 'id'))
      await withState(
        statePath,
        async (store) => {
          const dismissed = await store.dismissDeadLetters(wanted)
          const left = wanted.filter((id) => !dismissed.includes(id))
          process.stdout.write(`${dismissed.length} dismissed\n`)
          if (left.length)
            throw new CommandError(
              `not open, left as they are: ${left.map((id) => `#${id}`).join(', ')}`,
            )
        },
        tenant,
      )
    })
  return command
}
