/**
 * Sending transactional e-mail and SMS: one record per recipient, a recipient on the exclude list
 * recorded but not mailed, coupons drawn for `[[coupon:<groupId>]]`, the outcome simulated by
 * `delivery.ts`. SMS are priced per 160 characters (assumed 0.80 CZK a part).
 */
import type { z } from 'zod'
import type { sendEmailInput, sendSmsInput } from '../schemas-transactional.ts'
import { SmsState, TransactionalPhase, TransactionalState } from '../schemas-transactional.ts'
import { badRequest } from './answers.ts'
import { available, draw as drawCoupon, placeholderGroups } from './coupons.ts'
import { deliver, draw, type Sim } from './delivery.ts'
import { isExcluded } from './lists.ts'
import type { StoredTransactional } from './state.ts'
import { later, stamp } from './store.ts'

type EmailInput = z.output<typeof sendEmailInput>['email']
type SmsInput = z.output<typeof sendSmsInput>['sms']

const SMS_PART_PRICE = 0.8

function links(html: string | null | undefined): string[] {
  return [...(html ?? '').matchAll(/href\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!)
}

export function sendEmails(sim: Sim, input: EmailInput): { email: string; guid: string }[] {
  const { store, now } = sim
  if (input.attachments?.length && !sim.switches.attachmentsEnabled)
    throw badRequest('attachments: attachments are not enabled for this account')
  if (
    input.campaignId != null &&
    !store.data.campaigns.some((c) => c.campaignId === input.campaignId)
  )
    throw badRequest(`campaignId: campaign ${input.campaignId} does not exist`)
  const groups = placeholderGroups(input.subject, input.bodyHtml, input.bodyText)
  const mailed = input.to.filter(
    (to) => !isExcluded(store, to.address, { campaignId: input.campaignId ?? null }),
  )
  for (const groupId of groups) {
    const left = available(store, groupId, now).length
    if (left < mailed.length)
      throw badRequest(
        `sale coupon group ${groupId}: ${left} coupons left for ${mailed.length} recipients`,
      )
  }
  const size =
    (input.bodyHtml ?? '').length +
    (input.bodyText ?? '').length +
    (input.attachments ?? []).reduce((sum, a) => sum + Math.floor((a.content.length * 3) / 4), 0)
  return input.to.map((to) => {
    const email: StoredTransactional = {
      emailId: store.nextId('transactional'),
      queuePriority: 3,
      phase: TransactionalPhase.waiting,
      state: TransactionalState.queued,
      created: stamp(now),
      sendAt: stamp(now),
      sent: null,
      delivered: null,
      fromAddress: input.fromAddress,
      fromDisplayName: input.fromDisplayName ?? null,
      toAddress: to.address,
      toDisplayName: null,
      subject: input.subject,
      bodyFormat: Boolean(input.bodyHtml),
      emlSize: 1200 + size,
      result: null,
      opened: null,
      clicked: null,
      softBounced: null,
      hardBounced: null,
      isBulk: input.to.length > 1,
      unsubscribed: null,
      reportedAsSpam: null,
      guid: store.guid(),
      tags: input.Tag ?? null,
      isClicked: 0,
      isOpened: 0,
      campaignId: input.campaignId ?? null,
      trackOpens: input.trackOpens ?? true,
      trackClicks: input.trackClicks ?? true,
      links: links(input.bodyHtml),
    }
    store.data.transactionalEmails.push(email)
    if (!mailed.includes(to)) {
      email.state = TransactionalState.excluded
      email.phase = TransactionalPhase.finished
      email.result = 'not sent: the recipient is on the exclude list'
    } else {
      for (const groupId of groups)
        drawCoupon(store, groupId, now, {
          email: to.address,
          transactionalEmailId: email.emailId,
          guid: email.guid,
        })
      deliver(sim, email, draw(sim, to.address, `transactional:${email.emailId}`))
    }
    return { email: to.address, guid: email.guid }
  })
}

export function sendSms(sim: Sim, input: SmsInput): { number: string; guid: string }[] {
  const { store, now } = sim
  const parts = Math.max(1, Math.ceil(input.text.length / 160))
  return input.to.map(({ number }) => {
    const normal = number.replace(/\s+/g, '')
    const full = normal.startsWith('+')
      ? normal
      : normal.length === 9
        ? `+420${normal}`
        : `+${normal}`
    const sms = {
      smsId: store.nextId('sms'),
      state: SmsState.delivered,
      queuePriority: input.priority ?? 5,
      to: full,
      created: stamp(now),
      due: stamp(now),
      sent: later(now, 6),
      received: later(now, 9),
      text: input.text,
      smsGroupId: input.groupId ?? null,
      guid: store.guid(),
      price: Math.round(parts * SMS_PART_PRICE * 100) / 100,
    }
    store.data.sms.push(sms)
    return { number: full, guid: sms.guid }
  })
}
