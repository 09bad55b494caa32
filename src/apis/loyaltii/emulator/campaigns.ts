/**
 * Email builder campaigns: made on one of the account's templates, with an e-mail campaign behind
 * them (whose id trigger and test mails use), blocks added from the account's block library while
 * the campaign is not scheduled, each maybe shown only to the contacts a condition holds for. A
 * schedule makes the campaign's dispatch (to the contacts of the included segments, or all, and
 * none of the excluded); a cancel ends it while it has not started sending, and the campaign may
 * be scheduled again (assumed).
 */
import { SendingSpeed } from '../schemas/campaigns.ts'
import { fail, notFound } from './answers.ts'
import { addDispatch, noScope } from './dispatches.ts'
import { cancellable, statusAt } from './lifecycle.ts'
import { conditionTest, type Condition } from './search.ts'
import type { StoredBuilderCampaign } from './state-marketing.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'

export function campaignOut(c: StoredBuilderCampaign) {
  return {
    Id: c.Id,
    EmailCampaignId: c.EmailCampaignId,
    Type: c.Type,
    Name: c.Name,
    Subject: c.Subject,
    Preheader: c.Preheader,
    EmailTemplateId: c.EmailTemplateId,
    Dynamic: c.Dynamic,
  }
}

function requireBuilder(store: LoyaltiiStore, id: number): StoredBuilderCampaign {
  const found = store.builderCampaigns.find((c) => c.Id === id)
  if (!found) throw notFound()
  return found
}

export function createCampaign(
  ctx: LoyaltiiContext,
  body: {
    Type: StoredBuilderCampaign['Type']
    Name: string
    Subject: string
    Preheader?: string | null | undefined
    EmailTemplateId: number
    Dynamic?: Record<string, unknown> | null | undefined
  },
): StoredBuilderCampaign {
  const store = ctx.state
  if (!store.emailTemplates.some((t) => t.Id === body.EmailTemplateId))
    throw fail('invalidEmailTemplate')
  const mail = {
    Id: store.nextId('emailCampaign'),
    Name: body.Name,
    Subject: body.Subject,
    Preheader: body.Preheader ?? null,
    Type: body.Type,
  }
  store.emailCampaigns.push(mail)
  const campaign: StoredBuilderCampaign = {
    Id: store.nextId('builderCampaign'),
    EmailCampaignId: mail.Id,
    Type: body.Type,
    Name: body.Name,
    Subject: body.Subject,
    Preheader: mail.Preheader,
    EmailTemplateId: body.EmailTemplateId,
    Dynamic: body.Dynamic ?? null,
    Blocks: [],
    DispatchId: null,
  }
  store.builderCampaigns.push(campaign)
  return campaign
}

/** A block of the library, its inputs among the block's, its condition on a contact field. */
export function addBlock(
  ctx: LoyaltiiContext,
  id: number,
  body: {
    EmailBuilderBlockId: number
    InputValues?: Record<string, { Value?: string | null | undefined }> | null | undefined
    Settings?: { Condition?: Condition | null | undefined } | null | undefined
  },
) {
  const store = ctx.state
  const campaign = requireBuilder(store, id)
  if (campaign.DispatchId !== null) throw fail('invalidOperationOnCampaign')
  const block = store.builderBlocks.find((b) => b.Id === body.EmailBuilderBlockId)
  if (!block) throw fail('invalidBlock')
  const inputs = Object.entries(body.InputValues ?? {})
  for (const [name] of inputs)
    if (!block.Inputs.includes(name)) throw fail('invalidField', { field: name })
  const condition = body.Settings?.Condition
  if (condition && !conditionTest(store, condition, ctx.now.getTime()))
    throw fail('invalidField', { field: condition.Field })
  const added = {
    Id: store.nextId('block'),
    EmailBuilderBlockId: block.Id,
    InputValues: Object.fromEntries(inputs.map(([name, v]) => [name, { Value: v.Value ?? null }])),
    Condition: condition
      ? {
          Field: condition.Field,
          Operator: condition.Operator,
          Value: condition.Value ?? null,
          Values: condition.Values ? [...condition.Values] : null,
        }
      : null,
  }
  campaign.Blocks.push(added)
  return {
    Id: added.Id,
    EmailBuilderBlockId: added.EmailBuilderBlockId,
    InputValues: added.InputValues,
    Settings: { Condition: added.Condition },
  }
}

/** The campaign's dispatch: not while one stands, nor without blocks (400, assumed). */
export function scheduleCampaign(
  ctx: LoyaltiiContext,
  id: number,
  body: {
    IncludeSegments?: number[] | null | undefined
    ExcludeSegments?: number[] | null | undefined
    LimitContacts?: number | null | undefined
    LimitSendingSpeed?: keyof typeof SendingSpeed | null | undefined
    StartSending?: Date | string | null | undefined
  },
): void {
  const campaign = requireBuilder(ctx.state, id)
  if (campaign.DispatchId !== null || !campaign.Blocks.length)
    throw fail('invalidOperationOnCampaign')
  const included = body.IncludeSegments?.length ? body.IncludeSegments : null
  const d = addDispatch(ctx, {
    EmailCampaignId: campaign.EmailCampaignId,
    Planned: body.StartSending,
    Type: campaign.Type,
    BatchDelaySec: body.LimitSendingSpeed ? SendingSpeed[body.LimitSendingSpeed] : 1,
    Scope: {
      ...noScope,
      SegmentIds: included,
      AllContacts: included === null,
      NotInSegmentIds: body.ExcludeSegments?.length ? body.ExcludeSegments : null,
      TakeRandom: body.LimitContacts ?? null,
    },
    Dynamic: campaign.Dynamic,
  })
  campaign.DispatchId = d.Id
}

/** Ends the campaign's dispatch while it may still be (Waiting, Preparing, ReadyForStarting). */
export function cancelCampaign(ctx: LoyaltiiContext, id: number): void {
  const store = ctx.state
  const campaign = requireBuilder(store, id)
  const d = campaign.DispatchId === null ? undefined : store.dispatches.get(campaign.DispatchId)
  const now = ctx.now.getTime()
  if (!d || !cancellable(statusAt(store, d, now))) throw fail('invalidOperationOnCampaign')
  d.CancelledAt = now
  store.unprepared.delete(d)
  campaign.DispatchId = null
}
