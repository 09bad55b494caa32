/**
 * Mailing lists and exclude lists. A list's name is unique in the account (assumed); deleting a
 * list keeps its members in the database (`unassign=true`, the default) or deletes the members
 * with it. An exclude-list entry is global (no list, no campaign), per mailing list or per
 * campaign; `isExcluded` is the one rule every sending path asks.
 */
import type { z } from 'zod'
import type { excludeInput, mailingList } from '../schemas.ts'
import { ExcludeOrigin, ExcludeReason } from '../schemas.ts'
import { badRequest, notFound } from './answers.ts'
import type { ExcludeEntry, StoredList } from './state.ts'
import { stamp, type MailKompletStore } from './store.ts'

type ListView = z.output<typeof mailingList>

export function listView(
  store: MailKompletStore,
  list: StoredList,
  q: { campaignId?: number | undefined; contactId?: number | undefined },
): ListView {
  const campaign =
    q.campaignId === undefined
      ? undefined
      : store.data.campaigns.find((c) => c.campaignId === q.campaignId)
  const member =
    q.contactId === undefined
      ? undefined
      : store.contactById(q.contactId)?.lists.find((l) => l.mailingListId === list.mailingListId)
  return {
    mailingListId: list.mailingListId,
    name: list.name,
    description: list.description,
    created: list.created,
    updated: list.updated,
    availableForCampaign:
      q.campaignId === undefined ? null : !campaign?.mailingListIds.includes(list.mailingListId),
    availableForContact: q.contactId === undefined ? null : member === undefined,
    contactAssigned: member?.assigned ?? null,
    guid: list.guid,
    isTest: list.isTest,
  }
}

function checkName(store: MailKompletStore, name: string, except?: StoredList): void {
  const taken = store.data.mailingLists.some(
    (l) => l !== except && l.name.toLowerCase() === name.toLowerCase(),
  )
  if (taken) throw badRequest(`name: a mailing list named ${name} exists`)
}

const asBool = (v: boolean | 'true' | 'false') => v === true || v === 'true'

export function createList(
  store: MailKompletStore,
  input: {
    name: string
    description?: string | null | undefined
    isTest: boolean | 'true' | 'false'
  },
  now: Date,
): StoredList {
  checkName(store, input.name)
  const list: StoredList = {
    mailingListId: store.nextId('list'),
    name: input.name,
    description: input.description ?? null,
    created: stamp(now),
    updated: null,
    guid: store.guid(),
    isTest: asBool(input.isTest),
  }
  store.data.mailingLists.push(list)
  return list
}

export function updateList(
  store: MailKompletStore,
  id: number,
  input: {
    name?: string | undefined
    description?: string | null | undefined
    isTest?: boolean | 'true' | 'false' | undefined
  },
  now: Date,
): void {
  const list = store.data.mailingLists.find((l) => l.mailingListId === id)
  if (!list) throw notFound(`mailing list ${id}`)
  if (input.name !== undefined) checkName(store, input.name, list)
  if (input.name !== undefined) list.name = input.name
  if (input.description !== undefined) list.description = input.description
  if (input.isTest !== undefined) list.isTest = asBool(input.isTest)
  list.updated = stamp(now)
}

export function deleteLists(store: MailKompletStore, ids: readonly number[], unassign: boolean) {
  const gone = new Set(ids)
  const missing = ids.filter((id) => !store.data.mailingLists.some((l) => l.mailingListId === id))
  if (missing.length) throw notFound(`mailing lists ${missing.join(', ')}`)
  const members = new Set<number>()
  for (const c of store.data.contacts) {
    if (!c.lists.some((l) => gone.has(l.mailingListId))) continue
    members.add(c.contactId)
    c.lists = c.lists.filter((l) => !gone.has(l.mailingListId))
  }
  store.data.mailingLists = store.data.mailingLists.filter((l) => !gone.has(l.mailingListId))
  for (const campaign of store.data.campaigns)
    campaign.mailingListIds = campaign.mailingListIds.filter((id) => !gone.has(id))
  if (!unassign) store.removeContacts(members)
}

// --- exclude lists -----------------------------------------------------------------------

