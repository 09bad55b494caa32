/**
 * Simulated delivery of transactional e-mail: each sent e-mail gets an outcome (delivered, soft or
 * hard bounce, then open, click, unsubscribe, spam complaint) drawn from the switches' rates with
 * a stream of the seed and the e-mail's id, or forced per address; each outcome shows in the
 * reporting operations, the exclude list (hard bounce, unsubscribe, spam), the contact's activity
 * and as the seed's webhooks. The admin API applies one event to an e-mail already sent.
 */
import { chance, seedStream } from '../../../emulator/random.ts'
import { BounceType, ExcludeOrigin, ExcludeReason } from '../schemas.ts'
import { TransactionalPhase, TransactionalState } from '../schemas-transactional.ts'
import type { WebhookPayload } from '../webhooks.ts'
import { webhookEvents } from '../webhooks.ts'
import { exclude } from './lists.ts'
import type { Outcome, StoredTransactional } from './state.ts'
import { later, stamp, type MailKompletStore } from './store.ts'
import type { MailKompletSwitches } from './switches.ts'

/** What a simulation step needs: the account, its switches, the moment, the webhook queue. */
export interface Sim {
  store: MailKompletStore
  switches: MailKompletSwitches
  now: Date
  emit(event: string, payload: unknown): void
}

export interface Draw {
  bounce: 'soft' | 'hard' | null
  open: boolean
  click: boolean
  unsubscribe: boolean
  spam: boolean
}

/** Action types of a contact's activity (assumed: the seed's list was lost). */
export const ActionType = {
  massSent: 1,
  massOpen: 2,
  massClick: 3,
  tranSent: 4,
  tranOpen: 5,
  tranClick: 6,
  bounce: 7,
  unsubscribe: 8,
  order: 9,
  cart: 10,
} as const

export function forced(outcome: Outcome): Draw {
  const none: Draw = { bounce: null, open: false, click: false, unsubscribe: false, spam: false }
  switch (outcome) {
    case 'delivered':
      return none
    case 'softBounce':
      return { ...none, bounce: 'soft' }
    case 'hardBounce':
      return { ...none, bounce: 'hard' }
    case 'open':
      return { ...none, open: true }
    case 'click':
      return { ...none, open: true, click: true }
    case 'unsubscribe':
      return { ...none, open: true, unsubscribe: true }
    case 'spam':
      return { ...none, spam: true }
  }
}

/** The outcome of one e-mail: forced for its address, else drawn for `key` from the seed. */
export function draw(sim: Sim, email: string, key: string): Draw {
  const force = sim.switches.forcedOutcomes[email.toLowerCase()]
  if (force) return forced(force)
  const rates = sim.switches.deliveryRates
  const rng = seedStream(sim.store.data.seed, key)
  const r = rng()
  const bounce =
    r < rates.hardBounce ? 'hard' : r < rates.hardBounce + rates.softBounce ? 'soft' : null
  const open = bounce === null && chance(rng, rates.open)
  return {
    bounce,
    open,
    click: open && chance(rng, rates.click),
    unsubscribe: open && chance(rng, rates.unsubscribe),
    spam: bounce === null && chance(rng, rates.spam),
  }
}

export function activity(
  sim: Sim,
  email: string,
  actionTypeId: number,
  ids: Partial<
    Record<
      | 'mailId'
      | 'openId'
      | 'clickId'
      | 'tranMailId'
      | 'tranOpenId'
      | 'tranClickId'
      | 'generatorExecutionId'
      | 'bounceTypeId'
      | 'campaignId'
      | 'orderId'
      | 'cartItemId',
      number | null
    >
  >,
  at: string,
): void {
  sim.store.data.activity.push({
    actionTypeId,
    created: at,
    mailId: null,
    openId: null,
    clickId: null,
    tranMailId: null,
    tranOpenId: null,
    tranClickId: null,
    cfssId: null,
    orderId: null,
    cartItemId: null,
    email,
    generatorExecutionId: null,
    bounceTypeId: null,
    campaignId: null,
    ...ids,
  })
}

function send(sim: Sim, payload: WebhookPayload): void {
  sim.emit(webhookEvents[payload.webhookTypeId], payload)
}

function base(e: StoredTransactional, created: string) {
  return {
    transactionalEmailId: e.emailId,
    created,
    recipient: e.toAddress,
    fromAddress: e.fromAddress,
    subject: e.subject,
    guid: e.guid,
    sent: e.sent ?? e.created,
  }
}

/** Carries out `d` on a just-sent e-mail, in the order the events would happen. */
export function deliver(sim: Sim, e: StoredTransactional, d: Draw): void {
  e.sent = stamp(sim.now)
  e.phase = TransactionalPhase.sent
  e.state = TransactionalState.sent
  activity(
    sim,
    e.toAddress,
    ActionType.tranSent,
    { tranMailId: e.emailId, campaignId: e.campaignId },
    e.sent,
  )
  if (d.bounce) return void applyEvent(sim, e, d.bounce === 'hard' ? 'hardBounce' : 'softBounce')
  applyEvent(sim, e, 'delivered')
  if (d.open) applyEvent(sim, e, 'open')
  if (d.click) applyEvent(sim, e, 'click')
  if (d.unsubscribe) applyEvent(sim, e, 'unsubscribe')
  if (d.spam) applyEvent(sim, e, 'spam')
}

