import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../../src/apis/mailkomplet/emulator/state.ts'
import { refused, setup, type Setup } from './support.ts'

const ADMIN = { host: 'localhost', 'content-type': 'application/json' }
const admin = (s: Setup, method: string, path: string, body?: unknown) =>
  Promise.resolve(
    s.e.app.request(`/__kopru${path}`, {
      method,
      headers: ADMIN,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  ).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }))

const send = (s: Setup, to: string[], extra: Record<string, unknown> = {}) =>
  s.mk.transactionalEmails.send({
    email: {
      fromAddress: 'obchod@kopru-eshop.cz',
      to: to.map((address) => ({ address })),
      subject: 'Objednávka',
      bodyHtml: '<a href="https://kopru-eshop.cz/objednavka">stav</a>',
      ...extra,
    },
  })
const emailOf = (s: Setup, guid: string) =>
  s.state.data.transactionalEmails.find((e) => e.guid === guid)!

describe('delivery outcomes of transactional e-mail', () => {
  it.each<[Outcome, Record<string, unknown>, boolean]>([
    ['delivered', { state: 3, opened: null, hardBounced: null }, false],
    ['softBounce', { state: 4, softBounced: true, delivered: null }, false],
    ['hardBounce', { state: 5, hardBounced: true, delivered: null }, true],
    ['open', { state: 3, isOpened: 1, clicked: null }, false],
    ['click', { state: 3, isOpened: 1, isClicked: 1 }, false],
    ['unsubscribe', { state: 3, unsubscribed: expect.any(String) }, true],
    ['spam', { state: 3, reportedAsSpam: expect.any(String) }, true],
  ])('%s shows in the e-mail, and on the exclude list: %s', async (outcome, shown, excluded) => {
    const s = setup()
    s.set({ forcedOutcomes: { 'vysledek@example.cz': outcome } })
    const [sent] = await send(s, ['vysledek@example.cz'])
    const [listed] = (await s.mk.transactionalEmails.list({ guid: sent!.guid })).data
    expect(listed).toMatchObject(shown)
    const onList = (await s.mk.excludeLists.list({ pageSize: 1000 })).data.some(
      (e) => e.email === 'vysledek@example.cz' && e.sourceTransactionalEmailId === listed!.emailId,
    )
    expect(onList).toBe(excluded)
  })

  it('draws outcomes from the seeded rates: the same seed gives the same outcomes', async () => {
    const outcomes = async () => {
      const s = setup()
      s.set({
        deliveryRates: {
          softBounce: 0.2,
          hardBounce: 0.2,
          open: 0.5,
          click: 0.5,
          unsubscribe: 0.1,
          spam: 0.1,
        },
      })
      const sent = await send(
        s,
        Array.from({ length: 40 }, (_, i) => `r${i}@example.cz`),
      )
      return sent.map(({ guid }) => emailOf(s, guid).state)
    }
    const first = await outcomes()
    expect(await outcomes()).toEqual(first)
    expect(new Set(first)).toEqual(new Set([3, 4, 5]))
  })

  it('applies an event forced through the admin API to an e-mail already sent', async () => {
    const s = setup()
    s.set({ forcedOutcomes: { 'pozdeji@example.cz': 'delivered' } })
    const [sent] = await send(s, ['pozdeji@example.cz'])
    expect(
      (await admin(s, 'POST', '/mail-events', { guid: sent!.guid, event: 'click' })).status,
    ).toBe(200)
    expect(emailOf(s, sent!.guid)).toMatchObject({ isOpened: 1, isClicked: 1 })
    expect(
      (await admin(s, 'POST', '/mail-events', { guid: sent!.guid, event: 'hardBounce' })).status,
    ).toBe(400)
  })

  it('answers POST transactionalEmails with exactly 200, as the best-known client requires', async () => {
    const s = setup()
    const answer = await s.raw('POST', '/transactionalEmails', {
      body: {
        email: { fromAddress: 'a@kopru-eshop.cz', to: [{ address: 'b@example.cz' }], subject: 'x' },
      },
    })
    expect(answer.status).toBe(200)
  })
})

