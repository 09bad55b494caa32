/**
 * Email builder campaigns in the emulator: a schedule makes the dispatch that the dispatch
 * operations show, to the contacts of the included segments and none of the excluded, at most
 * LimitContacts of them, at the speed asked; a cancel ends it until it starts sending.
 */
import { describe, expect, it } from 'vitest'
import { isLoyaltiiError } from '../../../src/apis/loyaltii/errors.ts'
import { NOW, SMALL, perTest, setup, type Setup } from './setup.ts'

const dispatchOf = async (s: Setup, campaign: number) => {
  const id = s.state.builderCampaigns.find((c) => c.Id === campaign)!.DispatchId!
  return (await s.client.emailDispatches.list({})).find((d) => d.Id === id)!
}
const newsletterReady = (s: Setup) =>
  [...s.state.contacts.values()].filter(
    (c) =>
      c.Email &&
      !c.EmailBounced &&
      c.Dynamic.PermissionEmail === true &&
      !c.LimitMailsPermanently &&
      (c.LimitMailsTemporarilyUntil === null ||
        Date.parse(c.LimitMailsTemporarilyUntil) < NOW.getTime()),
  )

describe('scheduling', () => {
  const current = perTest('in process')

  it('makes a dispatch to the included segments, none of the excluded, LimitContacts at most', async () => {
    const s = current()
    const before = s.state.last.receiver
    await s.client.emailBuilderCampaigns.schedule({
      id: 1,
      IncludeSegments: [3],
      ExcludeSegments: [2],
      LimitContacts: 5,
    })
    expect(await dispatchOf(s, 1)).toMatchObject({
      EmailCampaignName: 'Nyhedsbrev påske',
      Subject: 'Påskens tilbud er her',
      Preheader: 'Op til 30 % på tekstiler',
      Status: 'Preparing',
      InSegments: ['Sølv- og guldmedlemmer'],
      NotInSegments: ['Guld-medlemmer'],
    })
    await s.advance(30)
    const receivers = await s.client.emailDispatchReceivers.list({ lastId: before })
    expect(receivers).toHaveLength(5)
    const levels = receivers.map((r) => s.state.contacts.get(r.ContactId)!.Dynamic.MemberLevel)
    expect(new Set(levels)).toEqual(new Set(['Sølv']))
  })

  it('goes to every contact a newsletter may reach when no segment is included', async () => {
    const s = current()
    await s.client.emailBuilderCampaigns.schedule({ id: 1 })
    await s.advance(3600)
    const d = await dispatchOf(s, 1)
    expect([d.Status, d.Sent, d.InSegments]).toEqual(['Finished', newsletterReady(s).length, []])
  })

  it('waits for StartSending; cancelled then, it never sends, and may be scheduled again', async () => {
    const s = current()
    await s.client.emailBuilderCampaigns.schedule({
      id: 1,
      StartSending: new Date(NOW.getTime() + 86_400_000),
    })
    const first = await dispatchOf(s, 1)
    expect(first.Status).toBe('Waiting')
    await s.client.emailBuilderCampaigns.cancel({ id: 1 })
    await s.advance(2 * 86_400)
    const all = await s.client.emailDispatches.list({})
    expect(all.find((d) => d.Id === first.Id)).toMatchObject({ Status: 'Cancelled', Sent: 0 })
    await s.client.emailBuilderCampaigns.schedule({ id: 1, IncludeSegments: [2] })
    expect((await dispatchOf(s, 1)).Id).not.toBe(first.Id)
  })

  it('refuses a cancel once the dispatch has started on the SMTP side', async () => {
    const s = current()
    await s.client.emailBuilderCampaigns.schedule({ id: 1, IncludeSegments: [2] })
    await s.advance(60)
    expect((await dispatchOf(s, 1)).Status).toBe('SmtpStarting')
    const refused = await s.client.emailBuilderCampaigns.cancel({ id: 1 }).catch((e: unknown) => e)
    expect(isLoyaltiiError(refused, 'invalidOperationOnCampaign')).toBe(true)
  })

  it('takes blocks again once a schedule is cancelled, and no schedule without blocks', async () => {
    const s = current()
    const empty = await s.client.emailBuilderCampaigns.create({
      Type: 'Newsletter',
      Name: 'Tom',
      Subject: 'Tom',
      EmailTemplateId: 1,
    })
    const refused = await s.client.emailBuilderCampaigns
      .schedule({ id: empty.Id })
      .catch((e: unknown) => e)
    expect(isLoyaltiiError(refused, 'invalidOperationOnCampaign')).toBe(true)
    await s.client.emailBuilderCampaigns.addBlock({ id: empty.Id, EmailBuilderBlockId: 3 })
    await s.client.emailBuilderCampaigns.schedule({ id: empty.Id })
    await s.client.emailBuilderCampaigns.cancel({ id: empty.Id })
    const block = await s.client.emailBuilderCampaigns.addBlock({
      id: empty.Id,
      EmailBuilderBlockId: 1,
    })
    expect(block.EmailBuilderBlockId).toBe(1)
  })
})

describe('sending speed', () => {
  it('sends batches of 500, one every LimitSendingSpeed seconds', async () => {
    const s = setup({ sizes: { ...SMALL, contacts: 1500 } })
    await s.client.emailBuilderCampaigns.schedule({ id: 1, LimitSendingSpeed: '_20' })
    const total = newsletterReady(s).length
    expect(total).toBeGreaterThan(500)
    expect(total).toBeLessThanOrEqual(1500)
    const batches = Math.ceil(total / 500)
    const end = 90 + 20 * batches
    const steps: [number, string, number][] = [
      [89, 'SmtpStarting', 0],
      [90, 'Sending', 500],
      [109, 'Sending', 500],
      [110, 'Sending', Math.min(1000, total)],
      [end - 1, 'Sending', total],
      [end, 'Finished', total],
    ]
    let at = 0
    for (const [second, status, sent] of steps) {
      await s.advance(second - at)
      at = second
      const d = await dispatchOf(s, 1)
      expect([second, d.Status, d.Sent]).toEqual([second, status, sent])
    }
  })
})
