/**
 * A dispatch's life on the emulator's clock (which `POST /__kopru/clock` moves ahead), v1 and
 * Email2 alike. Waiting until it is planned; Preparing for 30 s, at the end of which its
 * receivers are made, or it ends (`EndedBy…`) for the causes the reference lists; then
 * ReadyForStarting and SmtpStarting for 30 s each; Sending in batches of 500 receivers, one batch
 * every `BatchDelaySec`; Finished. Only the preparing is stored (when it ended, how, how many
 * receivers); the status, and each receiver's sent, opened and clicked moments, are read against
 * the clock, so a read later sees more sent and opened. Times and rates are assumed (README.md).
 */
import { seedStream } from '../../../emulator/random.ts'
import { compareInstants, danishTime, exactInstant } from '../codecs.ts'
import type { EmailDispatchStatus } from '../schemas/dispatches.ts'
import { members } from './segments.ts'
import type { StoredContact } from './state.ts'
import type { AnyDispatch, StoredReceiver } from './state-marketing.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'

/** How long Preparing, ReadyForStarting and SmtpStarting each last. */
export const STEP_MS = 30_000
/** Receivers sent together; the batch delay is the time between two batches. */
export const BATCH = 500
/** The account's dynamic contact field a newsletter needs to be true (when the account has it). */
export const EMAIL_PERMISSION = 'PermissionEmail'

/** Share of delivered mails opened, and of opened ones clicked, by dispatch type. */
const rates = {
  Newsletter: { open: 0.42, click: 0.2 },
  Transactional: { open: 0.6, click: 0.3 },
  Test: { open: 1, click: 0.5 },
} as const

/** When a dispatch is planned, in the clock's milliseconds. */
export function plannedAt(store: LoyaltiiStore, d: AnyDispatch): number {
  return store.createdAt(d, d.Planned).ms
}

function sendingStart(d: AnyDispatch): number {
  return d.PreparedAt! + 2 * STEP_MS
}

/** The status of a dispatch at `now`. */
export function statusAt(store: LoyaltiiStore, d: AnyDispatch, now: number): EmailDispatchStatus {
  if (d.CancelledAt !== null && now >= d.CancelledAt) return 'Cancelled'
  if (now < plannedAt(store, d)) return 'Waiting'
  if (d.PreparedAt === null || now < d.PreparedAt) return 'Preparing'
  if (d.Outcome) return d.Outcome
  if (now < d.PreparedAt + STEP_MS) return 'ReadyForStarting'
  const start = sendingStart(d)
  if (now < start) return 'SmtpStarting'
  const batches = Math.ceil(d.Receivers / BATCH)
  return now < start + batches * d.BatchDelaySec * 1000 ? 'Sending' : 'Finished'
}

/** A dispatch may be cancelled until it starts on the SMTP side. */
export function cancellable(status: EmailDispatchStatus): boolean {
  return status === 'Waiting' || status === 'Preparing' || status === 'ReadyForStarting'
}

/** Prepares every dispatch whose preparing has ended by now; called before any call is answered. */
export function settle(ctx: LoyaltiiContext): void {
  const store = ctx.state
  if (!store.unprepared.size) return
  const now = ctx.now.getTime()
  for (const d of [...store.unprepared]) {
    const at = plannedAt(store, d) + STEP_MS
    if (now < at) continue
    store.unprepared.delete(d)
    prepare(store, d, at)
  }
}

/** What a receiver is: a contact (or only an address, for Email2's Emails scope). */
interface Audience {
  outcome?: EmailDispatchStatus
  receivers?: { contact: StoredContact | undefined; email: string }[]
}

/** Ends preparing at `at`: the receivers, or the end state. */
export function prepare(store: LoyaltiiStore, d: AnyDispatch, at: number): void {
  d.PreparedAt = at
  const { outcome, receivers = [] } = audience(store, d, at)
  if (outcome || !receivers.length) {
    d.Outcome = outcome ?? 'EndedByNoReceiver'
    return
  }
  const chosen = d.Scope.TakeRandom === null ? receivers : takeRandom(d, receivers)
  const rate = rates[d.Type]
  const start = at + 2 * STEP_MS
  chosen.forEach(({ contact, email }, i) => {
    const rng = seedStream(0, `${d.Id} ${email}`)
    const sent = start + Math.floor(i / BATCH) * d.BatchDelaySec * 1000
    const opened = rng() < rate.open ? sent + 60_000 + Math.floor(rng() * 2 * 86_400_000) : null
    const clicked =
      opened !== null && rng() < rate.click ? opened + 5_000 + Math.floor(rng() * 600_000) : null
    const receiver: StoredReceiver = {
      Id: store.nextId('receiver'),
      DispatchId: d.Id,
      ContactId: contact?.Id ?? null,
      Email: email,
      Created: danishTime(at),
      SentAt: sent,
      OpenedAt: opened,
      ClickedAt: clicked,
    }
    store.addReceiver(receiver)
  })
  d.Receivers = chosen.length
}

