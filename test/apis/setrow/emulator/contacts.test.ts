import { describe, expect, it } from 'vitest'
import { isAreaName } from '../../../../src/apis/setrow/codecs.ts'
import { normalGsm, normalWhatsapp } from '../../../../src/apis/setrow/emulator/addresses.ts'
import { NOW_STAMP, setup } from '../setup.ts'

describe('upsert', () => {
  it('adds an unknown address and updates a known one, keeping its other groups', async () => {
    const s = setup()
    const [a, b] = [s.groupOf('email', 0), s.groupOf('email', 1)]
    const first = await s.client.email.add({
      body: [{ email: 'ali@example.com', groupId: a, name: 'Ali' }],
    })
    const second = await s.client.email.add({
      body: [{ email: 'ALI@example.com', groupId: b, surname: 'Yılmaz', spArea4: 'Ankara' }],
    })
    expect([first.results[0]!.status, second.results[0]!.status]).toEqual(['added', 'updated'])
    const card = await s.client.email.get({ email: 'ali@example.com' })
    expect(card).toMatchObject({ name: 'Ali', surname: 'Yılmaz', spArea4: 'Ankara' })
    expect(card.groups.map((g) => g.groupId)).toEqual([a, b])
  })

  it('accepts groupId as numeric text, as a public script sends it', async () => {
    const s = setup()
    const answer = await s.raw('POST', '/email/add', {
      body: JSON.stringify([{ email: 'x@example.com', groupId: String(s.groupOf('email')) }]),
    })
    expect(answer.body).toMatchObject({ status: 'success', data: { succeeded: 1 } })
  })

  it('answers each item on its own, in request order', async () => {
    const s = setup()
    const groupId = s.groupOf('email')
    const answer = await s.client.email.add({
      body: [
        { email: 'ok@example.com', groupId },
        { email: 'not an address', groupId },
        { email: 'ok2@example.com', groupId: 3 },
        { email: 'ok@example.com', groupId },
      ],
    })
    expect(answer).toMatchObject({ total: 4, succeeded: 2, failed: 2 })
    expect(answer.results.map((r) => [r.index, r.status, r.code])).toEqual([
      [0, 'added', undefined],
      [1, 'error', 'E103'],
      [2, 'error', 'E113'],
      [3, 'updated', undefined],
    ])
  })

  it.each([
    ['Y', 15, 'added'],
    ['L', 16, 'added'],
    ['N', 14, 'added'],
    ['N', 15, 'E103'],
    ['X', 16, 'E103'],
  ] as const)(
    'reads iysSource against the table of allow status %s (%i → %s)',
    async (allowStatus, iysSource, expected) => {
      const s = setup()
      const answer = await s.client.email.add({
        body: [{ email: 'iys@example.com', groupId: s.groupOf('email'), allowStatus, iysSource }],
      })
      expect(answer.results[0]!.code ?? answer.results[0]!.status).toBe(expected)
    },
  )

  it('names the source and dates the change when the allow status changes', async () => {
    const s = setup()
    const { address, groupId } = s.member('email')
    await s.client.email.add({
      body: [{ email: address, groupId, allowStatus: 'N', iysSource: 1 }],
    })
    const card = await s.client.email.get({ email: address })
    expect(card).toMatchObject({
      allowStatus: 'N',
      iysSourceName: 'HS_EPOSTA',
      consentDate: NOW_STAMP,
    })
  })

  it.each([
    ['Y', 16, 'N', null, null],
    ['N', 1, 'Y', null, null],
    ['Y', 3, 'L', 3, 'HS_WEB'],
    ['N', 14, 'X', 14, 'IYS_KISA_LINK'],
  ] as const)(
    'a change from %s (source %i) to %s without a source leaves source %s (%s)',
    async (before, iysSource, after, kept, name) => {
      const s = setup()
      const groupId = s.groupOf('email')
      await s.client.email.add({
        body: [{ email: 'iys@example.com', groupId, allowStatus: before, iysSource }],
      })
      await s.client.email.add({
        body: [{ email: 'IYS@example.com', groupId, allowStatus: after }],
      })
      const card = await s.client.email.get({ email: 'iys@example.com' })
      expect(card).toMatchObject({ allowStatus: after, iysSource: kept, iysSourceName: name })
    },
  )

  it.each(['spArea21', 'spArea0', 'spArea01', 'sparea1'])(
    'refuses the item naming area %s with E103, alone',
    async (area) => {
      const s = setup()
      const groupId = s.groupOf('email')
      const answer = await s.raw('POST', '/email/add', {
        body: JSON.stringify([
          { email: 'ok@example.com', groupId, isim: 'Ali' },
          { email: 'stray@example.com', groupId, [area]: 'x' },
        ]),
      })
      const results = (answer.body.data as { results: { status: string; code?: string }[] }).results
      expect(results.map((r) => r.code ?? r.status)).toEqual(['added', 'E103'])
      const alone = await s.raw('POST', '/email/add', {
        body: JSON.stringify([{ email: 'stray@example.com', groupId, [area]: 'x' }]),
      })
      expect(alone.body.data).toMatchObject({ failed: 1, results: [{ code: 'E103' }] })
      expect(s.state.contacts.email.has('stray@example.com')).toBe(false)
    },
  )

  it('keeps the contact card after it leaves every group', async () => {
    const s = setup()
    const { address } = s.member('email')
    await s.client.email.delete({ body: [{ email: address }] })
    expect((await s.client.email.get({ email: address })).groups).toEqual([])
    const members = await s.client.groups.email.members({ group_id: s.member('email').groupId })
    expect(members.members.map((m) => m.email)).not.toContain(address)
  })

  it('transfers: out of the source group, into the target', async () => {
    const s = setup()
    const groupId = s.groupOf('sms', 0)
    const target = s.groupOf('sms', 1)
    await s.client.sms.add({ body: [{ number: '5321112233', groupId }] })
    await s.client.sms.transfer({
      body: [{ number: '05321112233', fromGroupId: groupId, toGroupId: target }],
    })
    expect(s.state.contacts.sms.get('5321112233')!.groups).toEqual([target])
  })
})

describe('custom area names', () => {
  it('are spArea1 to spArea20 exactly', () => {
    const names = Array.from({ length: 20 }, (_, i) => `spArea${i + 1}`)
    expect(names.every(isAreaName)).toBe(true)
    for (const name of [
      'spArea0',
      'spArea21',
      'spArea01',
      'spArea',
      ' spArea1',
      'sparea1',
      'email',
    ])
      expect(isAreaName(name)).toBe(false)
  })
})

describe('numbers', () => {
  it.each([
    ['5448848919', '5448848919'],
    ['05448848919', '5448848919'],
    ['+90 544 884 89 19', '5448848919'],
    ['905448848919', '5448848919'],
    ['(0544) 884-8919', '5448848919'],
    ['4448848919', undefined],
    ['54488489', undefined],
    ['abc', undefined],
  ])('reads GSM %s as %s', (text, expected) => {
    expect(normalGsm(text)).toBe(expected)
  })

  it.each([
    ['905448848919', '905448848919'],
    ['5448848919', '905448848919'],
    ['+49 151 23456789', '4915123456789'],
    ['0', undefined],
  ])('reads WhatsApp %s as %s', (text, expected) => {
    expect(normalWhatsapp(text)).toBe(expected)
  })

  it('finds the same SMS contact however the number is written', async () => {
    const s = setup()
    const { address } = s.member('sms')
    for (const written of [address, `0${address}`, `+90${address}`])
      expect((await s.client.sms.get({ number: written })).number).toBe(address)
  })
})
