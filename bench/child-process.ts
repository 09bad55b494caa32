/**
 * The benches' child processes, spoken to over the fork IPC channel, both sides of it:
 *
 * - a long-lived child answering calls one at a time, in order (the emulators' processes):
 *   `startChild` in the bench, `answerCalls` in the child, whose first message announces that it
 *   is ready;
 * - a one-shot child that runs one job and answers one report (a sync, a replay): `runChild` in
 *   the bench, `reportOnce` in the child.
 *
 * A child is started with its job (or start options) as JSON in `argv[2]`, read with `jobOf`. A
 * reply is `{ ok: true, kind, … }`, or a `Failure` carrying the error's stack.
 */
import { fork } from 'node:child_process'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What a child answers when a call or its job threw. */
export interface Failure {
  ok: false
  error: string
}

const failure = (error: unknown): Failure => ({
  ok: false,
  error: error instanceof Error ? (error.stack ?? error.message) : String(error),
})

export interface ChildOptions {
  /** node flags after the TypeScript loader's (a CPU profile's) */
  execArgv?: readonly string[]
}

const forkBench = (file: string, job: unknown, options: ChildOptions) =>
  fork(new URL(file, import.meta.url), [JSON.stringify(job)], {
    execArgv: ['--import', import.meta.resolve('tsx'), ...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })

// ---------------------------------------------------------------------------------------------
// The bench's side

/**
 * Runs a one-shot child, `file` a module of bench/ (`./sync-run.ts`), and resolves with its one
 * report; rejects with `<file>: <its error>` when it failed or ended without a report.
 */
export function runChild<Report>(
  file: string,
  job: unknown,
  options: ChildOptions = {},
): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = forkBench(file, job, options)
    let reply: { ok: true } | Failure | undefined
    child.on('message', (message) => (reply = message as typeof reply))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (reply?.ok) resolve(reply as Report)
      else reject(new Error(`${file}: ${reply ? reply.error : `exited with code ${code}`}`))
    })
  })
}

/** The reply to a call of kind `K`. */
export type ReplyTo<Reply, K> = Extract<Reply, { ok: true; kind: K }>

export interface Child<Call extends { kind: string }, Reply> {
  readonly pid: number | undefined
  /** resolves with the child's reply; rejects with `<name>: <its error>` when it failed */
  call<K extends Call['kind']>(call: Extract<Call, { kind: K }>): Promise<ReplyTo<Reply, K>>
  /** disconnects, and resolves once the child has ended */
  close(): Promise<void>
}

export interface StartOptions extends ChildOptions {
  /** what the child is called in errors (`emulators exited with code 1`) */
  name: string
  /** a child still running this long after `close()` is killed; none: it is waited for */
  killAfterMs?: number
}

/**
 * Starts a long-lived child, `file` a module of bench/ that calls `answerCalls`, and resolves once
 * it has announced that it is ready. Calls are answered one at a time, in order; every call still
 * waiting when the child ends is rejected with `<name> exited with code <code>`.
 */
export async function startChild<Call extends { kind: string }, Reply extends { ok: boolean }>(
  file: string,
  start: unknown,
  options: StartOptions,
): Promise<Child<Call, Reply>> {
  const { name, killAfterMs } = options
  const child = forkBench(file, start, options)
  const waiting: { resolve(reply: Reply | Failure): void; reject(error: Error): void }[] = []
  child.on('message', (reply: Reply | Failure) => waiting.shift()?.resolve(reply))
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${name} exited with code ${code}`))
  })
  const handle: Child<Call, Reply> = {
    pid: child.pid,
    call: (call) =>
      new Promise((resolve, reject) => {
        waiting.push({
          resolve: (reply) =>
            reply.ok
              ? resolve(reply as never)
              : reject(new Error(`${name}: ${(reply as Failure).error}`)),
          reject,
        })
        child.send(call)
      }),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.disconnect()
        if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref()
      }),
  }
  try {
    // the child's first message says it is ready
    const first = await new Promise<Reply | Failure>((resolve, reject) =>
      waiting.push({ resolve, reject }),
    )
    if (!first.ok) throw new Error(`${name}: ${(first as Failure).error}`)
  } catch (error) {
    await handle.close()
    throw error
  }
  return handle
}

// ---------------------------------------------------------------------------------------------
// The child's side

/**
 * The job a child was started with (`argv[2]`); throws `bench/<module> runs as a child of
 * <parent>` when the module was not started by `runChild` or `startChild`.
 */
export function jobOf<Job>(moduleUrl: string, parent: string): Job {
  if (!process.send)
    throw new Error(`bench/${basename(fileURLToPath(moduleUrl))} runs as a child of ${parent}`)
  return JSON.parse(process.argv[2]!) as Job
}

/**
 * Answers every call with what `answer` returns (a `Failure` when it throws), one at a time, after
 * announcing `ready` as the first message. When the bench disconnects, `close` runs and the process
 * exits.
 */
export function answerCalls<Call, Reply>(
  answer: (call: Call) => Reply,
  { ready, close }: { ready: Reply; close: () => Promise<unknown> },
): void {
  const send = (reply: Reply | Failure) => process.send!(reply)
  process.on('message', (call: Call) => {
    try {
      send(answer(call))
    } catch (error) {
      send(failure(error))
    }
  })
  send(ready)
  process.on('disconnect', () => {
    void close().then(() => process.exit(0))
  })
}

/**
 * Sends the report `work` resolves with and exits 0, or a `Failure` and exits 1; either once the
 * message has gone.
 */
export function reportOnce<Report>(work: Promise<Report>): void {
  const send = (reply: Report | Failure) =>
    new Promise<void>((resolve) => process.send!(reply, () => resolve()))
  work.then(
    async (report) => {
      await send(report)
      process.exit(0)
    },
    async (error: unknown) => {
      await send(failure(error))
      process.exit(1)
    },
  )
}