/** One event on a transactional e-mail, with its records and its webhook; `false` if it cannot happen. */
export function applyEvent(sim: Sim, e: StoredTransactional, event: Outcome): boolean {
  const { store } = sim
  const bounced = e.softBounced === true || e.hardBounced === true
  if (e.state === TransactionalState.excluded) return false
  if (event !== 'delivered' && event !== 'softBounce' && event !== 'hardBounce' && bounced)
    return false
  if (
    event !== 'softBounce' &&
    event !== 'hardBounce' &&
    e.delivered === null &&
    event !== 'delivered'
  )
    applyEvent(sim, e, 'delivered')
  const seq = store.data.activity.length
  const at = later(sim.now, 20 + (seq % 40))
  const contact = store.contactByEmail(e.toAddress)
  switch (event) {
    case 'delivered': {
      if (e.delivered !== null || bounced) return false
      e.delivered = at
      e.state = TransactionalState.delivered
      e.phase = TransactionalPhase.finished
      send(sim, { webhookTypeId: 1, ...base(e, e.created), delivered: at })
      return true
    }
    case 'softBounce':
    case 'hardBounce': {
      if (e.delivered !== null || bounced) return false
      const hard = event === 'hardBounce'
      e.phase = TransactionalPhase.finished
      e.state = hard ? TransactionalState.hardBounce : TransactionalState.softBounce
      e.softBounced = !hard
      e.hardBounced = hard
      e.result = hard ? '550 5.1.1 mailbox unavailable' : '452 4.2.2 mailbox full'
      const info = {
        deliveryInfoId: store.nextId('deliveryInfo'),
        guid: e.guid,
        emailId: e.emailId,
        email: e.toAddress,
        created: at,
        dsnInfo: hard
          ? 'smtp; 550-5.1.1 The email account that you tried to reach does not exist.'
          : 'smtp; 452-4.2.2 The email account that you tried to reach is over quota.',
        dsnStatus: hard ? '5.1.1' : '4.2.2',
        bounceTypeId: hard ? BounceType.hard : BounceType.soft,
      }
      store.data.deliveryInfos.push(info)
      activity(
        sim,
        e.toAddress,
        ActionType.bounce,
        { tranMailId: e.emailId, bounceTypeId: info.bounceTypeId },
        at,
      )
      if (hard) {
        exclude(
          store,
          e.toAddress,
          {
            origin: ExcludeOrigin.bounce,
            reasonId: ExcludeReason.hardBounce,
            bounceTypeId: BounceType.hard,
            deliveryInfoErrorCode: info.dsnStatus,
            sourceTransactionalEmailId: e.emailId,
            sourceCampaignId: e.campaignId,
          },
          sim.now,
        )
        send(sim, {
          webhookTypeId: 5,
          ...base(e, at),
          deliveryInfoId: info.deliveryInfoId,
          fromDispalyName: e.fromDisplayName,
        })
      } else send(sim, { webhookTypeId: 4, ...base(e, at), deliveryInfoId: info.deliveryInfoId })
      return true
    }
    case 'open': {
      if (!e.trackOpens) return false
      const open = {
        openId: store.nextId('tranOpen'),
        emailId: e.emailId,
        created: at,
        toAddress: e.toAddress,
        ipAddress: '80.95.120.66',
        userAgent: 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)',
      }
      store.data.transactionalOpens.push(open)
      e.opened ??= at
      e.isOpened = 1
      if (contact) contact.lastOpen = at
      activity(
        sim,
        e.toAddress,
        ActionType.tranOpen,
        { tranMailId: e.emailId, tranOpenId: open.openId },
        at,
      )
      send(sim, {
        webhookTypeId: 3,
        ...base(e, at),
        openId: open.openId,
        delivered: e.delivered,
        userAgent: open.userAgent,
      })
      return true
    }
    case 'click': {
      if (!e.trackClicks || !e.links.length) return false
      // a click loads the message's images too: it counts as an open first
      if (e.opened === null) applyEvent(sim, e, 'open')
      const index =
        store.data.transactionalClicks.filter((c) => c.emailId === e.emailId).length %
        e.links.length
      const click = {
        clickId: store.nextId('tranClick'),
        emailId: e.emailId,
        created: at,
        toAddress: e.toAddress,
        linkUrl: e.links[index]!,
        linkIndex: index,
        ipAddress: '80.95.120.66',
        userAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      }
      store.data.transactionalClicks.push(click)
      e.clicked ??= at
      e.isClicked = 1
      if (contact) contact.lastClick = at
      activity(
        sim,
        e.toAddress,
        ActionType.tranClick,
        { tranMailId: e.emailId, tranClickId: click.clickId },
        at,
      )
      send(sim, {
        webhookTypeId: 2,
        ...base(e, at),
        clickId: click.clickId,
        delivered: e.delivered,
        linkUrl: click.linkUrl,
        userAgent: click.userAgent,
      })
      return true
    }
    case 'unsubscribe':
    case 'spam': {
      const spam = event === 'spam'
      if (spam ? e.reportedAsSpam : e.unsubscribed) return false
      const entry = exclude(
        store,
        e.toAddress,
        {
          origin: spam ? ExcludeOrigin.complaint : ExcludeOrigin.recipient,
          reasonId: spam ? ExcludeReason.spam : ExcludeReason.unsubscribed,
          sourceTransactionalEmailId: e.emailId,
          sourceCampaignId: e.campaignId,
        },
        sim.now,
      )
      if (spam) e.reportedAsSpam = at
      else e.unsubscribed = at
      activity(sim, e.toAddress, ActionType.unsubscribe, { tranMailId: e.emailId }, at)
      send(sim, {
        webhookTypeId: spam ? 7 : 6,
        ...base(e, at),
        excludeListId: entry.excludeListId,
        delivered: e.delivered,
      })
      return true
    }
  }
}
