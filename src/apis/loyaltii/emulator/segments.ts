/**
 * Segments: what each holds is computed from the contacts at every call, so a contact deleted, or
 * no longer meeting a rule, leaves every segment at once. A rule segment (VisualBuilder, Sql,
 * SegmentTemplate) holds the contacts meeting all its conditions; a List segment the contacts it
 * was made from that are still there. Counts over several segments count a contact once.
 */
import { fail, notFound } from './answers.ts'
import { conditionTest } from './search.ts'
import type { StoredContact } from './state.ts'
import type { StoredSegment } from './state-marketing.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'

export function segmentOut(s: StoredSegment) {
  return { Id: s.Id, Name: s.Name, FolderId: s.FolderId, Type: s.Type, Description: s.Description }
}

export function requireSegment(store: LoyaltiiStore, id: number): StoredSegment {
  const segment = store.segments.get(id)
  if (!segment) throw notFound()
  return segment
}

/** The segment's contacts at `now`, ascending by id. */
export function members(
  store: LoyaltiiStore,
  segment: StoredSegment,
  now: number,
): StoredContact[] {
  if (segment.ContactIds) {
    const found = new Set<StoredContact>()
    for (const id of segment.ContactIds) {
      const contact = store.contacts.get(id)
      if (contact) found.add(contact)
    }
    return [...found].sort((a, b) => a.Id - b.Id)
  }
  const tests = (segment.Conditions ?? []).map((c) => conditionTest(store, c, now))
  // a rule naming a field the account no longer has holds no one
  if (tests.some((t) => t === undefined)) return []
  const out: StoredContact[] = []
  for (const contact of store.contacts.values())
    if (tests.every((test) => test!(contact))) out.push(contact)
  return out.sort((a, b) => a.Id - b.Id)
}

/** The contacts of any of the segments, each once; an unknown segment is a bare 404. */
export function union(
  store: LoyaltiiStore,
  ids: readonly number[],
  now: number,
): Set<StoredContact> {
  const segments = ids.map((id) => requireSegment(store, id))
  const out = new Set<StoredContact>()
  for (const segment of segments) for (const c of members(store, segment, now)) out.add(c)
  return out
}

export function segmentsInFolder(store: LoyaltiiStore, folderId: number) {
  return [...store.segments.values()].filter((s) => s.FolderId === folderId).map(segmentOut)
}

/**
 * A List segment of the contacts given: the folder must be the account's (400); ids the account
 * has no contact for are left out, and each contact is kept once (assumed).
 */
export function createListSegment(
  ctx: LoyaltiiContext,
  body: {
    FolderId: number
    Name: string
    Description?: string | null | undefined
    ContactIds: number[]
  },
): StoredSegment {
  const store = ctx.state
  if (!store.segmentFolders.some((f) => f.Id === body.FolderId)) throw fail('invalidFolder')
  const kept = [...new Set(body.ContactIds)].filter((id) => store.contacts.has(id))
  const segment: StoredSegment = {
    Id: store.nextId('segment'),
    Name: body.Name,
    FolderId: body.FolderId,
    Type: 'List',
    Description: body.Description ?? null,
    Conditions: null,
    ContactIds: kept.sort((a, b) => a - b),
  }
  store.segments.set(segment.Id, segment)
  return segment
}
