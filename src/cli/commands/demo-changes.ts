/**
 * What `kopru demo` changes between its two runs, one change in each direction: prices in the shop,
 * a new order (which earns points), cancelled marketplace orders (whose points are cancelled), and
 * an unsubscribe in Mail Komplet that reaches Setrow and Loyaltii by webhook through `kopru serve`'s
 * app, before the second run even starts.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { orderStamp } from '../../apis/softtr/emulator/seed.ts'
import type { StoredOrder, SofttrData } from '../../apis/softtr/emulator/store.ts'
import type { Emulator } from '../../emulator/host.ts'
import { consentPerson } from '../../model/consent.ts'
import type { StateStore } from '../../model/state.ts'
import type { KopruConfig } from '../../sync/config.ts'
import type { Clients } from '../../sync/recipes.ts'
import { kopruServer } from '../../sync/serve.ts'

type Emulators = Record<'softtr' | 'mailkomplet' | 'loyaltii', Emulator>

/** Five Softtr prices, a new Softtr order and three Narwoo cancellations, as a shop would see them. */
export async function changeOrders(
  clients: Clients,
  emulators: Emulators,
): Promise<{ lines: string[]; newOrder: string; cancelled: string[] }> {
  const { softtr, narwoo } = clients
  const lines: string[] = []
  const products = (await softtr!.products.list({ pageSize: 5 })).content
  await softtr!.products.updateStockAndPrice({
    body: products.map((p) => {
      const unit = p.variants[0]
      return {
        barcode: unit ? unit.barcode : p.barcode,
        mainProductPrice: Math.round(p.mainProductPrice * 1.1 * 100) / 100,
        variantPrice: unit ? unit.variantPrice : 0,
        stockAmount: (unit ? unit.stockAmount : p.stockAmount) + 10,
      }
    }),
  })
  lines.push(
    `Softtr: 5 products 10% dearer, 10 more in stock (${products.map((p) => p.code).join(', ')})`,
  )
  const newOrder = placeOrder(emulators.softtr)
  lines.push(
    `Softtr: a customer places order ${newOrder.orderno} (${newOrder.orderAmount} TRY, ${newOrder.invoiceDetails.invoiceMail})`,
  )
  const cancelled: string[] = []
  // recent ones: a run reads Narwoo's last days again for changes the order list does not show
  const recent = Date.now() - 5 * 86_400_000
  for await (const order of narwoo!.orders.iterate()) {
    if (cancelled.length === 3) break
    if (!order.placedAt || order.placedAt.getTime() < recent) continue
    try {
      await narwoo!.orders.cancel({
        order_number: order.orderNumber,
        cancel_reason: 'Müşteri vazgeçti',
      })
      cancelled.push(order.orderNumber)
    } catch {
      // already confirmed or cancelled: try the next one
    }
  }
  lines.push(`Narwoo: ${cancelled.length} recent orders cancelled (${cancelled.join(', ')})`)
  return { lines, newOrder: newOrder.orderno, cancelled }
}

/**
 * A new order in the shop: the latest order's basket for its buyer again, placed now. The emulator
 * has no API for shoppers, so it goes in as its admin API's state replacement does.
 */
function placeOrder(softtr: Emulator): StoredOrder {
  const data = structuredClone(softtr.dump()) as SofttrData
  const latest = [...data.orders].sort((a, b) => b.placedAt.localeCompare(a.placedAt))[0]!
  const now = new Date()
  const orderno = `${orderStamp(now)}-KPR`
  const order: StoredOrder = { ...latest, orderno, placedAt: now.toISOString(), status: 'WAITING' }
  data.orders.push(order)
  softtr.load(data)
  return order
}

/**
 * A Loyaltii member unsubscribes from a Mail Komplet e-mail: Mail Komplet posts its webhook to
 * kopru's server, which records it and tells Setrow and Loyaltii at once. Answers what it shows.
 */
export async function unsubscribeByWebhook(
  config: KopruConfig,
  clients: Clients,
  store: StateStore,
  emulators: Emulators,
): Promise<string[]> {
  const member = [
    ...(emulators.loyaltii.state as { contacts: Map<number, Member> }).contacts.values(),
  ]
    .filter((c) => c.Email && !c.LimitMailsPermanently)
    .map((c) => consentPerson(c.Email)!)
  const denied = new Set(
    (await store.consentOf(member)).filter((e) => e.status === 'denied').map((e) => e.person),
  )
  const email = member.find((m) => !denied.has(m))
  if (!email) return ['Mail Komplet: no Loyaltii member left to unsubscribe']

  const server = kopruServer({ config, clients, store })
  const http = createServer(getRequestListener(server.fetch))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/webhooks/mailkomplet`
  const mk = emulators.mailkomplet as Emulator & {
    switches: { forcedOutcomes: Record<string, string> }
    parseSwitches(input: unknown): unknown
  }
  try {
    mk.webhooks.configure({ targets: [{ url }] })
    mk.switches = mk.parseSwitches({
      ...mk.switches,
      forcedOutcomes: { ...mk.switches.forcedOutcomes, [email]: 'unsubscribe' },
    }) as typeof mk.switches
    const started = performance.now()
    await clients.mailkomplet!.transactionalEmails.send({
      email: {
        fromAddress: 'magaza@kopru.dev',
        to: [{ address: email }],
        subject: 'Yeni sezon',
        bodyHtml: '<a href="https://kopru.dev/yeni">Yeni sezon</a>',
      },
    })
    await mk.webhooks.settled()
    await server.applier!.settled()
    const ms = Math.round(performance.now() - started)
    const atSetrow = await clients.setrow!.unsubscribe.email.status({ email })
    const atLoyaltii = await clients.loyaltii!.contacts.getByEmail({ email })
    return [
      `Mail Komplet: ${email} unsubscribes from an e-mail; its webhook reaches kopru serve (${url})`,
      `  → Setrow unsubscribe list: ${atSetrow.unsubscribed ? 'yes' : 'no'}; Loyaltii LimitMailsPermanently: ${atLoyaltii?.LimitMailsPermanently} (${ms} ms after sending)`,
    ]
  } finally {
    mk.webhooks.configure({ targets: [] })
    await new Promise<void>((resolve) => http.close(() => resolve()))
    http.closeAllConnections()
    await server.close()
  }
}

interface Member {
  Email: string | null
  LimitMailsPermanently: boolean
}

/** What Loyaltii shows after the second run: the new order's points, the cancelled ones' undone. */
export async function pointsOf(
  clients: Clients,
  newOrder: string,
  cancelled: readonly string[],
): Promise<string[]> {
  const loyaltii = clients.loyaltii!
  const of = (sourceId: string) => loyaltii.points.listBySource({ sourceId })
  const earned = (await of(`softtr:${newOrder}`)).filter((p) => !p.IsCanceller)
  const lines = [
    `Loyaltii: order ${newOrder} earned ${earned.reduce((sum, p) => sum + p.Amount, 0)} points`,
  ]
  for (const number of cancelled) {
    const points = await of(`narwoo:${number}`)
    const granted = points.filter((p) => !p.IsCanceller).length
    const undone = points.filter((p) => p.IsCanceller).length
    lines.push(
      `Loyaltii: Narwoo order ${number}: ${granted ? `its point cancelled (${undone} canceller)` : 'had earned no points'}`,
    )
  }
  return lines
}
