/**
 * E-mail dispatches through the client against the emulator: every operation of the group (the
 * email builder campaigns' too) and its failures, the life cycle on the clock the admin API moves
 * as tables of cases, the end states, receivers by mail limits and permissions, paged by lastId,
 * and Email2's scope and answers.
 */
import { describe, expect, it } from 'vitest'
import { danishTime } from '../../../src/apis/loyaltii/codecs.ts'
import type { StoredContact } from '../../../src/apis/loyaltii/emulator/state.ts'
import { dispatchOperations } from '../../../src/apis/loyaltii/operations/dispatches.ts'
import { EMAIL2_QUEUED } from '../../../src/apis/loyaltii/schemas/dispatches.ts'
import { checkOperations, type Check, type Failure } from './checks.ts'
import { NOW, SMALL, perTest, setup, tickLater, type Setup } from './setup.ts'

type Scope = Parameters<Setup['client']['email2Dispatches']['create']>[0]['Scope']
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const campaignOf = (s: Setup, type: 'Newsletter' | 'Transactional') =>
  s.state.emailCampaigns.find((c) => c.Type === type)!.Id
const reachable = (s: Setup) =>
  [...s.state.contacts.values()].find(
    (c) => c.Email && !c.EmailBounced && c.Dynamic.PermissionEmail === true,
  )!
const statusOf = async (s: Setup, id: number) =>
  (await s.client.emailDispatches.list({})).find((d) => d.Id === id)!
const adminDispatches = async (s: Setup) =>
  (await (await s.emulator.fetch(`${s.emulator.baseUrl()}/__kopru/dispatches`)).json()) as {
    dispatches: { Id: number; Status: string }[]
    email2Dispatches: { Id: string; Status: string; BatchDelaySec: number; Receivers: number }[]
  }

