/**
 * `kopru <args>` in this process: `main(argv)` with standard output and error captured, the exit
 * code it returns, and environment variables set for the call only. No child process, no tsx
 * start-up: a CLI test costs what the command costs, which keeps the suite inside its time limits on
 * a busy two-core machine. Calls run one at a time (the capture is process-wide); a test that must
 * kill kopru, or read what a real pipe does, still runs it as a child (`sync-cli.ts`, `spawnKopru`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { vi } from 'vitest'
import { main } from '../../src/cli/main.ts'

export const root = join(import.meta.dirname, '..', '..')
export const bin = join(root, 'bin', 'kopru.js')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export interface CliOptions {
  /** set (a string) or removed (undefined) for this call only */
  env?: Record<string, string | undefined>
}

let queue: Promise<unknown> = Promise.resolve()

/** `kopru <args>` in process, after any call still running. */
export function kopru(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const run = queue.then(() => runNow(args, options))
  queue = run.catch(() => undefined)
  return run
}

async function runNow(args: readonly string[], options: CliOptions): Promise<CliRun> {
  // as if typed in a shell, whatever runs the tests (npm test, npx vitest), unless a test says
  const env = { npm_lifecycle_event: undefined, ...options.env }
  const out = { stdout: '', stderr: '' }
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      out[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
      return true
    })
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]))
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  setEnv(env)
  const spies = [capture('stdout'), capture('stderr')]
  try {
    return { code: await main([...args]), ...out }
  } finally {
    for (const spy of spies) spy.mockRestore()
    setEnv(saved)
    process.exitCode = undefined
  }
}

/** The environment without kopru's own variables (the emulators' defaults apply) nor npm's. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // as if typed in a shell (no npm script around it), unless `extra` says
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('KOPRU_') && key !== 'npm_lifecycle_event',
    ),
  ) as NodeJS.ProcessEnv
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}

export interface Spawned {
  child: ChildProcess
  /** everything printed so far */
  output(): { stdout: string; stderr: string }
  /** resolves once standard output (or error) matches, rejects when kopru exits first or in time */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<string>
  /** resolves with the exit code and signal; kills with SIGKILL after `timeoutMs` */
  exit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * `node bin/kopru.js <args>` as a child, for what only a process shows: serving until a signal,
 * a real pipe, a kill. Time limits are wide: a busy machine may take many seconds to start tsx.
 */
export function spawnKopru(
  args: readonly string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
  stdio: 'pipe' | 'ignore-stdin' = 'ignore-stdin',
): Spawned {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env,
    stdio: [stdio === 'pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  })
  const text = { stdout: '', stderr: '' }
  child.stdout!.on('data', (chunk: Buffer) => (text.stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (text.stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  )
  return {
    child,
    output: () => ({ ...text }),
    waitFor(pattern, stream = 'stdout', timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text[stream])) return false
          cleanup()
          resolve(text[stream])
          return true
        }
        const onExit = () => {
          if (check()) return
          cleanup()
          reject(new Error(`kopru ${args.join(' ')} ended before ${pattern}\n${text.stderr}`))
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(
            new Error(`kopru ${args.join(' ')}: no ${pattern} in ${timeoutMs} ms\n${text.stderr}`),
          )
        }, timeoutMs)
        const cleanup = () => {
          clearTimeout(timer)
          child[stream]!.off('data', check)
          child.off('close', onExit)
        }
        child[stream]!.on('data', check)
        child.once('close', onExit)
        check()
      })
    },
    async exit(timeoutMs = 120_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
