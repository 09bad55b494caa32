/** `kopru demo` (npm start) end to end, at small sizes: the second run writes only the changes. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const dir = mkdtempSync(join(tmpdir(), 'kopru-demo-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** stream → [read, created, updated, skipped, failed] from one summary table. */
function table(text: string): Map<string, number[]> {
  const rows = new Map<string, number[]>()
  for (const line of text.split('\n')) {
    const m = /^(\S+\/\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(line)
    if (m) rows.set(m[1]!, m.slice(2).map(Number))
  }
  return rows
}

describe('kopru demo', () => {
  it('syncs everything once, then writes exactly the records changed in between', () => {
    const sizes = [
      'softtr.orders=150',
      'softtr.products=30',
      'softtr.customers=50',
      'narwoo.orders=900',
      'narwoo.products=20',
      'narwoo.customers=50',
      'setrow.emails=200',
      'setrow.numbers=100',
      'setrow.whatsapp=50',
      'setrow.orders=50',
      'setrow.reports=50',
    ].flatMap((s) => ['--size', s])
    const run = spawnSync(
      process.execPath,
      ['bin/kopru.js', 'demo', '--state', join(dir, 'state'), ...sizes],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    )
    expect(run.status, run.stderr).toBe(0)
    const [, firstText, secondText] = run.stdout.split(/First run|Second run/)
    const first = table(firstText!)
    const second = table(secondText!)
    expect(first.get('customers-and-orders/softtr-orders')).toEqual([150, 150, 0, 0, 0])
    expect(first.get('catalog/products')!.slice(0, 2)).toEqual([30, 30])
    // the three cancellations and the five price changes, nothing else
    expect(second.get('customers-and-orders/softtr-orders')!.slice(1, 3)).toEqual([0, 0])
    expect(second.get('customers-and-orders/narwoo-orders')!.slice(1, 3)).toEqual([0, 3])
    expect(second.get('catalog/products')!.slice(1, 3)).toEqual([0, 5])
    expect(second.get('catalog/categories')!.slice(1, 3)).toEqual([0, 0])
    expect(second.get('customers-and-orders/customers')![1]).toBe(0)
    expect(second.get('customers-and-orders/customers')![2]).toBeLessThanOrEqual(3)
  })
})
