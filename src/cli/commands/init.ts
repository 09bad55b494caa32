/** `kopru init`: a commented starter kopru.yaml for the local emulators. */
import { existsSync, writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { registry } from '../../apis/registry.ts'
import { starterConfig } from '../../sync/config.ts'
import { CommandError } from '../util.ts'

export function initCommand(): Command {
  return new Command('init')
    .description('write a commented starter kopru.yaml for the local emulators')
    .option('-c, --config <file>', 'where to write it', 'kopru.yaml')
    .option('--force', 'overwrite an existing file')
    .action((options: { config: string; force?: boolean }) => {
      if (existsSync(options.config) && !options.force)
        throw new CommandError(`${options.config} exists; --force overwrites it`)
      const port = (api: string) => registry[api]?.defaultPort ?? 0
      writeFileSync(
        options.config,
        starterConfig({ setrow: port('setrow'), softtr: port('softtr'), narwoo: port('narwoo') }),
      )
      process.stdout.write(
        `wrote ${options.config}\nnext: npm run kopru -- emulate (in another terminal), export the credentials the file names, npm run kopru -- sync\n`,
      )
    })
}