/** `TakeRandom` of the receivers: the same ones for the same dispatch, in their order. */
function takeRandom<T extends { email: string }>(d: AnyDispatch, receivers: T[]): T[] {
  const rng = seedStream(0, `take ${d.Id}`)
  const drawn = receivers.map((r) => ({ r, key: rng() }))
  const kept = new Set(
    [...drawn]
      .sort((a, b) => a.key - b.key)
      .slice(0, d.Scope.TakeRandom!)
      .map((x) => x.r),
  )
  return receivers.filter((r) => kept.has(r))
}

/**
 * Who the dispatch reaches, or why it ends: a contact that bounced (`EndedByBounceMarkedContact`),
 * an order or point it names that is not there, a segment or store that is not, and no receiver
 * left (`EndedByNoReceiver`). Contacts without an address, bounced ones, and for a newsletter
 * those without permission or with a mail limit, are left out; a test goes to whoever it names.
 */
function audience(store: LoyaltiiStore, d: AnyDispatch, at: number): Audience {
  const scope = d.Scope
  if (scope.OrderId !== null && !store.orders.has(scope.OrderId))
    return { outcome: 'EndedByOrderNotFound' }
  if (scope.PointId !== null && !store.pointsById.has(scope.PointId))
    return { outcome: 'EndedByPointNotFound' }
  if (scope.ContactId !== null) {
    const contact = store.contacts.get(scope.ContactId)
    if (contact?.EmailBounced) return { outcome: 'EndedByBounceMarkedContact' }
    return { receivers: eligible(store, d, contact ? [contact] : [], at) }
  }
  if (scope.Contacts || scope.Emails) {
    const contacts = Object.keys(scope.Contacts ?? {}).flatMap((id) => {
      const contact = store.contacts.get(Number(id))
      return contact ? [contact] : []
    })
    const addresses = Object.keys(scope.Emails ?? {}).map((email) => ({
      contact: store.contactByEmail(email),
      email: email.trim(),
    }))
    const known = addresses.filter((a) => a.contact).map((a) => a.contact!)
    const unknown = d.Type === 'Newsletter' ? [] : addresses.filter((a) => !a.contact)
    return { receivers: [...eligible(store, d, [...contacts, ...known], at), ...unknown] }
  }
  const ids = [...(scope.SegmentIds ?? []), ...(scope.NotInSegmentIds ?? [])]
  if (ids.some((id) => !store.segments.has(id))) return { outcome: 'EndedByInvalidSegment' }
  if ((scope.StoreIds ?? []).some((id) => !store.stores.has(id)))
    return { outcome: 'EndedByStoresNotFound' }
  let candidates: Iterable<StoredContact> = store.contacts.values()
  if (scope.SegmentIds?.length) {
    const found = new Set<StoredContact>()
    for (const id of scope.SegmentIds)
      for (const c of members(store, store.segments.get(id)!, at)) found.add(c)
    candidates = found
  }
  const excluded = new Set<StoredContact>()
  for (const id of scope.NotInSegmentIds ?? [])
    for (const c of members(store, store.segments.get(id)!, at)) excluded.add(c)
  const stores = scope.StoreIds?.length ? new Set(scope.StoreIds) : undefined
  const chosen = [...candidates]
    .filter((c) => !excluded.has(c))
    .filter((c) => !stores || (c.PreferredStoreId !== null && stores.has(c.PreferredStoreId)))
    .sort((a, b) => a.Id - b.Id)
  return { receivers: eligible(store, d, chosen, at) }
}

function eligible(store: LoyaltiiStore, d: AnyDispatch, contacts: StoredContact[], at: number) {
  const gated = store.account.dynamicFields.Contacts.some((f) => f.Name === EMAIL_PERMISSION)
  const out: { contact: StoredContact; email: string }[] = []
  for (const c of new Set(contacts)) {
    if (!c.Email) continue
    if (d.Type !== 'Test') {
      if (c.EmailBounced) continue
      if (d.Type === 'Newsletter') {
        if (gated && c.Dynamic[EMAIL_PERMISSION] !== true) continue
        if (c.LimitMailsPermanently) continue
        const until = c.LimitMailsTemporarilyUntil
        if (until !== null && compareInstants(exactInstant(until), { ms: at, ticks: 0 }) > 0)
          continue
      }
    }
    out.push({ contact: c, email: c.Email })
  }
  return out
}

/** What a receiver shows at `now`: a moment not reached yet, or after a cancel, is null. */
export function momentsAt(d: AnyDispatch, r: StoredReceiver, now: number) {
  const until = Math.min(now, d.CancelledAt ?? Infinity)
  const at = (ms: number | null) => (ms !== null && ms <= until ? danishTime(ms) : null)
  const sent = at(r.SentAt)
  return {
    Sent: sent,
    Opened: sent && at(r.OpenedAt),
    Clicked: sent && at(r.ClickedAt),
  }
}

/** Sent, delivered, opened and clicked counts at `now`. */
export function countsAt(store: LoyaltiiStore, d: AnyDispatch, now: number) {
  const until = Math.min(now, d.CancelledAt ?? Infinity)
  let sent = 0
  let opens = 0
  let clicks = 0
  for (const r of store.receiversByDispatch.get(d.Id) ?? []) {
    if (r.SentAt > until) continue
    sent++
    if (r.OpenedAt !== null && r.OpenedAt <= until) opens++
    if (r.ClickedAt !== null && r.ClickedAt <= until) clicks++
  }
  return { sent, delivered: sent, opens, clicks }
}
