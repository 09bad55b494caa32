import { describe, expect, it } from 'vitest'
import { codeOf, expectCode, setup } from '../setup.ts'

describe('group names', () => {
  it.each([
    ['abc', undefined],
    ['ab', 'E107'],
    ['  a   b  ', undefined],
    ['Müşteriler', 'E109'],
    ['MÜŞTERİLER', 'E109'],
    [' bülten  aboneleri ', 'E109'],
    ['x'.repeat(101), 'E103'],
  ])('an e-mail group named %j → %s', async (groupName, code) => {
    const s = setup()
    expect(await codeOf(s.client.groups.email.create({ groupName }))).toBe(code)
  })

  it.each(['MAIL LIST', 'mail list', 'maıl lıst', 'MAİL LİST'])(
    'takes %j for the name Mail List, dotted and dotless i alike (E109)',
    async (groupName) => {
      const s = setup()
      await s.client.groups.email.create({ groupName: 'Mail List' })
      await expectCode(s.client.groups.email.create({ groupName }), 'E109')
    },
  )

  it('keeps names unique per channel, not across channels', async () => {
    const s = setup()
    await s.client.groups.email.create({ groupName: 'Ortak İsim' })
    expect((await s.client.groups.sms.create({ groupName: 'Ortak İsim' })).groupName).toBe(
      'Ortak İsim',
    )
    await expectCode(s.client.groups.sms.create({ groupName: 'ortak isim' }), 'E109')
  })

  it('gives each new group a fresh id across channels', async () => {
    const s = setup()
    const a = await s.client.groups.email.create({ groupName: 'Birinci' })
    const b = await s.client.groups.whatsapp.create({ groupName: 'İkinci' })
    expect(b.groupId).toBeGreaterThan(a.groupId)
    expect(s.state.foreignGroupIds.has(a.groupId)).toBe(false)
  })
})

describe('mini plan', () => {
  it('allows the tenth manual group and refuses the eleventh with E108', async () => {
    const s = setup()
    s.setSwitches({ miniPlan: true })
    for (let i = 7; i <= 10; i++) await s.client.groups.email.create({ groupName: `Grup ${i}` })
    await expectCode(s.client.groups.email.create({ groupName: 'Grup 11' }), 'E108')
    expect(await s.client.groups.email.list()).toHaveLength(10)
  })

  it('limits manual e-mail groups only', async () => {
    const s = setup()
    s.setSwitches({ miniPlan: true })
    for (let i = 0; i < 9; i++) await s.client.groups.sms.create({ groupName: `SMS ${i}` })
    expect(await s.client.groups.sms.list()).toHaveLength(12)
  })

  it('lets a plan without the limit go past ten', async () => {
    const s = setup()
    for (let i = 7; i <= 11; i++) await s.client.groups.email.create({ groupName: `Grup ${i}` })
    expect(await s.client.groups.email.list()).toHaveLength(11)
  })
})

