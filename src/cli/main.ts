/** The `kopru` command. */
import { Command, CommanderError } from 'commander'
import { KopruError } from '../core/errors.ts'
import { callCommand } from './commands/call.ts'
import { emulateCommand } from './commands/emulate.ts'
import { endpointsCommand } from './commands/endpoints.ts'
import { openapiCommand } from './commands/openapi.ts'
import { UsageError } from './util.ts'
import { version } from './version.ts'

export function buildProgram(): Command {
  const program = new Command('kopru')
    .description(
      'Typed clients, faithful emulators and sync pipelines for Setrow, Softtr, Narwoo, Loyaltii and Mail Komplet.',
    )
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
  program.addCommand(emulateCommand())
  program.addCommand(callCommand())
  program.addCommand(endpointsCommand())
  program.addCommand(openapiCommand())
  return program
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride()
  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode
    if (error instanceof UsageError || error instanceof KopruError || error instanceof RangeError) {
      process.stderr.write(`kopru: ${error.message}\n`)
      return error instanceof UsageError ? 2 : 1
    }
    throw error
  }
}
