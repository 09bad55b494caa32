/**
 * Customers are not read from any API: they are what the orders delivered so far say about each
 * buyer. This source folds the order facts the orders streams stored (grouped by customer key) into
 * one canonical Customer per buyer; the engine's hashes then send only the customers that changed.
 */
import type { Sink, Source } from '../model/connector.ts'
import type { Customer } from '../model/index.ts'
import { foldCustomer, type OrderFacts } from '../model/customers.ts'

/** Every customer of the orders stored under `ordersScope` (`<pipeline>/<scope>`), a page at a time. */
export function customersFromOrders(ordersScope: string, pageSize = 500): Source<Customer> {
  return {
    async *read(ctx) {
      for (let after: string | undefined; ;) {
        const groups = await ctx.store.groups(ordersScope, after, pageSize)
        if (!groups.length) return
        yield {
          records: groups.map(({ group, mappings }) => ({
            key: group,
            record: foldCustomer(
              group,
              mappings.map((m) => ({ key: m.key, facts: m.data as OrderFacts })),
            ),
          })),
        }
        after = groups.at(-1)!.group
      }
    },
  }
}

/**
 * A sink that writes nowhere: its stream's records are only remembered (their mappings and facts),
 * for a later stream of the pipeline to read, such as `customersFromOrders`.
 */
export function rememberOnly<R>(name = 'kopru state'): Sink<R> {
  return { name, batchSize: 1000, write: async (batch) => batch.map(() => ({ ok: true })) }
}
