/** The `kopru` command. */
import { Command, CommanderError } from 'commander'
import { KopruError } from '../core/errors.ts'
import { callCommand } from './commands/call.ts'
import { consentCommand } from './commands/consent.ts'
import { deadLettersCommand } from './commands/dead-letters.ts'
import { demoCommand } from './commands/demo.ts'
import { emulateCommand } from './commands/emulate.ts'
import { endpointsCommand } from './commands/endpoints.ts'
import { initCommand } from './commands/init.ts'
import { migrateCommand } from './commands/migrate.ts'
import { tenantsCommand } from './commands/tenants.ts'
import { scheduleCommand, workerCommand } from './commands/worker.ts'
import { serveCommand } from './commands/serve.ts'
import { openapiCommand } from './commands/openapi.ts'
import { statusCommand } from './commands/status.ts'
import { syncCommand } from './commands/sync.ts'
import { kopruCommand } from './invocation.ts'
import { CommandError, UsageError } from './util.ts'
import { version } from './version.ts'

export function buildProgram(): Command {
  const program = new Command('kopru')
    .description(
      'Typed clients, faithful emulators and sync pipelines for Setrow, Softtr, Narwoo, Loyaltii and Mail Komplet.',
    )
    .version(version, '-v, --version')
    .configureHelp({ sortSubcommands: false })
  program.addCommand(demoCommand())
  program.addCommand(emulateCommand())
  program.addCommand(callCommand())
  program.addCommand(endpointsCommand())
  program.addCommand(openapiCommand())
  program.addCommand(initCommand())
  program.addCommand(syncCommand())
  program.addCommand(statusCommand())
  program.addCommand(deadLettersCommand())
  program.addCommand(consentCommand())
  program.addCommand(serveCommand())
  program.addCommand(migrateCommand())
  program.addCommand(tenantsCommand())
  program.addCommand(workerCommand())
  program.addCommand(scheduleCommand())
  program.showHelpAfterError(usageHint(program))
  // addCommand does not pass settings down: each command reports its own usage on a mistake
  for (const command of program.commands) command.showHelpAfterError(usageHint(command))
  return program
}

/** `Usage: kopru call [options] <api> <operation>` and where the details are. */
function usageHint(command: Command): string {
  const name = command.parent ? `kopru ${command.name()}` : 'kopru'
  const help = kopruCommand(`${command.parent ? `${command.name()} ` : ''}--help`)
  return `Usage: ${name} ${command.usage()}\nRun "${help}" for details.`
}

/**
 * Output piped into a reader that stops early (`kopru dead-letters list | head`) ends kopru
 * quietly, as the reader wanted, instead of with a stack trace: once per process, for every
 * command.
 */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const guarded = stream as NodeJS.WriteStream & { kopruPipeGuard?: true }
    if (guarded.kopruPipeGuard) continue
    guarded.kopruPipeGuard = true
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(0)
      throw error
    })
  }
}

/** Exit codes: 0 success, 1 the command failed, 2 wrong usage (flags, arguments, names). */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe()
  const program = buildProgram().exitOverride()
  for (const command of program.commands) command.exitOverride()
  try {
    await program.parseAsync(argv, { from: 'user' })
    // a command that finished but did not fully succeed (a sync with a failed pipeline) says so;
    // the code is returned, not left behind for whoever calls main next in this process
    const code = Number(process.exitCode ?? 0) || 0
    process.exitCode = undefined
    return code
  } catch (error) {
    process.exitCode = undefined
    // commander already printed its message and the usage hint
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    if (error instanceof UsageError) {
      const command = program.commands.find((c) => argv.includes(c.name())) ?? program
      process.stderr.write(`kopru: ${error.message}\n${usageHint(command)}\n`)
      return 2
    }
    if (
      error instanceof CommandError ||
      error instanceof KopruError ||
      error instanceof RangeError
    ) {
      process.stderr.write(`kopru: ${error.message}\n`)
      return 1
    }
    throw error
  }
}
