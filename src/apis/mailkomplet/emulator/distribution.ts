/**
 * Distributions (generator executions) of a campaign: one marketing e-mail to each contact of the
 * campaign's mailing lists, none to a contact on the exclude list (unless the campaign ignores
 * it), outcomes drawn as for transactional mail; an unsubscribe lands on the exclude list by the
 * campaign's unsubscribe type and fires the mass-mail webhook. The API has no call to start one:
 * the admin API does (`POST /__kopru/distributions`), and the seed data is made the same way.
 */
import type { z } from 'zod'
import { seedStream } from '../../../emulator/random.ts'
import { BounceType, ExcludeOrigin, ExcludeReason } from '../schemas.ts'
import { CampaignStatus, type generatorExecution } from '../schemas-mailing.ts'
import { badRequest, notFound } from './answers.ts'
import { ActionType, activity, draw, type Sim } from './delivery.ts'
import { exclude, isExcluded } from './lists.ts'
import type { MailKompletData, StoredMarketingEmail } from './state.ts'
import { later, stamp } from './store.ts'

type Execution = MailKompletData['executions'][number]

/** Phases and statuses (assumed): phase 4 finished, status 1 done. */
const FINISHED = { phase: 4, status: 1 } as const
const LINKS = ['https://www.example-eshop.cz/akce', 'https://www.example-eshop.cz/novinky']

export function runDistribution(
  sim: Sim,
  campaignId: number,
  { isTesting = false, limit = Infinity }: { isTesting?: boolean; limit?: number } = {},
): Execution {
  const { store, now } = sim
  const campaign = store.data.campaigns.find((c) => c.campaignId === campaignId)
  if (!campaign) throw notFound(`campaign ${campaignId}`)
  if (!campaign.mailingListIds.length)
    throw badRequest(`campaign ${campaignId} has no mailing list`)
  const execution: Execution = {
    generatorExecutionId: store.nextId('execution'),
    campaignId,
    status: FINISHED.status,
    phase: FINISHED.phase,
    created: stamp(now),
    executed: later(now, 90),
    isTesting,
    spentCredits: 0,
    smsPrice: 0,
  }
  store.data.executions.push(execution)
  const lists = new Set(campaign.mailingListIds)
  let sent = 0
  for (const contact of store.data.contacts) {
    if (sent >= limit) break
    const via = contact.lists.map((l) => l.mailingListId).filter((id) => lists.has(id))
    if (!via.length) continue
    if (
      !campaign.ignoreExcludeList &&
      isExcluded(store, contact.email, { campaignId, viaLists: via })
    )
      continue
    sent++
    mail(
      sim,
      execution,
      contact.email,
      `${contact.name ?? ''} ${contact.surname ?? ''}`.trim(),
      via,
    )
  }
  execution.spentCredits = sent
  campaign.status = CampaignStatus.sent
  return execution
}

function mail(sim: Sim, execution: Execution, to: string, name: string, via: number[]): void {
  const { store, now } = sim
  const campaign = store.data.campaigns.find((c) => c.campaignId === execution.campaignId)!
  const email: StoredMarketingEmail = {
    emailId: store.nextId('marketing'),
    campaignId: campaign.campaignId,
    generatorExecutionId: execution.generatorExecutionId,
    created: stamp(now),
    sent: later(now, 8),
    delivered: null,
    fromAddress: campaign.mailFromAddress ?? 'info@example-eshop.cz',
    toAddress: to,
    toDisplayName: name || null,
    guid: store.guid(),
    variant: 0,
    metadata: null,
    bounced: null,
    opened: null,
    clicked: null,
    unsubscribed: null,
  }
  store.data.marketingEmails.push(email)
  const ids = {
    mailId: email.emailId,
    generatorExecutionId: execution.generatorExecutionId,
    campaignId: campaign.campaignId,
  }
  activity(sim, to, ActionType.massSent, ids, email.sent!)
  const d = draw(sim, to, `marketing:${email.emailId}`)
  if (d.bounce) {
    email.bounced = d.bounce
    activity(
      sim,
      to,
      ActionType.bounce,
      { ...ids, bounceTypeId: d.bounce === 'hard' ? BounceType.hard : BounceType.soft },
      later(now, 30),
    )
    if (d.bounce === 'hard')
      exclude(
        store,
        to,
        {
          origin: ExcludeOrigin.bounce,
          reasonId: ExcludeReason.hardBounce,
          bounceTypeId: BounceType.hard,
          sourceGeneratorExecutionId: execution.generatorExecutionId,
          sourceMarketingEmailId: email.emailId,
          sourceCampaignId: campaign.campaignId,
        },
        now,
      )
    return
  }
  email.delivered = later(now, 20)
  const rng = seedStream(store.data.seed, `marketing-event:${email.emailId}`)
  const contact = store.contactByEmail(to)
  if (d.open && campaign.insertTrackingImage) {
    const at = later(now, 600 + Math.floor(rng() * 7200))
    const open = {
      openId: store.nextId('massOpen'),
      emailId: email.emailId,
      campaignId: campaign.campaignId,
      generatorExecutionId: execution.generatorExecutionId,
      created: at,
      toAddress: to,
      ipAddress: '80.95.120.66',
      userAgent: 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)',
      variant: '0',
    }
    store.data.marketingOpens.push(open)
    email.opened = at
    if (contact) contact.lastOpen = at
    activity(sim, to, ActionType.massOpen, { ...ids, openId: open.openId }, at)
  }
  if (d.click && campaign.autoLinkTracking) {
    const at = later(now, 9000 + Math.floor(rng() * 3600))
    const index = Math.floor(rng() * LINKS.length)
    const click = {
      clickId: store.nextId('massClick'),
      emailId: email.emailId,
      campaignId: campaign.campaignId,
      generatorExecutionId: execution.generatorExecutionId,
      created: at,
      toAddress: to,
      linkUrl: LINKS[index]!,
      linkIndex: index,
      ipAddress: '80.95.120.66',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0',
    }
    store.data.marketingClicks.push(click)
    email.clicked = at
    if (contact) contact.lastClick = at
    activity(sim, to, ActionType.massClick, { ...ids, clickId: click.clickId }, at)
  }
  if (d.unsubscribe || d.spam) unsubscribe(sim, email, via, d.spam)
}

