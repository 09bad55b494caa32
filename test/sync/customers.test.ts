import { describe, expect, it } from 'vitest'
import { orderStamp } from '../../src/apis/softtr/emulator/seed.ts'
import type { SofttrData } from '../../src/apis/softtr/emulator/store.ts'
import { customersFromOrders } from '../../src/sync/customers.ts'
import { customerKey, foldCustomer, type OrderFacts } from '../../src/model/customers.ts'
import { runPipeline } from '../../src/sync/engine.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { defineStream } from '../../src/sync/stream.ts'
import { type Outcome } from '../../src/model/connector.ts'
import { fiveSync } from '../support/sync-run.ts'

const facts = (
  placedAt: string,
  total: number,
  {
    customer,
    ...extra
  }: Omit<Partial<OrderFacts>, 'customer'> & {
    customer?: Partial<OrderFacts['customer']>
  } = {},
): OrderFacts => ({
  status: 'new',
  total,
  placedAt,
  ...extra,
  customer: { firstName: 'Ayşe', lastName: 'Yılmaz', email: 'ayse@example.com', ...customer },
})

describe('foldCustomer', () => {
  it('takes contact details from the latest order and totals from all but cancelled ones', () => {
    const customer = foldCustomer('ayse@example.com', [
      {
        key: 'softtr:2',
        facts: facts('2026-03-01T10:00:00Z', 200, { customer: { city: 'Bursa' } }),
      },
      {
        key: 'softtr:1',
        facts: facts('2026-01-01T10:00:00Z', 100, { customer: { gsm: '905321112233' } }),
      },
      { key: 'narwoo:9', facts: facts('2026-05-01T10:00:00Z', 50, { status: 'cancelled' }) },
    ])
    expect(customer).toEqual({
      key: 'ayse@example.com',
      email: 'ayse@example.com',
      gsm: '905321112233',
      firstName: 'Ayşe',
      lastName: 'Yılmaz',
      city: 'Bursa',
      firstOrderAt: '2026-01-01T10:00:00Z',
      lastOrderAt: '2026-03-01T10:00:00Z',
      orderCount: 2,
      totalSpent: 300,
      sources: [
        { api: 'narwoo', id: 'ayse@example.com' },
        { api: 'softtr', id: 'ayse@example.com' },
      ],
    })
  })
})

describe('customersFromOrders', () => {
  it('yields one customer per group of stored orders, and only changed ones are delivered again', async () => {
    const store = new SqliteStateStore(':memory:')
    const commitOrder = (key: string, group: string, f: OrderFacts) =>
      store.commit({
        pipeline: 'p',
        scope: 'p/orders',
        mappings: [{ key, hash: key, group, data: f }],
      })
    await commitOrder('softtr:1', 'a@x.com', facts('2026-01-01T00:00:00Z', 10))
    await commitOrder('softtr:2', 'b@x.com', facts('2026-01-02T00:00:00Z', 20))
    await commitOrder('softtr:3', 'a@x.com', facts('2026-01-03T00:00:00Z', 30))
    const written: string[] = []
    const pipeline = {
      name: 'p',
      streams: [
        defineStream({
          name: 'customers',
          source: customersFromOrders('p/orders', 1),
          sink: {
            name: 'rec',
            batchSize: 10,
            async write(batch) {
              written.push(
                ...batch.map((b) => `${b.key}:${(b.record as { totalSpent: number }).totalSpent}`),
              )
              return batch.map((): Outcome => ({ ok: true }))
            },
          },
        }),
      ],
    }
    await runPipeline(pipeline, { store })
    expect(written).toEqual(['a@x.com:40', 'b@x.com:20'])
    await commitOrder('softtr:4', 'b@x.com', facts('2026-01-04T00:00:00Z', 5))
    await runPipeline(pipeline, { store })
    expect(written.slice(2)).toEqual(['b@x.com:25'])
    await store.close()
  })
})

describe('a buyer whose address is typed in capitals on a Turkish keyboard (İ for I)', () => {
  const forms = ['ayse.ince@gmail.com', 'AYSE.İNCE@GMAIL.COM', ' Ayse.İnce@Gmail.com ']

  it('is keyed as the one typed in lower case', () => {
    const keys = forms.map((email) =>
      customerKey({ key: 'softtr:1', customer: { email, firstName: '', lastName: '' } }),
    )
    expect(keys).toEqual(forms.map(() => 'ayse.ince@gmail.com'))
  })

  it('is one customer and one Setrow contact, whichever way their Softtr orders spell it', async () => {
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000)
    const s = await fiveSync({ now }, { retry: { baseDelayMs: 1, maxDelayMs: 5 } })
    try {
      const data = structuredClone(s.world.softtr.dump()) as SofttrData
      const model = [...data.orders].sort((a, b) => b.placedAt.localeCompare(a.placedAt))[0]!
      forms.slice(0, 2).forEach((invoiceMail, i) => {
        const at = new Date(now.getTime() - (i + 1) * 3_600_000)
        data.orders.push({
          ...model,
          orderno: `${orderStamp(at)}-TR${i}`,
          placedAt: at.toISOString(),
          invoiceDetails: { ...model.invoiceDetails, invoiceMail },
        })
      })
      s.world.softtr.load(data)
      const results = await s.run(['customers-and-orders'])
      expect(results.map((r) => r.status)).toEqual(['succeeded'])
      const groups = await s.store.groups('customers-and-orders/orders', undefined, 100_000)
      expect(groups.map((g) => g.group).filter((g) => /nce@gmail/.test(g))).toEqual([
        'ayse.ince@gmail.com',
      ])
      const contacts = [...s.world.setrow.state.contacts.email.keys()]
      expect(contacts.filter((k) => /nce@gmail/.test(k))).toEqual(['ayse.ince@gmail.com'])
    } finally {
      await s.close()
    }
  })
})