const success: Record<keyof typeof dispatchOperations, Check> = {
  'emailDispatches.list': async (s) => {
    const all = await s.client.emailDispatches.list()
    expect(all).toHaveLength(s.state.dispatches.size)
    const planned = all.map((d) => Date.parse(d.PlannedUtc))
    expect(planned).toEqual([...planned].sort((a, b) => b - a))
    const finished = await s.client.emailDispatches.list({
      type: 'Newsletter',
      status: ['Finished', 'Sending'],
      take: 2,
    })
    expect(finished).toHaveLength(2)
    expect(finished.every((d) => d.Type === 'Newsletter' && d.Status === 'Finished')).toBe(true)
    expect(finished[0]!.Sent).toBeGreaterThan(0)
  },
  'emailDispatches.create': async (s) => {
    const made = await s.client.emailDispatches.create({
      EmailCampaignId: 1,
      ContactId: reachable(s).Id,
    })
    expect(made).toMatchObject({
      EmailCampaignId: 1,
      EmailCampaignName: 'Velkomstmail',
      Subject: 'Velkommen i Nordlys Bolig Kundeklub',
      Status: 'Preparing',
      Type: 'Transactional',
      Sent: 0,
      BaseSegment: null,
    })
    expect((await statusOf(s, made.Id)).Status).toBe('Preparing')
  },
  'email2Dispatches.create': async (s) => {
    const id = await s.client.email2Dispatches.create({
      TriggerId: 'ugens-tilbud',
      Scope: { Segments: { InSegmentIds: [1], NotInSegmentIds: [2] } },
    })
    expect(id).toMatch(GUID)
    expect((await adminDispatches(s)).email2Dispatches.map((d) => d.Id)).toContain(id)
    expect(
      await s.client.email2Dispatches.create({
        TriggerId: 'glemt-kurv',
        Scope: { Contacts: { [String(reachable(s).Id)]: { Dynamic: { Produkt: 'Pude' } } } },
      }),
    ).toBe(EMAIL2_QUEUED)
  },
  'emailDispatchReceivers.list': async (s) => {
    const page = await s.client.emailDispatchReceivers.list({ lastId: 0 })
    const v1 = s.state.receivers.filter((r) => typeof r.DispatchId === 'number')
    expect(page.map((r) => r.Id)).toEqual(v1.slice(0, 1000).map((r) => r.Id))
    expect(page[0]).toMatchObject({ EmailDispatchId: v1[0]!.DispatchId, Email: v1[0]!.Email })
  },
  'emailDispatchReceivers.get': async (s) => {
    const r = s.state.receivers.find((x) => typeof x.DispatchId === 'number')!
    const found = await s.client.emailDispatchReceivers.get({
      emailDispatchId: r.DispatchId as number,
      contactId: r.ContactId!,
    })
    expect(found).toMatchObject({ Id: r.Id, ContactId: r.ContactId, Created: r.Created })
    expect(found!.Sent).not.toBeNull()
  },
  'emailBuilderCampaigns.create': async (s) => {
    const made = await s.client.emailBuilderCampaigns.create({
      Type: 'Transactional',
      Name: 'Kvittering v2',
      Subject: 'Din kvittering',
      EmailTemplateId: 3,
    })
    expect(made).toMatchObject({ Type: 'Transactional', Name: 'Kvittering v2', Preheader: null })
    const mail = await s.client.emailDispatches.create({
      EmailCampaignId: made.EmailCampaignId,
      ContactId: reachable(s).Id,
    })
    expect(mail).toMatchObject({ EmailCampaignName: 'Kvittering v2', Subject: 'Din kvittering' })
  },
  'emailBuilderCampaigns.cancel': async (s) => {
    await s.client.emailBuilderCampaigns.schedule({
      id: 1,
      StartSending: new Date(NOW.getTime() + 3_600_000),
    })
    const dispatchId = s.state.builderCampaigns[0]!.DispatchId!
    expect(await s.client.emailBuilderCampaigns.cancel({ id: 1 })).toBeUndefined()
    expect((await statusOf(s, dispatchId)).Status).toBe('Cancelled')
  },
  'emailBuilderCampaigns.addBlock': async (s) => {
    const block = await s.client.emailBuilderCampaigns.addBlock({
      id: 1,
      EmailBuilderBlockId: 4,
      InputValues: { Tekst: { Value: 'Se tilbuddene' } },
      Settings: { Condition: { Field: 'memberlevel', Operator: 'In', Values: ['Sølv', 'Guld'] } },
    })
    expect(block).toEqual({
      Id: expect.any(Number),
      EmailBuilderBlockId: 4,
      InputValues: { Tekst: { Value: 'Se tilbuddene' } },
      Settings: {
        Condition: { Field: 'memberlevel', Operator: 'In', Value: null, Values: ['Sølv', 'Guld'] },
      },
    })
  },
  'emailBuilderCampaigns.schedule': async (s) => {
    expect(
      await s.client.emailBuilderCampaigns.schedule({ id: 1, IncludeSegments: [2] }),
    ).toBeUndefined()
    const [newest] = await s.client.emailDispatches.list({ take: 1, status: ['Preparing'] })
    expect(newest).toMatchObject({
      EmailCampaignName: 'Nyhedsbrev påske',
      Type: 'Newsletter',
      InSegments: ['Guld-medlemmer'],
    })
  },
}