describe('members and filters', () => {
  const seeded = async () => {
    const s = setup()
    const groupId = (await s.client.groups.email.create({ groupName: 'Filtre' })).groupId
    await s.client.email.add({
      body: [
        {
          email: 'a@example.com',
          groupId,
          spArea1: 'Y',
          spArea2: 'HS_WEB',
          spArea3: '2026-03-10 12:00:00',
        },
        {
          email: 'b@example.com',
          groupId,
          spArea1: 'Y',
          spArea2: 'HS_MOBIL',
          spArea3: '2026-01-01 00:00:00',
        },
        { email: 'c@example.com', groupId, spArea1: 'N', spArea2: 'HS_WEB' },
      ],
    })
    return { s, groupId }
  }
  const emails = (data: { members: { email: string }[] }) => data.members.map((m) => m.email).sort()

  it.each([
    ['_filter=spArea1:Y', ['a@example.com', 'b@example.com']],
    ['_filter=spArea1:Y,spArea2:HS_WEB', ['a@example.com']],
    ['_filter=spArea2:hs_web', ['a@example.com', 'c@example.com']],
    ['_filters=spArea2=HS_WEB,spArea1=Y', ['a@example.com']],
    ['_filter=spArea9:Y', []],
    ['_filter=spArea1:Y,spArea1:N', []],
    ['_filter=spArea1:N,spArea1:Y', []],
    ['_filter=spArea1:Y&_filters=spArea1=N', []],
    ['_filter=spArea1:Y,spArea1:y', ['a@example.com', 'b@example.com']],
    ['updateDateArea=spArea3&lastUpdateDate=2026-03-01%2000:00:00', ['a@example.com']],
    ['getAreas=spArea2', ['a@example.com', 'b@example.com', 'c@example.com']],
  ])('?%s', async (query, expected) => {
    const { s, groupId } = await seeded()
    const answer = await s.raw('GET', `/group/email/${groupId}?${query}`)
    expect(emails((answer.body as { data: { members: { email: string }[] } }).data)).toEqual(
      expected,
    )
  })

  it.each(['istanbul', 'Istanbul', 'ISTANBUL', 'İSTANBUL', 'İstanbul'])(
    'matches %s to a city written with either i',
    async (city) => {
      const s = setup()
      const groupId = (await s.client.groups.email.create({ groupName: 'Şehir' })).groupId
      await s.client.email.add({
        body: [
          { email: 'ascii@example.com', groupId, spArea4: 'Istanbul' },
          { email: 'dotted@example.com', groupId, spArea4: 'İstanbul' },
          { email: 'other@example.com', groupId, spArea4: 'Isparta' },
        ],
      })
      const data = await s.client.groups.email.filter({
        group_id: groupId,
        _filter: { spArea4: city },
      })
      expect(emails(data)).toEqual(['ascii@example.com', 'dotted@example.com'])
    },
  )

  it('includes only the custom areas asked for', async () => {
    const { s, groupId } = await seeded()
    const plain = await s.client.groups.email.members({ group_id: groupId })
    const chosen = await s.client.groups.email.filter({ group_id: groupId, getAreas: ['spArea2'] })
    expect(Object.keys(plain.members[0]!).filter((k) => k.startsWith('spArea'))).toEqual([])
    expect(Object.keys(chosen.members[0]!).filter((k) => k.startsWith('spArea'))).toEqual([
      'spArea2',
    ])
  })

  it('sends the filters in the documented spellings', async () => {
    const { s, groupId } = await seeded()
    const sent: string[] = []
    const spy = async (input: string | URL | Request, init?: RequestInit) => {
      sent.push(String(input))
      return s.emulator.fetch(input, init)
    }
    const { createSetrowClient } = await import('../../../../src/apis/setrow/client.ts')
    const client = createSetrowClient({
      baseUrl: s.emulator.baseUrl(),
      apiKey: s.emulator.credentials.apiKey!,
      fetch: spy,
    })
    await client.groups.email.filter({
      group_id: groupId,
      _filter: { spArea1: 'Y' },
      getAreas: ['spArea1', 'spArea2'],
    })
    await client.groups.sms.filter({
      sms_group_id: s.groupOf('sms'),
      _filters: { spArea2: 'HS_WEB', spArea1: 'Y' },
    })
    expect(decodeURIComponent(sent[0]!)).toMatch(/\?_filter=spArea1:Y&getAreas=spArea1,spArea2$/)
    expect(decodeURIComponent(sent[1]!)).toMatch(/\?_filters=spArea2=HS_WEB,spArea1=Y$/)
  })

  it('sends and applies every value of an area named twice', async () => {
    const { s, groupId } = await seeded()
    const data = await s.client.groups.email.filter({
      group_id: groupId,
      _filter: { spArea1: ['Y', 'N'] },
    })
    expect(data.members).toEqual([])
    const sent = s.emulator.log.list({ limit: 1 })[0]!
    expect(decodeURIComponent(sent.query)).toMatch(/_filter=spArea1:Y,spArea1:N$/)
  })

  it('counts members per group in the group list', async () => {
    const { s, groupId } = await seeded()
    const groups = await s.client.groups.email.list()
    expect(groups.find((g) => g.groupId === groupId)!.memberCount).toBe(3)
  })
})

describe('automatic groups', () => {
  it('evaluates its rule at each call: a new basket joins the abandoned-basket group', async () => {
    const s = setup()
    const { address } = s.member('email')
    s.state.baskets.delete(address)
    const before = await s.client.groups.email.auto({ group_id: 9002 })
    expect(before.members.map((m) => m.email)).not.toContain(address)
    await s.client.baskets.add({ body: [{ email: address, productCode: 'X', price: 5 }] })
    const after = await s.client.groups.email.auto({ group_id: 9002 })
    expect(after.members.map((m) => m.email)).toContain(address)
  })

  it('holds the buyers of the last 30 days', async () => {
    const s = setup()
    const data = await s.client.groups.email.auto({ group_id: 9001 })
    const recent = new Set(
      [...s.state.orders.values()]
        .filter((o) => o.orderDate >= '2026-02-13 13:00:00')
        .map((o) => o.email),
    )
    expect(new Set(data.members.map((m) => m.email))).toEqual(recent)
  })

  it('holds the contacts whose city area is İstanbul, however it is cased', async () => {
    const s = setup()
    await s.client.email.add({
      body: [{ email: 'ist@example.com', groupId: s.groupOf('email'), spArea4: 'İSTANBUL' }],
    })
    const data = await s.client.groups.email.auto({ group_id: 9003 })
    expect(data.members.map((m) => m.email)).toContain('ist@example.com')
  })
})
