import { describe, expect, it } from 'vitest'
import { customersFromOrders } from '../../src/sync/customers.ts'
import { foldCustomer, type OrderFacts } from '../../src/model/customers.ts'
import { runPipeline } from '../../src/sync/engine.ts'
import { SqliteStateStore } from '../../src/sync/sqlite.ts'
import { defineStream } from '../../src/sync/stream.ts'
import { type Outcome } from '../../src/model/connector.ts'

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