describe('date filters: read as times and compared as instants', () => {
  // the e-mail is sent at NOW, 2026-11-23T09:00:00Z: 10:00 on Prague's clocks, which a time
  // without an offset is
  it.each<[string, 'createdFrom' | 'createdTo', Date | string, number]>([
    ['createdFrom=2026-11-23 11:00:00 leaves it out', 'createdFrom', '2026-11-23 11:00:00', 0],
    ['createdTo=2026-11-23 10:00:00 finds it', 'createdTo', '2026-11-23 10:00:00', 1],
    [
      'createdFrom=2026-11-23T10:00:00+01:00 finds it',
      'createdFrom',
      '2026-11-23T10:00:00+01:00',
      1,
    ],
    ['createdFrom=2026-11-23T10:00:00Z leaves it out', 'createdFrom', '2026-11-23T10:00:00Z', 0],
    ['createdTo=2026-11-23, its midnight, leaves it out', 'createdTo', '2026-11-23', 0],
    ['createdFrom as a Date finds it', 'createdFrom', new Date('2026-11-23T09:00:00Z'), 1],
  ])('%s', async (_what, field, at, found) => {
    const s = setup()
    const [sent] = await send(s, ['kdy@example.cz'])
    const page = await s.mk.transactionalEmails.list({ guid: sent!.guid, [field]: at })
    expect(page.totalRecordCount).toBe(found)
  })

  it.each([
    '/transactionalEmails?createdFrom=abc',
    '/transactionalEmails?createdTo=2026-02-30',
    '/transactionalEmails/opens?from=2026-11-23T24:00:00',
    '/transactionalEmails/clicks?to=2026-13-01T00:00:00',
    '/transactionalSms?createdFrom=23.11.2026',
  ])('refuses %s with 400 naming the field', async (path) => {
    const s = setup()
    const answer = await s.raw('GET', path)
    expect(answer.status).toBe(400)
    const field = /\?(\w+)=/.exec(path)![1]!
    expect(answer.body).toEqual({
      message: 'The request is invalid.',
      errors: [expect.stringMatching(new RegExp(`^${field}: `))],
    })
  })
})

describe('exclude lists: a contact on one is not mailed', () => {
  it.each<[string, { campaignId?: string }, boolean]>([
    ['a global entry', {}, true],
    ['an entry for the e-mail’s campaign', { campaignId: 'campaign' }, true],
    ['an entry for another campaign', { campaignId: 'other' }, false],
  ])('%s stops a transactional e-mail: %s', async (_what, scope, stopped) => {
    const s = setup()
    const [campaign, other] = s.state.data.campaigns
    const campaignId =
      scope.campaignId === 'campaign'
        ? campaign!.campaignId
        : scope.campaignId
          ? other!.campaignId
          : undefined
    await s.mk.excludeLists.create({
      email: 'odhlasen@example.cz',
      ...(campaignId ? { campaignId } : {}),
    })
    const [sent] = await send(s, ['odhlasen@example.cz'], { campaignId: campaign!.campaignId })
    expect(emailOf(s, sent!.guid).state === 6).toBe(stopped)
  })

  it('mails again once the entry is deleted', async () => {
    const s = setup()
    await s.mk.excludeLists.create({ email: 'zpet@example.cz' })
    const id = s.state.data.excludeList.at(-1)!.excludeListId
    await s.mk.excludeLists.delete({ id })
    const [sent] = await send(s, ['zpet@example.cz'])
    expect(emailOf(s, sent!.guid).state).not.toBe(6)
  })

  it.each([
    [false, 0],
    [true, 1],
  ])(
    'a distribution skips a contact excluded from its list unless ignoreExcludeList=%s',
    async (ignore, mailed) => {
      const s = setup()
      const campaign = s.state.data.campaigns.find((c) => c.mailingListIds.length)!
      campaign.ignoreExcludeList = ignore
      const listId = campaign.mailingListIds[0]!
      const contact = s.state.data.contacts.find((c) =>
        c.lists.some((l) => l.mailingListId === listId),
      )!
      contact.lists = contact.lists.filter((l) => l.mailingListId === listId)
      await s.mk.excludeLists.create({ email: contact.email, mailingListsId: listId })
      const run = await admin(s, 'POST', '/distributions', { campaignId: campaign.campaignId })
      const id = run.body.generatorExecutionId as number
      const mails = await s.mk.marketingEmails.list({ generatorExecutionId: id, pageSize: 1000 })
      expect(mails.data.filter((m) => m.toAddress === contact.email)).toHaveLength(mailed)
    },
  )

  it('a hard bounce keeps the address out of the next distribution', async () => {
    const s = setup()
    const campaign = s.state.data.campaigns.find((c) => c.mailingListIds.length)!
    const contact = s.state.data.contacts.find((c) =>
      c.lists.some((l) => campaign.mailingListIds.includes(l.mailingListId)),
    )!
    s.set({ forcedOutcomes: { [contact.email.toLowerCase()]: 'hardBounce' } })
    const first = await admin(s, 'POST', '/distributions', { campaignId: campaign.campaignId })
    const second = await admin(s, 'POST', '/distributions', { campaignId: campaign.campaignId })
    const to = async (id: unknown) =>
      (
        await s.mk.marketingEmails.list({ generatorExecutionId: id as number, pageSize: 1000 })
      ).data.map((m) => m.toAddress)
    expect(await to(first.body.generatorExecutionId)).toContain(contact.email)
    expect(await to(second.body.generatorExecutionId)).not.toContain(contact.email)
  })
})

