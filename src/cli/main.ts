/** The `kopru` command. */
import { Command, CommanderError } from 'commander'
import { kopruCommand } from './invocation.ts'
import { exitCodeOf, printJsonFailure, UsageError } from './util.ts'
import { version } from './version.ts'

/**
 * Each command by its name, its module loaded only when it runs (or for the help of them all):
 * `kopru sync` never holds the dashboard, the queue client or the emulators. What a process
 * holds for good, V8 lets its garbage grow to a few times over before it collects.
 */
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  demo: async () => (await import('./commands/demo.ts')).demoCommand(),
  emulate: async () => (await import('./commands/emulate.ts')).emulateCommand(),
  call: async () => (await import('./commands/call.ts')).callCommand(),
  endpoints: async () => (await import('./commands/endpoints.ts')).endpointsCommand(),
  openapi: async () => (await import('./commands/openapi.ts')).openapiCommand(),
  init: async () => (await import('./commands/init.ts')).initCommand(),
  sync: async () => (await import('./commands/sync.ts')).syncCommand(),
  status: async () => (await import('./commands/status.ts')).statusCommand(),
  'dead-letters': async () => (await import('./commands/dead-letters.ts')).deadLettersCommand(),
  consent: async () => (await import('./commands/consent.ts')).consentCommand(),
  serve: async () => (await import('./commands/serve.ts')).serveCommand(),
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand(),
  tenants: async () => (await import('./commands/tenants.ts')).tenantsCommand(),
  worker: async () => (await import('./commands/worker.ts')).workerCommand(),
  schedule: async () => (await import('./commands/worker.ts')).scheduleCommand(),
}

/** The names of kopru's commands, in the order its help lists them. */
export const commandNames: readonly string[] = Object.keys(commands)

/**
 * The `kopru` program with every command, or with `only` the one named (when it is one): the
 * others' modules are then never loaded.
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('kopru')
    .description(
      'Typed clients, faithful emulators and sync pipelines for Setrow, Softtr, Narwoo, Loyaltii and Mail Komplet.',
    )
    .version(version, '-v, --version')
    .configureHelp({ sortSubcommands: false })
  const names = only !== undefined && Object.hasOwn(commands, only) ? [only] : commandNames
  for (const command of await Promise.all(names.map((name) => commands[name]!())))
    program.addCommand(command)
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
  // a command named first is all this run needs; anything else (help, a typo to suggest a name
  // for) gets them all
  const program = (await buildProgram(argv[0])).exitOverride()
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
    const named = program.commands.find((c) => c.name() === argv[0])
    // commander already printed its message and the usage hint
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0
      printJsonFailure(named, argv, new UsageError(error.message.replace(/^error: /, '')))
      return 2
    }
    printJsonFailure(named, argv, error)
    const code = exitCodeOf(error)
    if (code === undefined) throw error
    process.stderr.write(`kopru: ${(error as Error).message}\n`)
    if (error instanceof UsageError) {
      const command = program.commands.find((c) => argv.includes(c.name())) ?? program
      process.stderr.write(`${usageHint(command)}\n`)
    }
    return code
  }
}
