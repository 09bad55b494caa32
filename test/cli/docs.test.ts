/**
 * What docs/emulators.md promises about the admin API's request log and the credentials, checked
 * against an emulator, so that the page cannot drift from what scripts meet.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiNames, registry } from '../../src/apis/registry.ts'
import { softtrEmulator } from '../../src/apis/softtr/emulator/index.ts'
import { createEmulator } from '../../src/emulator/host.ts'
import { root } from '../support/cli.ts'

const page = readFileSync(join(root, 'docs', 'emulators.md'), 'utf8')

/** The first column (code) of the markdown table at or after `after`. */
function tableKeys(after: string): string[] {
  const rest = page.slice(page.indexOf(after))
  const table = /(?:^|\n)((?:\|.*\|\n)+)/.exec(rest)![1]!
  return table
    .trim()
    .split('\n')
    .slice(2)
    .map((row) => /^\|\s*`([^`]+)`/.exec(row)![1]!)
}

describe('docs/emulators.md', () => {
  it('describes every field of a request log entry, and the window and filters as they are', async () => {
    const emulator = createEmulator(softtrEmulator, { sizes: { orders: 3, products: 2 } })
    const admin = (path: string) =>
      emulator.fetch(`http://127.0.0.1${path}`).then((r) => r.json() as Promise<unknown>)
    const auth = `Basic ${Buffer.from('kopru:kopru-softtr').toString('base64')}`
    for (let i = 0; i < 2003; i++)
      await emulator.fetch(`${emulator.baseUrl()}/orders?pageSize=1`, {
        headers: { authorization: auth },
      })
    await emulator.fetch(`${emulator.baseUrl()}/nowhere`, { headers: { authorization: auth } })
    const all = (await admin('/__kopru/requests?limit=5000')) as { seq: number }[]
    // the window: the last 2,000, numbered from the emulator's start
    expect(page).toContain('keeps the **last 2,000 requests**')
    expect(all).toHaveLength(2000)
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => 2005 - 2000 + i))
    const fields = new Set(all.flatMap((entry) => Object.keys(entry)))
    const documented = tableKeys('Each entry:')
    for (const field of fields) expect(documented, field).toContain(field)
    expect(tableKeys('| query parameter')).toEqual(['operation', 'limit'])
    const [last] = (await admin('/__kopru/requests?operation=orders.list&limit=1')) as {
      seq: number
      operationId: string
    }[]
    expect(last).toMatchObject({ seq: 2003, operationId: 'orders.list' })
    expect(await admin('/__kopru/requests')).toHaveLength(100)
  })

  it('lists every credential variable with its default', () => {
    for (const api of apiNames)
      for (const [key, c] of Object.entries(registry[api]!.emulator.credentials))
        expect(page).toMatch(
          new RegExp(`\\| \`${c.env}\` +\\| \\w+ \`${key}\` +\\| \`${c.default}\` +\\|`),
        )
  })
})
