/**
 * `kopru sync` and its companions as a user runs them: a child process reading a kopru.yaml that
 * points at emulators this process serves, with the credentials in its environment. The child can be
 * killed (SIGKILL) from inside the emulators' request log, at a chosen request, before its answer is
 * sent. Tests that need no kill run the same commands in process (`cli.ts`): no child to start.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import type { Emulator } from '../../src/emulator/host.ts'
import type { LoggedRequest } from '../../src/emulator/request-log.ts'
import { serveEmulators, type Serving } from '../../src/emulator/serve.ts'
import { apiNames, worldConfigInput, worldEnv, type ApiName, type World } from './sync-world.ts'

const root = join(import.meta.dirname, '..', '..')

export interface ServedWorld {
  serving: Serving<Emulator>
  /** kopru.yaml for these emulators, its state in `dir/state.db` */
  configFile: string
  statePath: string
  close(): Promise<void>
}

export async function serveWorld(world: World, dir: string): Promise<ServedWorld> {
  const serving = await serveEmulators(world.all)
  const url = (name: string) => serving.served.find((s) => s.emulator.name === name)!.baseUrl
  const configFile = join(dir, 'kopru.yaml')
  const statePath = join(dir, 'state.db')
  const urls = Object.fromEntries(apiNames.map((api) => [api, url(api)])) as Record<ApiName, string>
  writeFileSync(configFile, stringify(worldConfigInput(urls, statePath)))
  return { serving, configFile, statePath, close: () => serving.close() }
}

export interface ChildRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** called with each request the emulators log while the child runs; true SIGKILLs the child there
   * and then, so the request's answer never reaches it */
  watch?: (request: LoggedRequest, api: string) => boolean
  /** the child's environment on top of this one's and the credentials kopru.yaml names */
  env?: Record<string, string | undefined>
}

/** `kopru sync <args>`. */
export function runSync(
  world: World,
  args: readonly string[],
  watch?: RunOptions['watch'],
): Promise<ChildRun> {
  return runKopru(world, ['sync', ...args], watch ? { watch } : {})
}

/** `kopru <args>` while `world`'s emulators serve. */
export function runKopru(
  world: World,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ChildRun> {
  return startKopru(world, args, options).done
}

export interface StartedKopru {
  /** the first line the child writes to standard output (a server's `--json` line) */
  firstLine: Promise<string>
  done: Promise<ChildRun>
  kill(signal?: NodeJS.Signals): void
}

/** `kopru <args>` started while `world`'s emulators serve, for a command that keeps running. */
export function startKopru(
  world: World,
  args: readonly string[],
  { watch, env = {} }: RunOptions = {},
): StartedKopru {
  const child = spawn(process.execPath, ['bin/kopru.js', ...args], {
    cwd: root,
    // as if typed in a shell, whatever runs the tests (npm test, npx vitest)
    env: { ...process.env, npm_lifecycle_event: undefined, ...worldEnv, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let lineSeen: (line: string) => void = () => {}
  const firstLine = new Promise<string>((resolve) => (lineSeen = resolve))
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    if (stdout.includes('\n')) lineSeen(stdout.slice(0, stdout.indexOf('\n')))
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const restore = watch ? world.all.map((emulator) => tap(emulator, watch, () => kill())) : []
  let killed = false
  const kill = (signal: NodeJS.Signals = 'SIGKILL') => {
    if (killed) return
    killed = true
    child.kill(signal)
  }
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => {
      for (const undo of restore) undo()
      lineSeen('')
      resolve({ code, signal, stdout, stderr })
    })
  })
  return { firstLine, done, kill }
}

/** Sees every request `emulator` logs until the returned function is called. */
function tap(
  emulator: Emulator,
  watch: (request: LoggedRequest, api: string) => boolean,
  kill: () => void,
): () => void {
  const log = emulator.log
  const add = log.add
  log.add = function (entry) {
    add.call(this, entry)
    if (watch({ seq: 0, ...entry }, emulator.name)) kill()
  }
  return () => {
    log.add = add
  }
}