const failures: Failure[] = [
  [
    'emailDispatches.create',
    'an unknown contact',
    (s) => s.client.emailDispatches.create({ EmailCampaignId: 1, ContactId: 99999 }),
    'notFound',
    404,
  ],
  [
    'emailDispatches.create',
    'an unknown campaign',
    (s) => s.client.emailDispatches.create({ EmailCampaignId: 99, ContactId: 1 }),
    'invalidEmailCampaign',
    400,
  ],
  [
    'emailDispatches.create',
    'neither a contact nor segments or stores',
    (s) => s.client.emailDispatches.create({ EmailCampaignId: 1, SegmentIds: [] }),
    'invalidDispatchScope',
    400,
  ],
  [
    'emailDispatches.create',
    'a contact and segments both',
    (s) => s.client.emailDispatches.create({ EmailCampaignId: 1, ContactId: 1, SegmentIds: [1] }),
    'invalidDispatchScope',
    400,
  ],
  [
    'email2Dispatches.create',
    'a trigger the account has no message for',
    (s) =>
      s.client.email2Dispatches.create({
        TriggerId: 'ukendt',
        Scope: { Emails: { 'a@b.dk': {} } },
      }),
    'invalidTrigger',
    400,
  ],
  [
    'emailDispatchReceivers.get',
    'a contact the dispatch did not reach',
    (s) => s.client.request('emailDispatchReceivers.get', { emailDispatchId: 1, contactId: 99999 }),
    'notFound',
    404,
  ],
  [
    'emailBuilderCampaigns.create',
    'an unknown template',
    (s) =>
      s.client.emailBuilderCampaigns.create({
        Type: 'Newsletter',
        Name: 'X',
        Subject: 'X',
        EmailTemplateId: 99,
      }),
    'invalidEmailTemplate',
    400,
  ],
  [
    'emailBuilderCampaigns.cancel',
    'an unknown campaign',
    (s) => s.client.emailBuilderCampaigns.cancel({ id: 99 }),
    'notFound',
    404,
  ],
  [
    'emailBuilderCampaigns.cancel',
    'a campaign that is not scheduled',
    (s) => s.client.emailBuilderCampaigns.cancel({ id: 1 }),
    'invalidOperationOnCampaign',
    400,
  ],
  [
    'emailBuilderCampaigns.cancel',
    'a campaign whose dispatch has been sent',
    (s) => s.client.emailBuilderCampaigns.cancel({ id: 2 }),
    'invalidOperationOnCampaign',
    400,
  ],
  [
    'emailBuilderCampaigns.addBlock',
    'an unknown campaign',
    (s) => s.client.emailBuilderCampaigns.addBlock({ id: 99, EmailBuilderBlockId: 1 }),
    'notFound',
    404,
  ],
  [
    'emailBuilderCampaigns.addBlock',
    'a block the library does not have',
    (s) => s.client.emailBuilderCampaigns.addBlock({ id: 1, EmailBuilderBlockId: 99 }),
    'invalidBlock',
    400,
  ],
  [
    'emailBuilderCampaigns.addBlock',
    'an input the block does not take',
    (s) =>
      s.client.emailBuilderCampaigns.addBlock({
        id: 1,
        EmailBuilderBlockId: 1,
        InputValues: { Farve: { Value: 'rød' } },
      }),
    'invalidField',
    400,
  ],
  [
    'emailBuilderCampaigns.addBlock',
    'a condition on a field contacts do not have',
    (s) =>
      s.client.emailBuilderCampaigns.addBlock({
        id: 1,
        EmailBuilderBlockId: 1,
        Settings: { Condition: { Field: 'Skonummer', Operator: 'Equal', Value: '42' } },
      }),
    'invalidField',
    400,
  ],
  [
    'emailBuilderCampaigns.addBlock',
    'a campaign that is scheduled',
    (s) => s.client.emailBuilderCampaigns.addBlock({ id: 2, EmailBuilderBlockId: 1 }),
    'invalidOperationOnCampaign',
    400,
  ],
  [
    'emailBuilderCampaigns.schedule',
    'an unknown campaign',
    (s) => s.client.emailBuilderCampaigns.schedule({ id: 99 }),
    'notFound',
    404,
  ],
  [
    'emailBuilderCampaigns.schedule',
    'a campaign scheduled already',
    (s) => s.client.emailBuilderCampaigns.schedule({ id: 2 }),
    'invalidOperationOnCampaign',
    400,
  ],
]

checkOperations(dispatchOperations, success, failures, { everyCode: true })

