/**
 * `kopru serve` as a user starts it: `--emulate` runs the five emulators in the process and a
 * dashboard over them, `--json` says where once listening; off loopback a token is made up and
 * wanted; flags that do not go together are refused before anything opens.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { kopru, spawnKopru } from '../support/cli.ts'

/** A GET with the Host header given (fetch sets its own). */
function rawGet(port: string, path: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
    )
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString()))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

const dir = mkdtempSync(join(tmpdir(), 'kopru-serve-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kopru serve', () => {
  it('--emulate serves the dashboard over five emulators in process, and a run goes end to end', async () => {
    const state = join(dir, 'emulated')
    const served = spawnKopru(['serve', '--emulate', '--port', '0', '--json', '--state', state])
    try {
      const line = await served.waitFor(/\n/)
      const info = JSON.parse(line.trim()) as {
        url: string
        dashboard: string
        emulators: Record<string, string>
        webhooks: { mailkomplet?: string }
      }
      expect(Object.keys(info.emulators)).toEqual([
        'softtr',
        'narwoo',
        'setrow',
        'loyaltii',
        'mailkomplet',
      ])
      expect(info.webhooks.mailkomplet).toBe(`${info.url}/webhooks/mailkomplet`)
      // the kopru.yaml it wrote points at them
      const yaml = readFileSync(join(state, 'kopru.yaml'), 'utf8')
      expect(yaml).toContain(info.emulators.setrow)
      const home = await fetch(info.dashboard)
      expect(home.status).toBe(200)
      // a page on another name that resolves here (DNS rebinding) is not served
      const port = new URL(info.url).port
      const rebound = await rawGet(port, '/api/overview', `evil.example:${port}`)
      expect(rebound).toMatch(/^HTTP\/1\.1 403/)
      expect(await rawGet(port, '/api/overview', `localhost:${port}`)).toMatch(/^HTTP\/1\.1 200/)
      expect(await home.text()).toMatch(/<h2 id="p-catalog">catalog<\/h2>/)
      const emulators = (await (await fetch(`${info.url}/api/emulators`)).json()) as {
        emulators: unknown[]
      }
      expect(emulators.emulators).toHaveLength(5)
      const started = await fetch(`${info.url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pipeline: 'catalog' }),
      })
      expect(started.status).toBe(202)
      const { launch } = (await started.json()) as { launch: { id: number } }
      let state_ = 'running'
      for (let i = 0; i < 600 && state_ === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100))
        state_ = (
          (await (await fetch(`${info.url}/api/launches/${launch.id}`)).json()) as {
            launch: { state: string }
          }
        ).launch.state
      }
      expect(state_).toBe('succeeded')
      const overview = (await (await fetch(`${info.url}/api/overview`)).json()) as {
        pipelines: { name: string; lastRun?: { counts: Record<string, { created: number }> } }[]
      }
      const catalog = overview.pipelines.find((p) => p.name === 'catalog')!
      expect(catalog.lastRun!.counts.products!.created).toBeGreaterThan(0)
    } finally {
      served.child.kill('SIGTERM')
      expect((await served.exit()).code).toBe(0)
    }
  })

  it('off loopback, makes up a token and wants it on the pages and the API', async () => {
    const config = join(dir, 'kopru.yaml')
    writeFileSync(config, 'state: state.db\nconnections: {}\npipelines: {}\n')
    const served = spawnKopru(['serve', '-c', config, '--host', '0.0.0.0', '--port', '0', '--json'])
    try {
      const info = JSON.parse((await served.waitFor(/\n/)).trim()) as {
        url: string
        dashboard: string
      }
      const token = new URL(info.dashboard).searchParams.get('token')
      expect(token).toMatch(/^[\w-]{20,}$/)
      const local = info.url.replace('0.0.0.0', '127.0.0.1')
      expect((await fetch(`${local}/`)).status).toBe(401)
      expect((await fetch(`${local}/api/overview`)).status).toBe(401)
      const page = await fetch(`${local}/?token=${token}`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('No pipeline is enabled in kopru.yaml.')
    } finally {
      served.child.kill('SIGTERM')
      await served.exit()
    }
  })

  it('refuses flags that do not go together, before opening anything', async () => {
    const both = await kopru(['serve', '--emulate', '--tenants'])
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--emulate and --tenants do not go together/)
    const state = await kopru(['serve', '--state', '/tmp/x'])
    expect(state.code).toBe(2)
    expect(state.stderr).toMatch(/--state goes with --emulate or --tenants/)
    const every = await kopru(['serve', '--emulate', '--every', 'often'])
    expect(every.code).toBe(2)
    expect(every.stderr).toMatch(/--every/)
    const help = await kopru(['serve', '--help'])
    expect(help.stdout).toMatch(/--emulate/)
    expect(help.stdout).toMatch(/dashboard/)
  })
})
