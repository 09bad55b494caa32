/**
 * What the built-in pipelines share: the clients they need, and the order streams that read Softtr
 * and Narwoo into one mapping scope (`orders`) whatever the destination.
 */
import { narwooOrdersSource } from '../apis/narwoo/connector.ts'
import { softtrOrders } from '../apis/softtr/connector.ts'
import { ConfigError } from '../core/errors.ts'
import type { Sink } from '../model/connector.ts'
import type { Order } from '../model/index.ts'
import type { Clients } from './recipes.ts'
import { defineStream, type StreamDef } from './stream.ts'

export function need<K extends keyof Clients>(
  clients: Clients,
  api: K,
  pipeline: string,
): NonNullable<Clients[K]> {
  const client = clients[api]
  if (!client)
    throw new ConfigError(`pipeline ${pipeline} needs a "${api}" connection in kopru.yaml`)
  return client as NonNullable<Clients[K]>
}

export interface OrderWindows {
  from: readonly ('softtr' | 'narwoo')[]
  overlapDays: number
  lookbackDays: number
  initialDays: number
}

/** `softtr-orders` and `narwoo-orders` (as `from` lists them) into `sink`, sharing scope `orders`. */
export function orderStreams(
  pipeline: string,
  clients: Clients,
  windows: OrderWindows,
  sink: Sink<Order>,
): StreamDef[] {
  const streams: StreamDef[] = []
  if (windows.from.includes('softtr'))
    streams.push(
      defineStream({
        name: 'softtr-orders',
        scope: 'orders',
        source: softtrOrders(need(clients, 'softtr', pipeline), {
          overlapDays: windows.overlapDays,
          initialDays: windows.initialDays,
        }),
        sink,
      }),
    )
  if (windows.from.includes('narwoo'))
    streams.push(
      defineStream({
        name: 'narwoo-orders',
        scope: 'orders',
        source: narwooOrdersSource(need(clients, 'narwoo', pipeline), {
          lookBackDays: windows.lookbackDays,
        }),
        sink,
      }),
    )
  return streams
}