describe('the life cycle, on the clock the admin API moves', () => {
  const current = perTest('in process')

  it('lists by Planned to the 100 ns it is answered with, newest first', async () => {
    const s = current()
    const plan = (DateTime: string) =>
      s.client.emailDispatches.create({ EmailCampaignId: 1, ContactId: 1, DateTime })
    // the later one made first: its id cannot put it first
    const later = await plan('2026-03-20T10:00:00.1234568+01:00')
    const early = await plan('2026-03-20T10:00:00.1234567+01:00')
    const ids = async (from: string, to?: string) =>
      (await s.client.emailDispatches.list({ from, to })).map((d) => d.Id)
    expect(await ids(early.Planned, later.Planned)).toEqual([early.Id])
    const end = tickLater(later.Planned)
    expect(await ids(early.Planned, end)).toEqual([later.Id, early.Id])
    expect(await ids(later.Planned, end)).toEqual([later.Id])
  })

  it('moves through each status at its time, the receiver sent with its batch', async () => {
    const s = current()
    const contact = reachable(s)
    const { Id } = await s.client.emailDispatches.create({
      EmailCampaignId: 1,
      ContactId: contact.Id,
      DateTime: new Date(NOW.getTime() + 60_000),
    })
    const steps: [number, string, boolean][] = [
      [0, 'Waiting', false],
      [59, 'Waiting', false],
      [60, 'Preparing', false],
      [89, 'Preparing', false],
      [90, 'ReadyForStarting', false],
      [119, 'ReadyForStarting', false],
      [120, 'SmtpStarting', false],
      [149, 'SmtpStarting', false],
      [150, 'Sending', true],
      [151, 'Finished', true],
    ]
    let at = 0
    for (const [second, status, sent] of steps) {
      await s.advance(second - at)
      at = second
      const d = await statusOf(s, Id)
      expect([second, d.Status, d.Sent]).toEqual([second, status, sent ? 1 : 0])
      const receiver = await s.client.emailDispatchReceivers.get({
        emailDispatchId: Id,
        contactId: contact.Id,
      })
      expect([second, receiver === null ? 'none' : receiver.Sent !== null]).toEqual([
        second,
        second < 90 ? 'none' : sent,
      ])
    }
  })

  const ends: [string, (s: Setup) => Record<string, unknown>, string][] = [
    ['a contact marked bounced', (s) => bounced(s), 'EndedByBounceMarkedContact'],
    [
      'an order not there',
      (s) => ({ ContactId: reachable(s).Id, OrderId: 99999 }),
      'EndedByOrderNotFound',
    ],
    [
      'a point not there',
      (s) => ({ ContactId: reachable(s).Id, PointId: 99999 }),
      'EndedByPointNotFound',
    ],
    ['a segment not there', () => ({ SegmentIds: [1, 99999] }), 'EndedByInvalidSegment'],
    ['a store not there', () => ({ StoreIds: [999] }), 'EndedByStoresNotFound'],
    ['a segment without contacts', (s) => ({ SegmentIds: [emptyList(s)] }), 'EndedByNoReceiver'],
    ['a contact deleted meanwhile', (s) => deletedLater(s), 'EndedByNoReceiver'],
    ['a contact who can get it', (s) => ({ ContactId: reachable(s).Id }), 'Finished'],
  ]

  it.each(ends)('ends a dispatch to %s as %s', async (_, scope, status) => {
    const s = current()
    const { Id } = await s.client.emailDispatches.create({ EmailCampaignId: 1, ...scope(s) })
    for (const id of pending.splice(0)) await s.client.contacts.delete({ id })
    await s.advance(600)
    const d = await statusOf(s, Id)
    expect(d.Status).toBe(status)
    expect(d.Sent).toBe(status === 'Finished' ? 1 : 0)
  })

  it('never sends a dispatch cancelled before it started, whatever the clock says', async () => {
    const s = current()
    await s.client.emailBuilderCampaigns.schedule({ id: 1, IncludeSegments: [2] })
    const id = s.state.builderCampaigns[0]!.DispatchId!
    await s.advance(31)
    expect((await statusOf(s, id)).Status).toBe('ReadyForStarting')
    await s.client.emailBuilderCampaigns.cancel({ id: 1 })
    await s.advance(3600)
    expect(await statusOf(s, id)).toMatchObject({ Status: 'Cancelled', Sent: 0, Opens: 0 })
  })
})

const pending: number[] = []
function bounced(s: Setup) {
  const c = reachable(s)
  c.EmailBounced = true
  return { ContactId: c.Id }
}
function emptyList(s: Setup): number {
  const id = s.state.nextId('segment')
  s.state.segments.set(id, {
    Id: id,
    Name: 'Tom',
    FolderId: 1,
    Type: 'List',
    Description: null,
    Conditions: null,
    ContactIds: [],
  })
  return id
}
function deletedLater(s: Setup) {
  const c = reachable(s)
  pending.push(c.Id)
  return { ContactId: c.Id }
}

