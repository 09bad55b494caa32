/** `kopru emulate`'s guard of its admin API and of its seed sizes. */
import { afterEach, describe, expect, it } from 'vitest'
import { cleanEnv, kopru, spawnKopru, type Spawned } from '../support/cli.ts'

const SMALL = ['--port', '0', '--size', 'orders=5', '--size', 'products=3', '--size', 'customers=3']

/** `main` in this process, for the refusals: they end before anything listens. */
const refused = (args: string[]) => kopru(args)

const children: Spawned[] = []
afterEach(async () => {
  for (const spawned of children.splice(0)) {
    spawned.child.kill('SIGKILL')
    await spawned.exit()
  }
})

/** Starts `kopru emulate softtr …` as a child and resolves with what it printed up to `until`. */
function start(args: string[], until: RegExp, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const spawned = spawnKopru(['emulate', 'softtr', ...SMALL, ...args], cleanEnv(extraEnv))
  children.push(spawned)
  return spawned.waitFor(until)
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

  it(
    'is made up on a host other than loopback, printed in --json, and wanted',
    { timeout: 150_000 },
    async () => {
      const line = await start(['--host', '0.0.0.0', '--json'], /\n/)
      const { softtr } = JSON.parse(line) as { softtr: { adminUrl: string; adminToken: string } }
      expect(softtr.adminToken).toMatch(/^[\w-]{32}$/)
      const adminUrl = softtr.adminUrl.replace('0.0.0.0', '127.0.0.1')
      expect((await health(adminUrl)).status).toBe(401)
      expect((await health(adminUrl, softtr.adminToken)).status).toBe(200)
    },
  )

  it('is said at start in the human output', { timeout: 150_000 }, async () => {
    const banner = await start(['--host', '0.0.0.0'], /Ctrl\+C/)
    expect(banner).toMatch(
      /admin API token: [\w-]{32}\n.*made up because 0\.0\.0\.0 is not loopback/,
    )
  })

  it('comes from KOPRU_ADMIN_TOKEN on loopback too', { timeout: 150_000 }, async () => {
    const line = await start(['--json'], /\n/, { KOPRU_ADMIN_TOKEN: 'from-the-env' })
    const { softtr } = JSON.parse(line) as { softtr: { adminUrl: string; adminToken: string } }
    expect(softtr.adminToken).toBe('from-the-env')
    expect((await health(softtr.adminUrl)).status).toBe(401)
    expect((await health(softtr.adminUrl, 'from-the-env')).status).toBe(200)
  })
})