type ExcludeSource = Partial<
  Pick<
    ExcludeEntry,
    | 'mailingListId'
    | 'campaignId'
    | 'reason'
    | 'sourceGeneratorExecutionId'
    | 'bounceTypeId'
    | 'deliveryInfoErrorCode'
    | 'sourceCampaignId'
    | 'sourceTransactionalEmailId'
    | 'sourceMarketingEmailId'
  >
> & { origin: number; reasonId: number }

/** Adds an entry, or gives back the one that already says the same. */
export function exclude(
  store: MailKompletStore,
  email: string,
  source: ExcludeSource,
  now: Date,
): ExcludeEntry {
  const mailingListId = source.mailingListId ?? null
  const campaignId = source.campaignId ?? null
  const same = store.data.excludeList.find(
    (e) =>
      e.email.toLowerCase() === email.toLowerCase() &&
      e.mailingListId === mailingListId &&
      e.campaignId === campaignId,
  )
  if (same) return same
  const list = store.data.mailingLists.find((l) => l.mailingListId === mailingListId)
  const campaign = store.data.campaigns.find((c) => c.campaignId === campaignId)
  const entry: ExcludeEntry = {
    excludeListId: store.nextId('exclude'),
    mailingListId,
    campaignId,
    email,
    createdDate: stamp(now),
    reason: source.reason ?? null,
    sourceGeneratorExecutionId: source.sourceGeneratorExecutionId ?? null,
    origin: source.origin,
    reasonId: source.reasonId,
    bounceTypeId: source.bounceTypeId ?? null,
    deliveryInfoErrorCode: source.deliveryInfoErrorCode ?? null,
    validFrom: stamp(now),
    validTo: null,
    variant: 0,
    sourceCampaignId: source.sourceCampaignId ?? null,
    sourceTransactionalEmailId: source.sourceTransactionalEmailId ?? null,
    sourceMarketingEmailId: source.sourceMarketingEmailId ?? null,
    mailingListName: list?.name ?? null,
    campaignName: campaign?.name ?? null,
  }
  store.data.excludeList.push(entry)
  return entry
}

/** `POST excludeLists`: a list and a campaign given must exist. */
export function excludeByApi(
  store: MailKompletStore,
  input: z.output<typeof excludeInput>,
  now: Date,
): void {
  const mailingListId = input.mailingListsId ?? input.mailingListId ?? null
  if (
    mailingListId !== null &&
    !store.data.mailingLists.some((l) => l.mailingListId === mailingListId)
  )
    throw badRequest(`mailingListsId: mailing list ${mailingListId} does not exist`)
  const campaignId = input.campaignId ?? null
  if (campaignId !== null && !store.data.campaigns.some((c) => c.campaignId === campaignId))
    throw badRequest(`campaignId: campaign ${campaignId} does not exist`)
  exclude(
    store,
    input.email,
    {
      mailingListId,
      campaignId,
      reason: input.reason ?? null,
      sourceGeneratorExecutionId: input.generatorExecutionId ?? null,
      origin: ExcludeOrigin.api,
      reasonId: ExcludeReason.unsubscribed,
    },
    now,
  )
}

export function unexclude(store: MailKompletStore, id: number): void {
  const before = store.data.excludeList.length
  store.data.excludeList = store.data.excludeList.filter((e) => e.excludeListId !== id)
  if (store.data.excludeList.length === before) throw notFound(`exclude list item ${id}`)
}

/**
 * Whether mail to `email` is stopped: a global entry, or one for `campaignId`, or one for every
 * list it would be sent through (`viaLists`; a contact on no other list is then not mailed).
 */
export function isExcluded(
  store: MailKompletStore,
  email: string,
  { campaignId, viaLists }: { campaignId?: number | null; viaLists?: readonly number[] } = {},
): boolean {
  const address = email.toLowerCase()
  const entries = store.data.excludeList.filter((e) => e.email.toLowerCase() === address)
  if (entries.some((e) => e.mailingListId === null && e.campaignId === null)) return true
  if (campaignId != null && entries.some((e) => e.campaignId === campaignId)) return true
  if (viaLists?.length)
    return viaLists.every((id) =>
      entries.some((e) => e.mailingListId === id && e.campaignId === null),
    )
  return false
}
