/** `kopru init`: a commented starter kopru.yaml for the local emulators. */
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Command } from 'commander'
import { apiNames, registry } from '../../apis/registry.ts'
import { starterConfig } from '../../sync/config.ts'
import { emulateCommand } from '../connections.ts'
import { configFlag, kopruCommand } from '../invocation.ts'
import { didYouMean } from '../suggest.ts'
import { CommandError, parseFirstPort, parsePort, UsageError } from '../util.ts'

/** The APIs the starter file connects, each with the port its emulator listens on. */
type Ports = Parameters<typeof starterConfig>[0]['ports']

export function initCommand(): Command {
  return new Command('init')
    .description('write a commented starter kopru.yaml for the local emulators')
    .option('-c, --config <file>', 'where to write it', 'kopru.yaml')
    .option(
      '-p, --port <n|api=n>',
      `where the emulators listen: a first port, the APIs taking it and the next ones in the order kopru emulate --port serves them (${apiNames.join(', ')}), or api=port for one API (repeatable; default: each API's own port, ${apiNames.map((api) => registry[api]!.defaultPort).join(', ')})`,
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--force', 'overwrite an existing file')
    .addHelpText(
      'after',
      `
The file is written as the project's formatter (prettier) writes YAML, and names the environment
variables that hold the credentials, never the credentials themselves.

Examples:
  kopru init
  kopru init --port 5000                  # for: kopru emulate --port 5000
  kopru init --port softtr=9002 -c shop.yaml`,
    )
    .action((options: { config: string; port?: string[]; force?: boolean }) => {
      const ports = parsePorts(options.port ?? [])
      if (statSync(options.config, { throwIfNoEntry: false })?.isDirectory())
        throw new CommandError(
          `${options.config} is a directory; -c names the file to write, e.g. ${join(options.config, 'kopru.yaml')}`,
        )
      if (existsSync(options.config) && !options.force)
        throw new CommandError(`${options.config} exists; --force overwrites it`)
      const emulate = emulateCommand(
        Object.entries(ports).map(([api, port]) => ({ api, port: port as number })),
      )
      writeStarter(options.config, starterConfig({ ports, emulate }))
      process.stdout.write(
        [
          `wrote ${options.config}`,
          'next:',
          `  ${emulate}   (in another terminal)`,
          `  ${demoCredentials()}`,
          `  ${kopruCommand(`sync${configFlag(options.config)}`)}`,
          '',
        ].join('\n'),
      )
    })
}

/**
 * Writes the starter file. A folder that is not there is named, not made: a typo in the path is
 * likelier than a wish for new folders, and kopru.yaml's state path is relative to it.
 */
function writeStarter(file: string, text: string): void {
  try {
    writeFileSync(file, text)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CommandError(`cannot write ${file}: there is no folder ${dirname(file)}`)
    throw new CommandError(`cannot write ${file}: ${(error as Error).message}`)
  }
}

/** `export KOPRU_SETROW_API_KEY=kopru-setrow-key …`: the credentials the emulators accept. */
function demoCredentials(): string {
  const pairs = apiNames.flatMap((api) =>
    Object.values(registry[api]!.emulator.credentials).map((c) => `${c.env}=${c.default}`),
  )
  return `export ${pairs.join(' ')}`
}

/** `--port 5000` and `--port softtr=9002` into one port per API. */
export function parsePorts(values: readonly string[]): Ports {
  const ports: Record<string, number> = Object.fromEntries(
    apiNames.map((api) => [api, registry[api]!.defaultPort]),
  )
  for (const value of values) {
    const at = value.indexOf('=')
    if (at < 0) {
      const first = parseFirstPort(value, '--port', apiNames.length)
      apiNames.forEach((api, i) => (ports[api] = first + i))
      continue
    }
    const api = value.slice(0, at)
    if (!(api in ports))
      throw new UsageError(
        `--port ${value}: no API "${api}"${didYouMean(api, apiNames)}; known: ${apiNames.join(', ')}`,
      )
    ports[api] = parsePort(value.slice(at + 1), `--port ${value}`)
  }
  return ports as Ports
}
