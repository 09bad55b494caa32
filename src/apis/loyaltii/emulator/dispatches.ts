/**
 * E-mail dispatches: the v1 dispatch of an e-mail campaign (to a contact, or to the contacts of
 * segments and stores), the Email2 dispatch of a trigger (to contacts, addresses or segments), the
 * list of dispatches as they stand at the call, and the receivers. Their life is `lifecycle.ts`'s.
 */
import { randomUUID } from 'node:crypto'
import { firstIndex } from '../../../emulator/sorted.ts'
import { compareInstants, formatMoment, readMoment } from '../codecs.ts'
import {
  DispatchBatchDelaySec,
  EMAIL2_QUEUED,
  type EmailDispatchStatus,
  type EmailDispatchType,
} from '../schemas/dispatches.ts'
import { PAGE_SIZE } from '../schemas/points.ts'
import { fail, notFound } from './answers.ts'
import { checkEmail } from './contacts.ts'
import { countsAt, momentsAt, settle, statusAt } from './lifecycle.ts'
import type {
  AnyDispatch,
  StoredDispatch,
  StoredEmail2Dispatch,
  StoredReceiver,
  StoredScope,
} from './state-marketing.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp, timeWindow } from './time.ts'

type When = Date | string | null | undefined
const dateText = (value: When, ctx: LoyaltiiContext) =>
  value instanceof Date ? stamp(value) : (value ?? stamp(ctx.now))

export const noScope: StoredScope = {
  ContactId: null,
  Contacts: null,
  Emails: null,
  SegmentIds: null,
  NotInSegmentIds: null,
  StoreIds: null,
  AllContacts: false,
  TakeRandom: null,
  OrderId: null,
  PointId: null,
}

/** A dispatch's life before it is prepared (lifecycle.ts moves it on). */
export const unprepared = {
  PreparedAt: null,
  Outcome: null,
  Receivers: 0,
  CancelledAt: null,
} as const satisfies Partial<AnyDispatch>

/** What a v1 dispatch is made of, as the create operation and a campaign's schedule give it. */
export interface NewDispatch {
  EmailCampaignId: number
  Planned: When
  Type: EmailDispatchType
  BatchDelaySec: number
  Scope: StoredScope
  Dynamic?: Record<string, unknown> | null | undefined
  LogLevel?: string | null | undefined
}

/** Adds a v1 dispatch and moves it on at once when it is due already. */
export function addDispatch(ctx: LoyaltiiContext, fields: NewDispatch): StoredDispatch {
  const store = ctx.state
  const d: StoredDispatch = {
    Id: store.nextId('dispatch'),
    EmailCampaignId: fields.EmailCampaignId,
    LogLevel: fields.LogLevel ?? 'None',
    Planned: dateText(fields.Planned, ctx),
    Type: fields.Type,
    BatchDelaySec: fields.BatchDelaySec,
    Scope: fields.Scope,
    Dynamic: fields.Dynamic ?? null,
    ...unprepared,
  }
  store.addDispatch(d)
  settle(ctx)
  return d
}

export function requireCampaign(store: LoyaltiiStore, id: number) {
  const campaign = store.emailCampaigns.find((c) => c.Id === id)
  if (!campaign) throw fail('invalidEmailCampaign')
  return campaign
}

/**
 * `POST EmailDispatches`: a contact (404 when unknown), or segments and/or stores, never both
 * and never neither (400, assumed); the campaign must be the account's. Unknown segments, stores,
 * orders and points end the dispatch when it is prepared, as the statuses the reference lists.
 */
