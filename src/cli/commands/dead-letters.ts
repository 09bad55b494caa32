/** `kopru dead-letters list|retry|dismiss`: records a destination refused, with its reasons. */
import { Command } from 'commander'
import { retryDeadLetters } from '../../sync/engine.ts'
import { explainCode } from '../../apis/registry.ts'
import { buildPipelines, streamDestinations } from '../../sync/recipes.ts'
import { clientsFor } from '../connections.ts'
import { CommandError, loadCliConfig, parseInteger, withState } from '../util.ts'

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
    .action(async (options: { config: string; all?: boolean; json?: boolean }) => {
      const { statePath } = loadCliConfig(options.config)
      await withState(statePath, async (store) => {
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
          process.stdout.write(
            `#${d.id} ${d.pipeline}/${d.stream} ${d.key} ${d.code ?? ''} ${d.reason}${meaning ? ` [${meaning}]` : ''} (tries ${d.attempts}, last ${d.lastAt}${d.status === 'open' ? '' : d.status === 'resolved' ? ', delivered since' : ', dismissed'})\n`,
          )
        }
      })
    })
  command
    .command('retry')
    .description('send open dead letters through their pipelines again (all, or the ids given)')
    .argument('[id...]', 'dead letter ids from "dead-letters list"')
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .action(async (ids: string[], options: { config: string }) => {
      const loaded = loadCliConfig(options.config)
      const { config, statePath } = loaded
      const pipelines = buildPipelines(config, clientsFor(loaded))
      const wanted = ids.length ? ids.map((id) => parseInteger(id, 'id')) : undefined
      await withState(statePath, async (store) => {
        for (const pipeline of pipelines) {
          const result = await retryDeadLetters(pipeline, {
            store,
            ...(wanted ? { ids: wanted } : {}),
          })
          if (result.retried)
            process.stdout.write(
              `${pipeline.name}: ${result.retried} retried, ${result.delivered} delivered, ${result.failed} still refused\n`,
            )
        }
      })
    })
  command
    .command('dismiss')
    .description(
      'give up on open dead letters, e.g. a record the source has since corrected under another key',
    )
    .argument('<id...>', 'dead letter ids from "dead-letters list"')
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .action(async (ids: string[], options: { config: string }) => {
      const { statePath } = loadCliConfig(options.config)
      const wanted = ids.map((id) => parseInteger(id, 'id'))
      await withState(statePath, async (store) => {
        const dismissed = await store.dismissDeadLetters(wanted)
        const left = wanted.filter((id) => !dismissed.includes(id))
        process.stdout.write(`${dismissed.length} dismissed\n`)
        if (left.length)
          throw new CommandError(
            `not open, left as they are: ${left.map((id) => `#${id}`).join(', ')}`,
          )
      })
    })
  return command
}
