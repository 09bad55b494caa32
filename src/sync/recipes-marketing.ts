/**
 * The pipelines into Loyaltii and Mail Komplet, assembled from `kopru.yaml` and the rooms'
 * connectors (vendors meet only here and in `recipes.ts`).
 */
import { loyaltiiOrdersSink } from '../apis/loyaltii/connector.ts'
import { mailkompletCustomersSink } from '../apis/mailkomplet/connector.ts'
import { consentDenied } from '../model/consent.ts'
import type { KopruConfig } from './config.ts'
import { customersFromOrders, rememberOnly } from './customers.ts'
import { need, orderStreams } from './recipe-parts.ts'
import type { Clients } from './recipes.ts'
import { defineStream, type PipelineDef } from './stream.ts'

type Pipelines = KopruConfig['pipelines']

/** Softtr and Narwoo orders into Loyaltii: orders with lines, buyers as contacts, points. */
export function loyaltyPipeline(
  config: NonNullable<Pipelines['loyalty']>,
  clients: Clients,
): PipelineDef {
  const name = 'loyalty'
  const sink = loyaltiiOrdersSink(need(clients, 'loyaltii', name), {
    orderTypes: config.orderTypes,
    stores: config.stores,
    pointType: config.pointType,
    rules: config.points,
    earnOn: config.earnOn,
    mailDenied: (email, ctx) => consentDenied(ctx.store, email, 'email'),
  })
  return {
    name,
    description: 'shop and marketplace orders into Loyaltii: orders, contacts, points earned once',
    streams: orderStreams(name, clients, config, sink),
  }
}

/** Customers (folded from Softtr and Narwoo orders) into a Mail Komplet list, with their facts. */
export function mailkompletPipeline(
  config: NonNullable<Pipelines['mailkomplet']>,
  clients: Clients,
): PipelineDef {
  const name = 'mailkomplet'
  const mk = need(clients, 'mailkomplet', name)
  return {
    name,
    description: 'customers into a Mail Komplet list with their order facts, never re-added',
    streams: [
      ...orderStreams(name, clients, config, rememberOnly()),
      defineStream({
        name: 'customers',
        source: customersFromOrders(`${name}/orders`),
        sink: mailkompletCustomersSink(mk, {
          mailingList: config.mailingList,
          columns: config.columns,
          allowed: async (customer, ctx) =>
            !(await consentDenied(ctx.store, customer.email, 'email')),
        }),
      }),
    ],
  }
}