export function createDispatch(
  ctx: LoyaltiiContext,
  body: {
    EmailCampaignId: number
    ContactId?: number | null | undefined
    SegmentIds?: number[] | null | undefined
    StoreIds?: number[] | null | undefined
    OrderId?: number | null | undefined
    PointId?: number | null | undefined
    Dynamic?: Record<string, unknown> | null | undefined
    DateTime?: When
    IsTest?: boolean | null | undefined
    TakeRandom?: number | null | undefined
    LogLevel?: string | null | undefined
  },
) {
  const campaign = requireCampaign(ctx.state, body.EmailCampaignId)
  const group = Boolean(body.SegmentIds?.length || body.StoreIds?.length)
  if ((body.ContactId != null) === group) throw fail('invalidDispatchScope')
  if (body.ContactId != null && !ctx.state.contacts.has(body.ContactId)) throw notFound()
  const d = addDispatch(ctx, {
    EmailCampaignId: campaign.Id,
    Planned: body.DateTime,
    Type: body.IsTest ? 'Test' : campaign.Type,
    BatchDelaySec: 1,
    Scope: {
      ...noScope,
      ContactId: body.ContactId ?? null,
      SegmentIds: body.SegmentIds?.length ? body.SegmentIds : null,
      StoreIds: body.StoreIds?.length ? body.StoreIds : null,
      TakeRandom: body.TakeRandom ?? null,
      OrderId: body.OrderId ?? null,
      PointId: body.PointId ?? null,
    },
    Dynamic: body.Dynamic,
    LogLevel: body.LogLevel,
  })
  return dispatchOut(ctx.state, d, ctx.now.getTime())
}

type Settings = { Dynamic?: Record<string, unknown> | null | undefined }

/**
 * `POST Email2Dispatches`: each key of an Emails scope an address (checked first, as the model
 * is; assumed, README.md), the trigger one of the account's Email2 messages. Answers the new
 * dispatch's GUID for a Segments scope, else the sentence the vendor answers (observed).
 */
export function createEmail2Dispatch(
  ctx: LoyaltiiContext,
  body: {
    TriggerId: string
    Schedule?: When
    IsTest?: boolean | null | undefined
    BatchDelaySec?: keyof typeof DispatchBatchDelaySec | null | undefined
    Scope: {
      Contacts?: Record<string, Settings> | null | undefined
      Emails?: Record<string, Settings> | null | undefined
      Segments?:
        | {
            InSegmentIds: number[]
            NotInSegmentIds?: number[] | null | undefined
            TakeRandom?: number | null | undefined
            Dynamic?: Record<string, unknown> | null | undefined
          }
        | null
        | undefined
    }
  },
): string {
  const store = ctx.state
  for (const email of Object.keys(body.Scope.Emails ?? {}))
    checkEmail(email.trim(), `Scope.Emails[${email}]`)
  const message = store.email2Messages.find((m) => m.TriggerId === body.TriggerId)
  if (!message) throw fail('invalidTrigger')
  const settings = (list: Record<string, Settings> | null | undefined) =>
    list ? Object.fromEntries(Object.entries(list).map(([k, v]) => [k, v.Dynamic ?? null])) : null
  const segments = body.Scope.Segments
  const d: StoredEmail2Dispatch = {
    Id: randomUUID(),
    TriggerId: message.TriggerId,
    Planned: dateText(body.Schedule, ctx),
    Type: body.IsTest ? 'Test' : message.Type,
    BatchDelaySec: body.BatchDelaySec ? DispatchBatchDelaySec[body.BatchDelaySec] : 1,
    Scope: {
      ...noScope,
      Contacts: settings(body.Scope.Contacts),
      Emails: settings(body.Scope.Emails),
      SegmentIds: segments ? segments.InSegmentIds : null,
      NotInSegmentIds: segments?.NotInSegmentIds ?? null,
      TakeRandom: segments?.TakeRandom ?? null,
    },
    Dynamic: segments?.Dynamic ?? null,
    ...unprepared,
  }
  store.addDispatch(d)
  settle(ctx)
  return segments ? d.Id : EMAIL2_QUEUED
}

