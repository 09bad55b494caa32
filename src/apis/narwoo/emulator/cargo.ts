/**
 * Cargo on an order: a tracking number the seller enters (manuel) or a UPS shipment Narwoo books
 * (entegrasyon), its cancellation, its detail, and the label page the booking links to.
 */
import { randomUUID } from 'node:crypto'
import type { NarwooErrorKey } from '../errors.ts'
import type { z } from 'zod'
import type { cargoDetails } from '../schemas.ts'
import { INTEGRATION_CARRIER, findCargoCompany } from './catalogue.ts'
import { instantOf, turkeyTime } from './format.ts'
import type { Outcome } from './orders.ts'
import type { NarwooStore, StoredOrder } from './store.ts'

/** `1Z964AX568` + 8 digits, the document's UPS numbers (`1Z964AX56800000666`). */
export const SHIPMENT_PREFIX = '1Z964AX568'
export const LABEL_PATH = '/UmoWSLabel/Barcode.aspx'

/** A UPS shipment's status by hours since booking (assumed steps; the first is the document's). */
const carrierSteps = [
  { hours: 0, status: 'Kargo İşlem Görmemiş' },
  { hours: 6, status: 'Kargo Teslim Alındı' },
  { hours: 24, status: 'Transfer Merkezinde' },
  { hours: 48, status: 'Dağıtımda' },
  { hours: 60, status: 'Teslim Edildi' },
] as const
export const NOT_PICKED_UP = carrierSteps[0].status
/** A number the seller typed in: Narwoo cannot follow the parcel (assumed text). */
export const MANUAL_STATUS = 'Kargo Bilgisi Girildi'

export function carrierStatus(createdAt: string, now: Date): string {
  const hours = (now.getTime() - instantOf(createdAt)) / 3_600_000
  return carrierSteps.filter((step) => hours >= step.hours).pop()?.status ?? NOT_PICKED_UP
}

const ok: Outcome = { ok: true }
const refuse = (error: NarwooErrorKey): Outcome => ({ ok: false, error })

/** The state checks every booking shares: 10 cancelled, 11 not paid, 18 and 16 already booked. */
function bookable(order: StoredOrder): Outcome {
  if (order.canceled) return refuse('orderCancelled')
  if (order.paymentStatus !== 2) return refuse('notPaid')
  if (order.cargo?.integration) return refuse('integrationInUse')
  if (order.cargo) return refuse('cargoNumberExists')
  return ok
}

/** cargo-create/manuel; the company and number were checked by the caller (12, 13, 14). */
export function createManualCargo(
  order: StoredOrder,
  companyName: string,
  cargoNumber: string,
  now: Date,
): Outcome {
  const state = bookable(order)
  if (!state.ok) return state
  order.cargo = {
    integration: false,
    company: findCargoCompany(companyName)!.name,
    number: cargoNumber.trim(),
    createdAt: turkeyTime(now),
  }
  return ok
}

/** cargo-cancel/manuel: 18 when the cargo is the integration's, 15 when there is none. */
export function cancelManualCargo(order: StoredOrder): Outcome {
  if (order.cargo?.integration) return refuse('integrationInUse')
  if (!order.cargo) return refuse('cargoNotFound')
  order.cargo = null
  return ok
}

/** cargo-create/integration: books a UPS shipment. */
export function createIntegrationCargo(
  store: NarwooStore,
  order: StoredOrder,
  now: Date,
): Outcome & { cargoKey?: string; labelKey?: string } {
  const state = bookable(order)
  if (!state.ok) return state
  const cargoKey = SHIPMENT_PREFIX + String(store.nextShipment++).padStart(8, '0')
  const labelKey = randomUUID().toUpperCase()
  order.cargo = {
    integration: true,
    company: INTEGRATION_CARRIER,
    number: cargoKey,
    labelKey,
    createdAt: turkeyTime(now),
  }
  return { ok: true, cargoKey, labelKey }
}

/** cargo-cancel/integration: 15 without a UPS booking; 1 once UPS has the parcel (assumed). */
export function cancelIntegrationCargo(order: StoredOrder, now: Date): Outcome {
  const cargo = order.cargo
  if (!cargo?.integration) return refuse('cargoNotFound')
  if (carrierStatus(cargo.createdAt, now) !== NOT_PICKED_UP) return refuse('failed')
  order.cargo = null
  return ok
}

/** cargo-detail/integration: the order's cargo when `cargoNumber` is its number, else 15. */
export function cargoDetail(
  order: StoredOrder,
  cargoNumber: string,
  now: Date,
): { details: z.output<typeof cargoDetails> } | { error: NarwooErrorKey } {
  const cargo = order.cargo
  if (!cargo || cargo.number !== cargoNumber.trim()) return { error: 'cargoNotFound' }
  return {
    details: {
      cargo_status: cargo.integration ? carrierStatus(cargo.createdAt, now) : MANUAL_STATUS,
      cargo_number: cargo.number,
      cargo_company_name: cargo.company,
      cargo_link: findCargoCompany(cargo.company)?.trackingLink(cargo.number) ?? '',
      cargo_integration: cargo.integration ? '1' : '0',
    },
  }
}

/** The label link: on the emulator's own origin, with the query UPS's link carries. */
export function labelLink(origin: string, cargoKey: string, labelKey: string): string {
  return `${origin}${LABEL_PATH}?ShipmentNo=${cargoKey}&LabelKey=${labelKey}&Type=Print`
}

/** The printable label of a booked shipment; 404 for an unknown or cancelled one. */
export function labelPage(store: NarwooStore, url: URL): Response {
  const shipment = url.searchParams.get('ShipmentNo') ?? ''
  const key = url.searchParams.get('LabelKey') ?? ''
  const order = store.orders.find(
    (o) => o.cargo?.integration && o.cargo.number === shipment && o.cargo.labelKey === key,
  )
  const html = (status: number, body: string) =>
    new Response(
      `<!doctype html><html lang="tr"><meta charset="utf-8"><body>${body}</body></html>`,
      {
        status,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      },
    )
  if (!order) return html(404, '<p>Etiket bulunamadı.</p>')
  const d = order.delivery
  return html(
    200,
    [
      `<h1>UPS ${escape(shipment)}</h1>`,
      `<p>Sipariş ${escape(order.orderNumber)}</p>`,
      `<p>Alıcı: ${escape(`${d.name} ${d.surname}`)}<br>${escape(d.address)}<br>${escape(`${d.zipcode} ${d.town} / ${d.zone}`)}</p>`,
      `<p class="barcode">*${escape(shipment)}*</p>`,
    ].join(''),
  )
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
