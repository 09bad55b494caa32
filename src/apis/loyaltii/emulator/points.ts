/**
 * The points ledger: points are only ever added. Earning is a positive Amount, spending a
 * negative one; a cancel adds the negative canceller, and the two point at each other through
 * CancellerPointId. `Sum` is the contact's running total of the type when the point was made;
 * every total and sum the API answers is computed from the ledger at the call, so none can drift.
 */
import { spliced } from '../../../emulator/json.ts'
import { memoRows } from '../../../emulator/memo.ts'
import { firstIndex } from '../../../emulator/sorted.ts'
import { decimal } from '../codecs.ts'
import { PAGE_SIZE } from '../schemas/points.ts'
import { fail, notFound } from './answers.ts'
import type { StoredPoint } from './state.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp, timeWindow } from './time.ts'

/** The account's spelling of a point type, found without case: undefined when it has none such. */
export function pointType(store: LoyaltiiStore, text: string): string | undefined {
  const wanted = text.trim().toLowerCase()
  return store.account.pointTypes.find((t) => t.toLowerCase() === wanted)
}

/**
 * A read's type filter in the account's spelling, as the write stores it, so that each point is
 * compared exactly; a type the account does not have keeps its text and finds no point.
 */
function typeFilter(store: LoyaltiiStore, text: string | undefined): string | undefined {
  // the spelling itself (every ledger write's own balance) needs no search
  if (text === undefined || store.account.pointTypes.includes(text)) return text
  return pointType(store, text) ?? text
}

/** Points passing every filter given (`from` included, `to` left out); `source` in id order. */
export function selectPoints(
  store: LoyaltiiStore,
  source: readonly StoredPoint[],
  filter: {
    type?: string | undefined
    subType?: string | undefined
    sourceId?: string | undefined
    storeId?: number | undefined
    stores?: ReadonlySet<number>
    companyId?: number | undefined
    from?: string | Date | undefined
    to?: string | Date | undefined
  },
): StoredPoint[] {
  const type = typeFilter(store, filter.type)
  const dated = timeWindow(filter.from, filter.to)
  return source.filter(
    (p) =>
      (type === undefined || p.Type === type) &&
      (filter.subType === undefined || p.SubType === filter.subType) &&
      (filter.sourceId === undefined || p.SourceId === filter.sourceId) &&
      (filter.storeId === undefined || p.StoreId === filter.storeId) &&
      (filter.stores === undefined || (p.StoreId !== null && filter.stores.has(p.StoreId))) &&
      (filter.companyId === undefined || p.ContactCompanyId === filter.companyId) &&
      (dated === undefined || dated(store.createdAt(p, p.DateTime))),
  )
}

const shown = ['CancellerPointId'] as const
const asIs = (p: StoredPoint) => p

/** The stored points are the wire's `ReadPointDto`s: each row's JSON is made once, then reused. */
export function pointRows(points: readonly StoredPoint[]) {
  return spliced(memoRows(points, shown, asIs))
}

/** `lastId` paging: the next 1000 points after `lastId` (of `type`, when given), in id order. */
export function pageAfter(store: LoyaltiiStore, lastId: number, text: string | undefined) {
  const type = typeFilter(store, text)
  const start = firstIndex(store.points, (p) => p.Id > lastId)
  if (type === undefined) return pointRows(store.points.slice(start, start + PAGE_SIZE))
  const page: StoredPoint[] = []
  for (let i = start; i < store.points.length && page.length < PAGE_SIZE; i++)
    if (store.points[i]!.Type === type) page.push(store.points[i]!)
  return pointRows(page)
}

export function pointTypes(store: LoyaltiiStore): string[] {
  return store.account.pointTypes
}

/** The running total of a contact's points of `type` (and `subType`), from the ledger. */
export function balance(
  store: LoyaltiiStore,
  contactId: number,
  type: string,
  subType?: string,
): number {
  const wanted = typeFilter(store, type)
  let sum = 0
  for (const p of store.pointsByContact.get(contactId) ?? [])
    if (p.Type === wanted && (subType === undefined || p.SubType === subType)) sum += p.Amount
  return decimal(sum)
}

interface NewPoint {
  ContactId: number
  ContactCompanyId?: number | null | undefined
  Type: string
  Amount: number
  Description?: string | null | undefined
  SourceId?: string | null | undefined
  SourceDescription?: string | null | undefined
  StoreId?: number | null | undefined
  BookValue?: number | null | undefined
  SubType?: string | null | undefined
  PointCalculationBase?: number | null | undefined
}

/**
 * A new point: the contact must exist (a bare 404, as the Help Page says), the type be one of the
 * account's, the store and company exist. Without a company the contact's own is recorded.
 */