/** `ReadEmailDispatchDto` at `now`. */
export function dispatchOut(store: LoyaltiiStore, d: StoredDispatch, now: number) {
  const campaign = store.emailCampaigns.find((c) => c.Id === d.EmailCampaignId)
  const { sent, delivered, opens, clicks } = countsAt(store, d, now)
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : 0)
  const name = (id: number) => store.segments.get(id)?.Name ?? `#${id}`
  const included = (d.Scope.SegmentIds ?? []).map(name)
  return {
    Id: d.Id,
    Planned: d.Planned,
    PlannedUtc: formatMoment({ ...readMoment(d.Planned)!, offset: 0 }),
    EmailCampaignId: d.EmailCampaignId,
    EmailCampaignName: campaign?.Name ?? '',
    Subject: campaign?.Subject ?? '',
    Preheader: campaign?.Preheader ?? null,
    Status: statusAt(store, d, now),
    Type: d.Type,
    Sent: sent,
    Delivered: delivered,
    Opens: opens,
    Clicks: clicks,
    DeliveryRatio: ratio(delivered, sent),
    OpenedRatio: ratio(opens, delivered),
    ClickRatio: ratio(clicks, delivered),
    BaseSegment: included[0] ?? null,
    InSegments: included,
    NotInSegments: (d.Scope.NotInSegmentIds ?? []).map(name),
  }
}

/**
 * `GET EmailDispatches`: of the type and statuses given, planned from `from` (included) to `to`
 * (left out); the newest `take` of them, newest first (assumed order).
 */
export function listDispatches(
  ctx: LoyaltiiContext,
  q: {
    type?: EmailDispatchType | undefined
    status?: EmailDispatchStatus[] | undefined
    from?: string | Date | undefined
    to?: string | Date | undefined
    take?: number | undefined
  },
) {
  const store = ctx.state
  const now = ctx.now.getTime()
  const dated = timeWindow(q.from, q.to)
  const planned = (d: StoredDispatch) => store.createdAt(d, d.Planned)
  const statuses = q.status?.length ? new Set(q.status) : undefined
  return [...store.dispatches.values()]
    .filter((d) => q.type === undefined || d.Type === q.type)
    .filter((d) => dated === undefined || dated(planned(d)))
    .filter((d) => !statuses || statuses.has(statusAt(store, d, now)))
    .sort((a, b) => compareInstants(planned(b), planned(a)) || b.Id - a.Id)
    .slice(0, q.take ?? PAGE_SIZE)
    .map((d) => dispatchOut(store, d, now))
}

/** A v1 receiver at `now`. */
export function receiverOut(store: LoyaltiiStore, r: StoredReceiver, now: number) {
  const d = store.dispatches.get(r.DispatchId as number)!
  return {
    Id: r.Id,
    EmailDispatchId: d.Id,
    ContactId: r.ContactId!,
    Email: r.Email,
    Created: r.Created,
    ...momentsAt(d, r, now),
  }
}

/** The v1 receivers after `lastId`, 1000 at most, in id order. */
export function receiversAfter(ctx: LoyaltiiContext, lastId: number) {
  const store = ctx.state
  const now = ctx.now.getTime()
  const out = []
  const list = store.receivers
  for (let i = firstIndex(list, (r) => r.Id > lastId); i < list.length; i++) {
    if (typeof list[i]!.DispatchId !== 'number') continue
    out.push(receiverOut(store, list[i]!, now))
    if (out.length === PAGE_SIZE) break
  }
  return out
}

export function receiverOf(ctx: LoyaltiiContext, dispatchId: number, contactId: number) {
  const found = (ctx.state.receiversByDispatch.get(dispatchId) ?? []).find(
    (r) => r.ContactId === contactId && typeof r.DispatchId === 'number',
  )
  if (!found) throw notFound()
  return receiverOut(ctx.state, found, ctx.now.getTime())
}

/** Every dispatch, v1 and Email2, as it stands: the admin API's view. */
export function dispatchesView(ctx: LoyaltiiContext) {
  const store = ctx.state
  const now = ctx.now.getTime()
  const view = (d: AnyDispatch) => ({
    ...d,
    Status: statusAt(store, d, now),
    Counts: countsAt(store, d, now),
  })
  return {
    dispatches: [...store.dispatches.values()].map(view),
    email2Dispatches: [...store.email2Dispatches.values()].map(view),
  }
}
