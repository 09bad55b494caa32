/**
 * A Redis of the test's own (the machine's `redis-server` on a free port, nothing kept on disk), so
 * a test can stop and restart it without touching the Redis others use. Fails with a clear message
 * when redis-server is not installed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'

export interface PrivateRedis {
  url: string
  /** kills it (SIGKILL): every key is gone */
  stop(): Promise<void>
  /** starts it again on the same port, empty */
  start(): Promise<void>
}

/** A port nobody listens on now, for a server of the test's own. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    )
    const failed = new Promise<never>((_, reject) =>
      child!.once('error', (error) =>
        reject(
          new Error(`redis-server cannot start (${error.message}): apt-get install redis-server`),
        ),
      ),
    )
    const ready = (async () => {
      for (let i = 0; i < 100; i++) {
        const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null })
        probe.on('error', () => undefined)
        try {
          await probe.connect()
          await probe.ping()
          return
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100))
        } finally {
          probe.disconnect()
        }
      }
      throw new Error(`redis-server did not answer on port ${port} within 10 s`)
    })()
    await Promise.race([ready, failed])
  }
  const stop = async () => {
    const running = child
    if (!running || running.exitCode !== null) return
    await new Promise((resolve) => {
      running.once('exit', resolve)
      running.kill('SIGKILL')
    })
  }
  await start()
  return { url, start, stop }
}