export function createPointRecord(ctx: LoyaltiiContext, body: NewPoint): StoredPoint {
  const store = ctx.state
  const contact = store.contacts.get(body.ContactId)
  if (!contact) throw notFound()
  const type = pointType(store, body.Type)
  if (!type) throw fail('invalidPointType')
  if (body.StoreId != null && !store.stores.has(body.StoreId)) throw fail('invalidStore')
  if (body.ContactCompanyId != null && !store.companies.has(body.ContactCompanyId))
    throw fail('invalidContactCompany')
  return addPoint(store, stamp(ctx.now), {
    ContactId: contact.Id,
    ContactCompanyId: body.ContactCompanyId ?? contact.ContactCompanyId,
    Type: type,
    Amount: body.Amount,
    Description: body.Description ?? null,
    SourceId: body.SourceId ?? null,
    SourceDescription: body.SourceDescription ?? null,
    StoreId: body.StoreId ?? null,
    BookValue: body.BookValue ?? null,
    SubType: body.SubType ?? null,
    PointCalculationBase: body.PointCalculationBase ?? null,
    IsCanceller: false,
    CancellerPointId: null,
  })
}

type PointFields = Omit<
  StoredPoint,
  'Id' | 'Sum' | 'DateTime' | 'AdministratorId' | 'ConverterTransactionId'
>

/** Appends a point to the ledger with its id, time and running Sum (the seed uses it too). */
export function addPoint(store: LoyaltiiStore, dateTime: string, fields: PointFields): StoredPoint {
  const sum = decimal(balance(store, fields.ContactId, fields.Type) + fields.Amount)
  // the fields in ReadPointDto's order: the stored point is the answer as it is
  const point: StoredPoint = {
    Id: store.nextId('point'),
    ContactId: fields.ContactId,
    ContactCompanyId: fields.ContactCompanyId,
    Type: fields.Type,
    Amount: fields.Amount,
    Sum: sum,
    DateTime: dateTime,
    Description: fields.Description,
    SourceId: fields.SourceId,
    SourceDescription: fields.SourceDescription,
    StoreId: fields.StoreId,
    AdministratorId: null,
    BookValue: fields.BookValue,
    SubType: fields.SubType,
    PointCalculationBase: fields.PointCalculationBase,
    ConverterTransactionId: null,
    IsCanceller: fields.IsCanceller,
    CancellerPointId: fields.CancellerPointId,
  }
  store.addPoint(point)
  return point
}

/** Cancels a point once: a canceller, or a point cancelled already, cannot be (400). */
export function cancelPoint(store: LoyaltiiStore, dateTime: string, id: number): StoredPoint {
  const point = store.pointsById.get(id)
  if (!point) throw notFound()
  if (point.IsCanceller || point.CancellerPointId !== null) throw fail('pointCancelled')
  const negate = (n: number | null) => (n === null ? null : decimal(-n))
  const canceller = addPoint(store, dateTime, {
    ContactId: point.ContactId,
    ContactCompanyId: point.ContactCompanyId,
    Type: point.Type,
    Amount: decimal(-point.Amount),
    Description: `Annullering af point ${point.Id}`,
    SourceId: point.SourceId,
    SourceDescription: point.SourceDescription,
    StoreId: point.StoreId,
    BookValue: negate(point.BookValue),
    SubType: point.SubType,
    PointCalculationBase: negate(point.PointCalculationBase),
    IsCanceller: true,
    CancellerPointId: point.Id,
  })
  point.CancellerPointId = canceller.Id
  return canceller
}

// --- computed from the ledger -----------------------------------------------------------

function grouped<K>(points: readonly StoredPoint[], key: (p: StoredPoint) => K | null) {
  const out = new Map<K, { type: string; sum: number; count: number; last: StoredPoint }[]>()
  for (const p of points) {
    const k = key(p)
    if (k === null) continue
    let rows = out.get(k)
    if (!rows) out.set(k, (rows = []))
    let row = rows.find((r) => r.type === p.Type)
    if (!row) rows.push((row = { type: p.Type, sum: 0, count: 0, last: p }))
    row.sum += p.Amount
    row.count++
    row.last = p
  }
  return [...out].sort(
    ([a], [b]) => (a as number) - (b as number) || String(a).localeCompare(String(b)),
  )
}

export function totals(store: LoyaltiiStore, type: string | undefined) {
  return grouped(selectPoints(store, store.points, { type }), () => 0).flatMap(([, rows]) =>
    rows.map((r) => ({ Type: r.type, Sum: decimal(r.sum), Count: r.count })),
  )
}

/** `ReadPointSumDto`s, one per contact and type. */
export function sumsByContact(points: readonly StoredPoint[]) {
  return grouped(points, (p) => p.ContactId).flatMap(([contactId, rows]) =>
    rows.map((r) => ({
      ContactId: contactId,
      Type: r.type,
      Sum: decimal(r.sum),
      LastModified: r.last.DateTime,
    })),
  )
}

export function sumsByStore(points: readonly StoredPoint[]) {
  return grouped(points, (p) => p.StoreId).flatMap(([storeId, rows]) =>
    rows.map((r) => ({ StoreId: storeId, Type: r.type, Sum: decimal(r.sum) })),
  )
}

export function sumsByCompany(points: readonly StoredPoint[]) {
  return grouped(points, (p) => p.ContactCompanyId).flatMap(([companyId, rows]) =>
    rows.map((r) => ({ ContactCompanyId: companyId, Type: r.type, Sum: decimal(r.sum) })),
  )
}

/** The sum of the points, or null when there are none (TotalForContactCompany, as documented). */
export function totalOrNull(points: readonly StoredPoint[]): number | null {
  return points.length ? decimal(points.reduce((sum, p) => sum + p.Amount, 0)) : null
}
