/**
 * `kopru consent show` over the state kopru.yaml names: a person's ledger and standing, by e-mail
 * or GSM number typed as people type them; and `kopru serve`'s refusals of bad flags.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { kopru } from '../support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-consent-'))
const config = join(dir, 'kopru.yaml')

beforeAll(async () => {
  writeFileSync(config, 'state: state.db\nconnections: {}\n')
  const store = new SqliteStateStore(join(dir, 'state.db'))
  await store.recordConsent([
    {
      ref: 'setrow:iys:1',
      person: '905321234567',
      channel: 'sms',
      status: 'allowed',
      tool: 'setrow',
      reason: 'iys',
      source: 'HS_WEB',
      at: '2026-01-10T09:00:00.000Z',
    },
    {
      ref: 'mailkomplet:exclude:7',
      person: 'ayse@example.com',
      channel: 'email',
      status: 'denied',
      tool: 'mailkomplet',
      reason: 'unsubscribe',
      at: '2026-02-01T10:00:00.000Z',
    },
    {
      ref: 'setrow:unsubscribe:sms:905321234567:x',
      person: '905321234567',
      channel: 'sms',
      status: 'denied',
      tool: 'setrow',
      reason: 'unsubscribe',
      at: '2026-03-01T10:00:00.000Z',
    },
  ])
  await store.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kopru consent show', () => {
  it('prints a GSM number’s ledger, typed with spaces, and its standing per channel', async () => {
    const run = await kopru(['consent', 'show', '-c', config, '0532', '123', '45', '67'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^905321234567\n {2}sms: denied \(setrow unsubscribe, 2026-03-01/)
    expect(run.stdout).toContain('sms allowed via setrow (iys, source HS_WEB)')
    expect(run.stdout).not.toContain('ayse@')
  })

  it('answers JSON with the verdicts and entries, an address in any case', async () => {
    const run = await kopru(['consent', 'show', '--json', '-c', config, 'Ayse@Example.com'])
    expect(run.code, run.stderr).toBe(0)
    const shown = JSON.parse(run.stdout) as {
      person: string
      verdicts: Record<string, { status: string }>
      entries: unknown[]
    }
    expect(shown.person).toBe('ayse@example.com')
    expect(shown.verdicts).toEqual({ email: { status: 'denied', decidedBy: expect.any(Number) } })
    expect(shown.entries).toHaveLength(1)
  })

  it('says when nothing is recorded, and refuses what is no address with exit 2', async () => {
    const none = await kopru(['consent', 'show', '-c', config, 'yeni@example.com'])
    expect(none.stdout).toMatch(/^yeni@example\.com: nothing recorded/)
    const bad = await kopru(['consent', 'show', '-c', config, 'not-an-address'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/"not-an-address" is neither an e-mail address nor a Turkish GSM/)
  })
})

describe('kopru serve', () => {
  it('refuses a port that is no number and an empty token, before opening anything', async () => {
    const port = await kopru(['serve', '-c', config, '--port', 'eighty'])
    expect(port.code).toBe(2)
    expect(port.stderr).toMatch(/--port/)
    const token = await kopru(['serve', '-c', config, '--token', ' '])
    expect(token.code).toBe(2)
    expect(token.stderr).toMatch(/--token \(or KOPRU_SERVE_TOKEN\) is empty/)
  })
})