/** An unsubscribe from a mass e-mail, scoped by the campaign's unsubscribe type. */
export function unsubscribe(
  sim: Sim,
  email: StoredMarketingEmail,
  via: number[],
  spam = false,
): boolean {
  if (email.unsubscribed || email.bounced) return false
  const { store, now } = sim
  const campaign = store.data.campaigns.find((c) => c.campaignId === email.campaignId)
  const type = spam ? 3 : (campaign?.unsubscribeTypeId ?? 3)
  const at = later(now, 12_000)
  const source = {
    origin: spam ? ExcludeOrigin.complaint : ExcludeOrigin.recipient,
    reasonId: spam ? ExcludeReason.spam : ExcludeReason.unsubscribed,
    sourceGeneratorExecutionId: email.generatorExecutionId,
    sourceMarketingEmailId: email.emailId,
    sourceCampaignId: email.campaignId,
  }
  // 1: from the campaign, 2: from the lists it came through, 3: from everything (assumed)
  const entries =
    type === 1
      ? [exclude(store, email.toAddress, { ...source, campaignId: email.campaignId }, now)]
      : type === 2 && via.length
        ? via.map((id) => exclude(store, email.toAddress, { ...source, mailingListId: id }, now))
        : [exclude(store, email.toAddress, source, now)]
  email.unsubscribed = at
  activity(
    sim,
    email.toAddress,
    ActionType.unsubscribe,
    { mailId: email.emailId, campaignId: email.campaignId },
    at,
  )
  sim.emit('mass.unsubscribe', {
    webhookTypeId: 8,
    mailId: email.emailId,
    excludeListId: entries[0]!.excludeListId,
    created: at,
    recipient: email.toAddress,
    fromAddress: email.fromAddress,
    sent: email.sent ?? email.created,
  })
  return true
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : 0)

/** A distribution as the seed prints it, its counts taken from the e-mails it sent. */
export function executionView(
  store: Sim['store'],
  e: Execution,
): z.output<typeof generatorExecution> {
  const campaign = store.data.campaigns.find((c) => c.campaignId === e.campaignId)
  const mails = store.data.marketingEmails.filter(
    (m) => m.generatorExecutionId === e.generatorExecutionId,
  )
  const opens = store.data.marketingOpens.filter(
    (o) => o.generatorExecutionId === e.generatorExecutionId,
  )
  const clicks = store.data.marketingClicks.filter(
    (c) => c.generatorExecutionId === e.generatorExecutionId,
  )
  const total = mails.length
  const delivered = mails.filter((m) => m.delivered !== null).length
  const soft = mails.filter((m) => m.bounced === 'soft').length
  const hard = mails.filter((m) => m.bounced === 'hard').length
  const opened = mails.filter((m) => m.opened !== null).length
  const clicked = mails.filter((m) => m.clicked !== null).length
  const unsubscribed = mails.filter((m) => m.unsubscribed !== null).length
  return {
    campaignName: campaign?.name ?? '',
    campaignId: e.campaignId,
    campaignType: campaign?.campaignType ?? 1,
    generatorExecutionId: e.generatorExecutionId,
    status: e.status,
    phase: e.phase,
    spentCredits: e.spentCredits,
    totalCount: total,
    clickCount: clicked,
    clickCountTotal: clicks.length,
    openCount: opened,
    openCountTotal: opens.length,
    unsubscribeCount: unsubscribed,
    openRatio: ratio(opened, delivered),
    clickRatio: ratio(clicked, delivered),
    unsubscribeRatio: ratio(unsubscribed, delivered),
    created: e.created,
    executed: e.executed,
    isTesting: e.isTesting,
    softBounceCount: soft,
    hardBounceCount: hard,
    bounceCount: soft + hard,
    softBounceRatio: ratio(soft, total),
    hardBounceRatio: ratio(hard, total),
    bounceRatio: ratio(soft + hard, total),
    deliveryRatio: ratio(delivered, total),
    deliveryCount: delivered,
    smsPrice: e.smsPrice,
    groupName: '',
    groupColor: '',
    campaignGroupId: campaign?.campaignGroupId ?? null,
  }
}