describe('sale coupons: drawn from a group, each used once', () => {
  const group = (s: Setup) => s.state.data.couponGroups[0]!.couponGroupId

  it('gives each recipient its own coupon for [[coupon:<group>]] and marks it sent', async () => {
    const s = setup()
    const before = (
      await s.mk.saleCoupons.list({ couponGroupId: group(s), sent: false, pageSize: 1000 })
    ).totalRecordCount
    const sent = await send(s, ['a@example.cz', 'b@example.cz'], {
      bodyText: `Váš kód: [[coupon:${group(s)}]]`,
    })
    const used = (
      await s.mk.saleCoupons.list({ couponGroupId: group(s), sent: true, pageSize: 1000 })
    ).data
    const mine = used.filter((c) => sent.some((x) => x.guid === c.transactionalEmailGuid))
    expect(mine.map((c) => c.email).sort()).toEqual(['a@example.cz', 'b@example.cz'])
    expect(new Set(mine.map((c) => c.couponId)).size).toBe(2)
    const after = (
      await s.mk.saleCoupons.list({ couponGroupId: group(s), sent: false, pageSize: 1000 })
    ).totalRecordCount
    expect(after).toBe(before - 2)
  })

  it('refuses a send with fewer coupons left than recipients, sending nothing', async () => {
    const s = setup()
    const { couponGroupId } = await s.mk.saleCouponGroups.create({
      name: 'Jediný',
      color: '#000000',
    })
    await s.mk.saleCoupons.create({ couponGroupId, coupons: [{ code: 'JEN-JEDEN' }] })
    const emails = s.state.data.transactionalEmails.length
    await refused(
      send(s, ['a@example.cz', 'b@example.cz'], { bodyText: `[[coupon:${couponGroupId}]]` }),
      400,
    )
    expect(s.state.data.transactionalEmails).toHaveLength(emails)
  })

  /** A raw send whose subject draws a coupon of the group. */
  const drawFrom = (s: Setup, couponGroupId: number) =>
    s.raw('POST', '/transactionalEmails', {
      body: {
        email: {
          fromAddress: 'a@kopru-eshop.cz',
          to: [{ address: 'b@example.cz' }],
          subject: `[[coupon:${couponGroupId}]]`,
        },
      },
    })

  it.each([
    ['an expired coupon is not drawn', '2020-01-01T00:00:00', 400],
    ['a valid coupon is', '2099-01-01T00:00:00', 200],
  ])('%s', async (_what, validity, status) => {
    const s = setup()
    const { couponGroupId } = await s.mk.saleCouponGroups.create({
      name: 'Platnost',
      color: '#000000',
    })
    await s.mk.saleCoupons.create({ couponGroupId, coupons: [{ code: 'K1', validity }] })
    expect((await drawFrom(s, couponGroupId)).status).toBe(status)
  })

  it.each(['notadate', '2026-02-30T00:00:00', '2026-11-23T09:60:00', ''])(
    'refuses a coupon validity %j with 400, adding none of the call',
    async (validity) => {
      const s = setup()
      const count = s.state.data.coupons.length
      const coupons = [{ code: 'DOBRY' }, { code: 'SPATNY', validity }]
      const answer = await s.raw('POST', '/saleCoupons', {
        body: { couponGroupId: group(s), coupons },
      })
      expect(answer.status).toBe(400)
      expect(answer.body).toEqual({
        message: 'The request is invalid.',
        errors: [expect.stringMatching(/^coupons\.1\.validity: /)],
      })
      expect(s.state.data.coupons).toHaveLength(count)
    },
  )

  it.each([
    // answered as Prague's wall clock (UTC+01:00 in November)
    ['a space for the T, a second after now', '2026-11-23 10:00:01', 200, '2026-11-23T10:00:01'],
    ['an offset, an hour before now', '2026-11-23T10:00:00+02:00', 400, '2026-11-23T09:00:00'],
  ])('compares a validity with %s as an instant', async (_what, validity, status, stored) => {
    const s = setup()
    const { couponGroupId } = await s.mk.saleCouponGroups.create({
      name: 'Okamžik',
      color: '#000000',
    })
    await s.mk.saleCoupons.create({ couponGroupId, coupons: [{ code: 'K1', validity }] })
    const [coupon] = (await s.mk.saleCoupons.list({ couponGroupId })).data
    expect(coupon!.validity).toBe(stored)
    expect((await drawFrom(s, couponGroupId)).status).toBe(status)
  })

  it.each([
    [
      'a sent coupon',
      (s: Setup) =>
        s.mk.saleCoupons.delete({ id: s.state.data.coupons.find((c) => c.sent)!.couponId }),
    ],
    [
      'a group with sent coupons',
      (s: Setup) =>
        s.mk.saleCouponGroups.delete({
          id: s.state.data.coupons.find((c) => c.sent)!.couponGroupId,
        }),
    ],
  ])('refuses to delete %s', async (_what, call) => {
    const s = setup()
    await send(s, ['c@example.cz'], { bodyText: `[[coupon:${group(s)}]]` })
    await refused(call(s), 400)
  })

  it('refuses a code already in the group, whatever its case, adding none of the call', async () => {
    const s = setup()
    const existing = s.state.data.coupons[0]!
    const count = s.state.data.coupons.length
    const coupons = [{ code: 'NOVY-1' }, { code: existing.coupon.toLowerCase() }]
    await refused(s.mk.saleCoupons.create({ couponGroupId: existing.couponGroupId, coupons }), 400)
    expect(s.state.data.coupons).toHaveLength(count)
  })
})
