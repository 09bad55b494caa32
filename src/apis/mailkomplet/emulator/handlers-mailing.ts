/** Handlers of templates, campaigns, dispatchers, distributions and marketing e-mails. */
import type { z } from 'zod'
import type { campaignListItem, campaignUpdate } from '../schemas-mailing.ts'
import { CampaignStatus } from '../schemas-mailing.ts'
import { badRequest, created, noBody, notFound } from './answers.ts'
import { executionView } from './distribution.ts'
import type { MkHandlers } from './handlers-audience.ts'
import type { StoredCampaign } from './state.ts'
import { pageOf, type MailKompletStore } from './store.ts'

type Ctx = { state: MailKompletStore }

function campaignOf({ state }: Ctx, id: number): StoredCampaign {
  const found = state.data.campaigns.find((c) => c.campaignId === id)
  if (!found) throw notFound(`campaign ${id}`)
  return found
}

function listItem(c: StoredCampaign): z.output<typeof campaignListItem> {
  return {
    campaignId: c.campaignId,
    templateId: c.templateId,
    name: c.name,
    description: c.description,
    insertTrackingImage: c.insertTrackingImage,
    ignoreExcludeList: c.ignoreExcludeList,
    useWysiwyg: c.useWysiwyg,
    autoLinkTracking: c.autoLinkTracking,
    status: c.status,
    schedulerId: c.schedulerId,
    nextRunTime: c.nextRunTime,
    mailFromDisplayName: c.mailFromDisplayName,
    mailFromAddress: c.mailFromAddress,
    replyToDisplayName: c.replyToDisplayName,
    replyToAddress: c.replyToAddress,
  }
}

/** A template and a dispatcher a campaign names must exist. */
function checkRefs({ state }: Ctx, body: z.output<typeof campaignUpdate>): void {
  if (
    body.templateId != null &&
    !state.data.templates.some((t) => t.templateId === body.templateId)
  )
    throw badRequest(`templateId: template ${body.templateId} does not exist`)
  if (
    body.dispatcherId != null &&
    !state.data.dispatchers.some((d) => d.dispatcherId === body.dispatcherId)
  )
    throw badRequest(`dispatcherId: dispatcher ${body.dispatcherId} does not exist`)
}

const byExecution = ({ state }: Ctx, id: number) => {
  if (!state.data.executions.some((e) => e.generatorExecutionId === id))
    throw notFound(`generator execution ${id}`)
  return <T extends { generatorExecutionId: number }>(items: T[]) =>
    items.filter((i) => i.generatorExecutionId === id)
}

export const mailingHandlers = {
  'templates.list': ({ query: q }, { state }) =>
    pageOf(
      state.data.templates.filter(
        (t) => q.templateId === undefined || t.templateId === q.templateId,
      ),
      q,
    ),

  'campaigns.list': ({ query: q }, { state }) => {
    const part = q.name?.toLowerCase()
    return pageOf(
      state.data.campaigns
        .filter(
          (c) =>
            (q.campaignGroupId === undefined || c.campaignGroupId === q.campaignGroupId) &&
            (part === undefined || c.name.toLowerCase().includes(part)),
        )
        .map(listItem),
      q,
    )
  },
  'campaigns.get': ({ query }, ctx) => {
    const { status, schedulerId, nextRunTime, mailingListIds, ...detail } = campaignOf(
      ctx,
      query.campaignId,
    )
    void [status, schedulerId, nextRunTime, mailingListIds]
    return { data: detail }
  },
  'campaigns.create': ({ body }, ctx) => {
    checkRefs(ctx, body)
    const { state } = ctx
    const campaign: StoredCampaign = {
      campaignId: state.nextId('campaign'),
      campaignGroupId: null,
      name: body.name,
      description: body.description ?? null,
      webTrackParam: body.webTrackParam === 'null' ? null : (body.webTrackParam ?? null),
      senderDisplayName: body.mailFromDisplayName ?? null,
      senderEmail: body.mailFromAddress,
      mailFromDisplayName: body.mailFromDisplayName ?? null,
      mailFromAddress: body.mailFromAddress,
      replyToDisplayName: null,
      replyToAddress: null,
      insertTrackingImage: body.insertTrackingImage ?? true,
      ignoreExcludeList: body.ignoreExcludeList ?? false,
      autoLinkTracking: body.autoLinkTracking ?? true,
      unsubscribeTypeId: body.unsubscribeTypeId,
      dispatcherId: body.dispatcherId ?? null,
      templateId: body.templateId ?? null,
      useWysiwyg: true,
      campaignType: 1,
      status: CampaignStatus.draft,
      schedulerId: null,
      nextRunTime: null,
      mailingListIds: [],
    }
    state.data.campaigns.push(campaign)
    return created({ campaignId: campaign.campaignId })
  },
  'campaigns.update': ({ params, body }, ctx) => {
    const campaign = campaignOf(ctx, params.campaignId)
    checkRefs(ctx, body)
    const given = Object.entries(body).filter(([, v]) => v !== undefined)
    for (const [key, value] of given) (campaign as Record<string, unknown>)[key] = value
    if (body.webTrackParam === 'null') campaign.webTrackParam = null
    if (body.mailFromAddress !== undefined) campaign.senderEmail = body.mailFromAddress
    return noBody()
  },
  'campaigns.delete': ({ query }, ctx) => {
    campaignOf(ctx, query.id)
    const { state } = ctx
    state.data.campaigns = state.data.campaigns.filter((c) => c.campaignId !== query.id)
    return noBody()
  },

  'dispatchers.list': ({ query: q }, { state }) =>
    pageOf(
      state.data.dispatchers.filter(
        (d) => q.dispatcherId === undefined || d.dispatcherId === q.dispatcherId,
      ),
      q,
    ),

  'generatorExecutions.list': ({ query: q }, { state }) =>
    pageOf(
      state.data.executions
        .filter(
          (e) =>
            (q.campaignId === undefined || e.campaignId === q.campaignId) &&
            (q.isTesting === undefined || e.isTesting === q.isTesting) &&
            (q.status === undefined || e.status === q.status) &&
            (q.phase === undefined || e.phase === q.phase),
        )
        .map((e) => executionView(state, e)),
      q,
    ),

  'marketingEmails.list': ({ query }, ctx) => {
    const of = byExecution(ctx, query.generatorExecutionId)
    const mails = of(ctx.state.data.marketingEmails).map(
      ({ bounced, opened, clicked, unsubscribed, ...mail }) => {
        void [bounced, opened, clicked, unsubscribed]
        return mail
      },
    )
    return pageOf(mails, query)
  },
  'marketingEmails.listOpens': ({ query }, ctx) =>
    pageOf(byExecution(ctx, query.generatorExecutionId)(ctx.state.data.marketingOpens), query),
  'marketingEmails.listClicks': ({ query }, ctx) =>
    pageOf(byExecution(ctx, query.generatorExecutionId)(ctx.state.data.marketingClicks), query),
} satisfies Partial<MkHandlers>
