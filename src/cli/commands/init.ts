/** `kopru init`: a commented starter kopru.yaml for the local emulators. */
import { existsSync, writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { apiNames, registry } from '../../apis/registry.ts'
import { starterConfig } from '../../sync/config.ts'
import { emulateCommand } from '../connections.ts'
import { configFlag, kopruCommand } from '../invocation.ts'
import { didYouMean } from '../suggest.ts'
import { CommandError, parseInteger, UsageError } from '../util.ts'

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
      if (existsSync(options.config) && !options.force)
        throw new CommandError(`${options.config} exists; --force overwrites it`)
      const emulate = emulateCommand(
        Object.entries(ports).map(([api, port]) => ({ api, port: port as number })),
      )
      writeFileSync(options.config, starterConfig({ ports, emulate }))
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
  const port = (text: string, what: string) => {
    const n = parseInteger(text, what)
    if (n < 1 || n > 65535) throw new UsageError(`${what} must be a port from 1 to 65535`)
    return n
  }
  for (const value of values) {
    const at = value.indexOf('=')
    if (at < 0) {
      const first = port(value, '--port')
      if (first + apiNames.length - 1 > 65535)
        throw new UsageError(`--port ${value}: the ${apiNames.length} APIs need ports up to 65535`)
      apiNames.forEach((api, i) => (ports[api] = first + i))
      continue
    }
    const api = value.slice(0, at)
    if (!(api in ports))
      throw new UsageError(
        `--port ${value}: no API "${api}"${didYouMean(api, apiNames)}; known: ${apiNames.join(', ')}`,
      )
    ports[api] = port(value.slice(at + 1), `--port ${value}`)
  }
  return ports as Ports
}
