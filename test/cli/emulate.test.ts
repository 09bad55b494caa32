/** `kopru emulate`'s guard of its admin API and of its seed sizes. */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/cli/main.ts'

const root = join(import.meta.dirname, '..', '..')
const bin = join(root, 'bin', 'kopru.js')
const SMALL = ['--port', '0', '--size', 'orders=5', '--size', 'products=3', '--size', 'customers=3']
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('KOPRU_')),
) as NodeJS.ProcessEnv

/** `main` in this process, for the refusals: they end before anything listens. */
async function refused(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = ''
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString()
      return true
    }),
  ]
  try {
    return { code: await main(args), stderr }
  } finally {
    for (const spy of spies) spy.mockRestore()
  }
}

const children: ChildProcess[] = []
afterEach(() => children.splice(0).forEach((child) => child.kill('SIGKILL')))

/** Starts `kopru emulate softtr …` and resolves with what it printed up to `until`. */
function start(args: string[], until: RegExp, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const child = spawn(process.execPath, [bin, 'emulate', 'softtr', ...SMALL, ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (until.test(stdout)) resolve(stdout)
    })
    child.on('exit', (code) => reject(new Error(`kopru emulate exited with ${code}\n${stderr}`)))
  })
}

const health = (adminUrl: string, token?: string) =>
  fetch(`${adminUrl}/health`, token ? { headers: { authorization: `Bearer ${token}` } } : {})

describe('seed sizes', () => {
  it('refuses a size over the maximum before generating anything', async () => {
    const run = await refused(['emulate', 'softtr', '--size', 'orders=1000000000000'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^kopru: --size orders=1000000000000: softtr orders go up to 250000\n/,
    )
  })
})

describe('admin token', () => {
  it('refuses an empty one', async () => {
    const run = await refused(['emulate', 'softtr', '--admin-token', ''])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--admin-token \(or KOPRU_ADMIN_TOKEN\) is empty/)
  })

  it('is made up on a host other than loopback, printed in --json, and wanted', async () => {
    const line = await start(['--host', '0.0.0.0', '--json'], /\n/)
    const { softtr } = JSON.parse(line) as { softtr: { adminUrl: string; adminToken: string } }
    expect(softtr.adminToken).toMatch(/^[\w-]{32}$/)
    const adminUrl = softtr.adminUrl.replace('0.0.0.0', '127.0.0.1')
    expect((await health(adminUrl)).status).toBe(401)
    expect((await health(adminUrl, softtr.adminToken)).status).toBe(200)
  })

  it('is said at start in the human output', async () => {
    const banner = await start(['--host', '0.0.0.0'], /Ctrl\+C/)
    expect(banner).toMatch(
      /admin API token: [\w-]{32}\n.*made up because 0\.0\.0\.0 is not loopback/,
    )
  })

  it('comes from KOPRU_ADMIN_TOKEN on loopback too', async () => {
    const line = await start(['--json'], /\n/, { KOPRU_ADMIN_TOKEN: 'from-the-env' })
    const { softtr } = JSON.parse(line) as { softtr: { adminUrl: string; adminToken: string } }
    expect(softtr.adminToken).toBe('from-the-env')
    expect((await health(softtr.adminUrl)).status).toBe(401)
    expect((await health(softtr.adminUrl, 'from-the-env')).status).toBe(200)
  })
})