describe('receivers', () => {
  const current = perTest('in process')

  /** Seven contacts, each with one thing that may keep a mail from it. */
  function arrange(s: Setup) {
    const [ok, refused, blocked, paused, resumed, bounce, silent] = [...s.state.contacts.values()]
      .filter((c) => c.Email && !c.EmailBounced)
      .slice(0, 7) as StoredContact[]
    for (const c of [ok, refused, blocked, paused, resumed, bounce, silent]) {
      c!.Dynamic.PermissionEmail = true
      c!.LimitMailsPermanently = false
      c!.LimitMailsTemporarilyUntil = null
    }
    refused!.Dynamic.PermissionEmail = false
    blocked!.LimitMailsPermanently = true
    paused!.LimitMailsTemporarilyUntil = danishTime(NOW.getTime() + 10 * 86_400_000)
    resumed!.LimitMailsTemporarilyUntil = danishTime(NOW.getTime() - 86_400_000)
    bounce!.EmailBounced = true
    s.state.unindexContact(silent!)
    silent!.Email = null
    const all = { ok, refused, blocked, paused, resumed, bounce, silent }
    const segment = Object.values(all).map((c) => c!.Id)
    return { all, segment }
  }

  it.each([
    ['a newsletter', 'Newsletter', false, ['ok', 'resumed']],
    [
      'a transactional mail',
      'Transactional',
      false,
      ['ok', 'refused', 'blocked', 'paused', 'resumed'],
    ],
    ['a test', 'Newsletter', true, ['ok', 'refused', 'blocked', 'paused', 'resumed', 'bounce']],
  ] as const)('makes %s reach only whom it may', async (_, type, IsTest, want) => {
    const s = current()
    const { all, segment } = arrange(s)
    const list = await s.client.segments.createFromContactIds({
      FolderId: 1,
      Name: 'Syv',
      ContactIds: segment,
    })
    const before = s.state.last.receiver
    const { Id } = await s.client.emailDispatches.create({
      EmailCampaignId: campaignOf(s, type),
      SegmentIds: [list.Id],
      IsTest,
    })
    await s.advance(30)
    const made = await s.client.emailDispatchReceivers.list({ lastId: before })
    expect(made.every((r) => r.EmailDispatchId === Id)).toBe(true)
    const names = Object.entries(all)
      .filter(([, c]) => made.some((r) => r.ContactId === c!.Id))
      .map(([name]) => name)
    expect(names).toEqual(want)
  })

  it('takes TakeRandom of them, in contact order', async () => {
    const s = current()
    const before = s.state.last.receiver
    const { Id } = await s.client.emailDispatches.create({
      EmailCampaignId: campaignOf(s, 'Newsletter'),
      SegmentIds: [1],
      TakeRandom: 10,
    })
    await s.advance(30)
    const chosen = await s.client.emailDispatchReceivers.list({ lastId: before })
    expect(chosen).toHaveLength(10)
    expect(chosen.every((r) => r.EmailDispatchId === Id)).toBe(true)
    const ids = chosen.map((r) => r.ContactId)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    const members = await s.client.segments.listContactIds({ id: 1 })
    expect(ids.every((id) => members.includes(id))).toBe(true)
  })

  it('pages every receiver by lastId, 1000 at a time, ascending', async () => {
    const s = setup({ sizes: { ...SMALL, contacts: 1500 } })
    const pages: unknown[][] = []
    for await (const page of s.client.emailDispatchReceivers.iterate({ lastId: 0 }).pages())
      pages.push(page as unknown[])
    const v1 = s.state.receivers.filter((r) => typeof r.DispatchId === 'number')
    expect(v1.length).toBeGreaterThan(2000)
    expect(pages.slice(0, -1).every((p) => p.length === 1000)).toBe(true)
    const ids = pages.flat().map((r) => (r as { Id: number }).Id)
    expect(ids).toEqual(v1.map((r) => r.Id))
    const after = await s.client.emailDispatchReceivers.list({ lastId: ids[999]! })
    expect(after[0]!.Id).toBe(ids[1000])
  })

  it('shows opens and clicks as the clock reaches them', async () => {
    const s = current()
    const { Id } = await s.client.emailDispatches.create({
      EmailCampaignId: campaignOf(s, 'Newsletter'),
      SegmentIds: [1],
    })
    await s.advance(100)
    const early = await statusOf(s, Id)
    await s.advance(3 * 86_400)
    const late = await statusOf(s, Id)
    expect(late.Sent).toBe(s.state.receiversByDispatch.get(Id)!.length)
    expect(early.Opens).toBeLessThan(late.Opens)
    expect(late.Opens).toBeGreaterThan(0)
    expect(late.OpenedRatio).toBeCloseTo(late.Opens / late.Delivered, 4)
  })
})

