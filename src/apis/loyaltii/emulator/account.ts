/**
 * The smaller groups: actions triggered by hand for a contact or a segment (only those that are
 * triggerable by hand and enabled; their effect is applied at once), banner cache resets, feed
 * syncs, and iframe tokens, which answer only until they expire by the emulator's clock.
 */
import { randomUUID } from 'node:crypto'
import { compareInstants, exactInstant } from '../codecs.ts'
import { fail, notFound } from './answers.ts'
import { requireContact, writeContact } from './contacts.ts'
import { addDispatch, noScope, requireCampaign } from './dispatches.ts'
import { createPointRecord } from './points.ts'
import { members, requireSegment } from './segments.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp } from './time.ts'

export function actionsOut(store: LoyaltiiStore) {
  return store.actions.map((a) => ({
    Id: a.Id,
    Name: a.Name,
    Description: a.Description,
    LastModified: a.LastModified,
  }))
}

/**
 * Triggers an action: 404 for an unknown action, contact or segment, 400 for an action not
 * triggerable by hand or disabled. Points are given to each contact, a field set on each, a mail
 * sent as one dispatch to the contact or the segment.
 */
export function triggerAction(
  ctx: LoyaltiiContext,
  id: number,
  target: { contactId: number } | { segmentId: number },
): void {
  const store = ctx.state
  const action = store.actions.find((a) => a.Id === id)
  if (!action) throw notFound()
  if (!action.ManuallyTriggerable || !action.Enabled) throw fail('actionNotTriggerable')
  const contacts =
    'contactId' in target
      ? [requireContact(store, target.contactId)]
      : members(store, requireSegment(store, target.segmentId), ctx.now.getTime())
  const effect = action.Effect
  switch (effect.Kind) {
    case 'AddPoints':
      for (const c of contacts)
        createPointRecord(ctx, {
          ContactId: c.Id,
          Type: effect.Type,
          Amount: effect.Amount,
          Description: action.Name,
          SourceDescription: 'Handling',
        })
      return
    case 'SetField':
      for (const c of contacts) writeContact(ctx, c, {}, { [effect.Field]: effect.Value })
      return
    case 'SendEmail': {
      const campaign = requireCampaign(store, effect.EmailCampaignId)
      addDispatch(ctx, {
        EmailCampaignId: campaign.Id,
        Planned: undefined,
        Type: campaign.Type,
        BatchDelaySec: 1,
        Scope:
          'contactId' in target
            ? { ...noScope, ContactId: target.contactId }
            : { ...noScope, SegmentIds: [target.segmentId] },
      })
    }
  }
}

/** Every banner named must be the account's (else 404 and none is reset). */
export function resetBanners(ctx: LoyaltiiContext, ids: readonly number[]): void {
  const banners = ids.map((id) => ctx.state.banners.find((b) => b.Id === id))
  if (banners.some((b) => !b)) throw notFound()
  const now = stamp(ctx.now)
  for (const banner of banners) {
    banner!.CacheResetAt = now
    for (const version of banner!.Versions) version.CacheResetAt = now
  }
}

/** The banner by its secret, the versions named (every one when none is): 404 for any unknown. */
export function resetBannerVersions(
  ctx: LoyaltiiContext,
  secret: string,
  versionIds: readonly number[],
): void {
  const banner = ctx.state.banners.find((b) => b.Secret === secret)
  if (!banner) throw notFound()
  const versions = versionIds.length
    ? versionIds.map((id) => banner.Versions.find((v) => v.Id === id))
    : banner.Versions
  if (versions.some((v) => !v)) throw notFound()
  const now = stamp(ctx.now)
  for (const version of versions) version!.CacheResetAt = now
}

/** SyncNow: the feed is read at once (assumed), which its times show in the state. */
export function syncFeed(ctx: LoyaltiiContext, id: number): void {
  const feed = ctx.state.feeds.find((f) => f.Id === id)
  if (!feed) throw notFound()
  feed.SyncRequested = feed.LastSynced = stamp(ctx.now)
}

/** A GUID as .NET reads one: with or without braces and dashes, in any case. */
function guidKey(text: string): string {
  return text.replace(/[{}\s-]/g, '').toLowerCase()
}

/** The token while it has not expired; 404 for one unknown or expired. */
export function iframeToken(ctx: LoyaltiiContext, tokenId: string) {
  const key = guidKey(tokenId)
  const now = exactInstant(ctx.now)
  const token = ctx.state.iframeTokens.find((t) => guidKey(t.Id) === key)
  if (!token || compareInstants(ctx.state.createdAt(token, token.Expires), now) <= 0)
    throw notFound()
  const { Expires: _expires, ...out } = token
  return out
}

/** A token as the vendor's panel issues one for an embedded page (the admin API's). */
export function issueIframeToken(
  ctx: LoyaltiiContext,
  { minutes = 60, storeIds = [], rights = ['Contacts.Read'] }: IssueToken,
) {
  const token = {
    Id: randomUUID(),
    AccountId: 1,
    AdministratorId: 1,
    AdministratorEmail: 'admin@nordlysbolig.dk',
    StoreIds: storeIds,
    Rights: rights,
    GroupId: 1,
    TimeZoneId: 'Romance Standard Time',
    Expires: stamp(new Date(ctx.now.getTime() + minutes * 60_000)),
  }
  ctx.state.iframeTokens.push(token)
  return token
}

export interface IssueToken {
  minutes?: number | undefined
  storeIds?: number[] | undefined
  rights?: string[] | undefined
}