describe('Email2', () => {
  const current = perTest('in process')

  const scopes: [string, Scope, string | RegExp][] = [
    ['Segments', { Segments: { InSegmentIds: [1] } }, GUID],
    ['Contacts', { Contacts: { '5': {} } }, EMAIL2_QUEUED],
    ['Emails', { Emails: { 'ny@example.dk': { Dynamic: { Navn: 'Ny' } } } }, EMAIL2_QUEUED],
  ]
  it.each(scopes)('answers a %s scope with the JSON string recorded', async (_, Scope, answer) => {
    const s = current()
    const raw = await s.raw('POST', '/api/v1/Email2Dispatches', {
      body: { TriggerId: 'glemt-kurv', Scope },
    })
    expect(raw.status).toBe(200)
    if (typeof answer === 'string') expect(raw.body).toBe(answer)
    else expect(raw.body).toMatch(answer)
    const queued = await s.client.email2Dispatches.queue({ TriggerId: 'glemt-kurv', Scope })
    expect(queued).toEqual(
      typeof answer === 'string' ? { message: answer } : { id: expect.stringMatching(GUID) },
    )
  })

  it.each([
    ['none', {}],
    ['two', { Contacts: { '5': {} }, Emails: { 'a@b.dk': {} } }],
    ['all null', { Contacts: null, Emails: null, Segments: null }],
  ])('refuses %s of the scopes with a model error', async (_, Scope) => {
    const s = current()
    const raw = await s.raw('POST', '/api/v1/Email2Dispatches', {
      body: { TriggerId: 'glemt-kurv', Scope },
    })
    expect(raw.status).toBe(400)
    expect(raw.body).toMatchObject({
      Message: 'The request is invalid.',
      ModelState: { Scope: expect.any(Array) },
    })
  })

  it.each(['not-an-email', 'a@b', ' @example.dk'])(
    'refuses an Emails key %j that is no address, as a contact’s e-mail (assumed)',
    async (key) => {
      const s = current()
      const before = (await adminDispatches(s)).email2Dispatches.length
      const raw = await s.raw('POST', '/api/v1/Email2Dispatches', {
        body: { TriggerId: 'glemt-kurv', Scope: { Emails: { 'ny@example.dk': {}, [key]: {} } } },
      })
      expect([raw.status, raw.body]).toEqual([
        400,
        {
          Message: 'The request is invalid.',
          ModelState: {
            [`Scope.Emails[${key}]`]: ['The Email field is not a valid e-mail address.'],
          },
        },
      ])
      expect((await adminDispatches(s)).email2Dispatches).toHaveLength(before)
    },
  )

  it('takes one scope with the others null, as the .NET client sends them', async () => {
    const s = current()
    const raw = await s.raw('POST', '/api/v1/Email2Dispatches', {
      body: {
        TriggerId: 'glemt-kurv',
        Scope: { Contacts: { '5': { Dynamic: null } }, Emails: null, Segments: null },
      },
    })
    expect([raw.status, raw.body]).toEqual([200, EMAIL2_QUEUED])
  })

  it('names DispatchBatchDelaySec _1 … _600 on the wire, and reads the seconds too', async () => {
    const s = current()
    const input = {
      TriggerId: 'ugens-tilbud',
      BatchDelaySec: '_30' as const,
      Scope: { Segments: { InSegmentIds: [1] } },
    }
    expect(s.client.prepare('email2Dispatches.create', input).body).toContain(
      '"BatchDelaySec":"_30"',
    )
    const id = await s.client.email2Dispatches.create(input)
    const numeric = (
      await s.raw('POST', '/api/v1/Email2Dispatches', { body: { ...input, BatchDelaySec: 600 } })
    ).body
    const wrong = await s.raw('POST', '/api/v1/Email2Dispatches', {
      body: { ...input, BatchDelaySec: '_7' },
    })
    expect(wrong.status).toBe(400)
    const delays = Object.fromEntries(
      (await adminDispatches(s)).email2Dispatches.map((d) => [d.Id, d.BatchDelaySec]),
    )
    expect([delays[id], delays[numeric as string]]).toEqual([30, 600])
  })

  it('reaches an address without a contact only with a transactional message', async () => {
    const s = current()
    for (const TriggerId of ['glemt-kurv', 'ugens-tilbud'])
      await s.client.email2Dispatches.create({
        TriggerId,
        Scope: { Emails: { 'ukendt@example.dk': {} } },
      })
    await s.advance(30)
    const [transactional, newsletter] = (await adminDispatches(s)).email2Dispatches.slice(-2)
    expect([transactional!.Status, transactional!.Receivers]).toEqual(['ReadyForStarting', 1])
    expect([newsletter!.Status, newsletter!.Receivers]).toEqual(['EndedByNoReceiver', 0])
  })
})
