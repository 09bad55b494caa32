import { describe, expect, it } from 'vitest'
import { codeOf, expectCode, NOW_STAMP, setup, type Setup } from '../setup.ts'

const addEmail = (s: Setup, email: string) =>
  s.client.email.add({ body: [{ email, groupId: s.groupOf('email') }] })

describe('suppression lists and upserts', () => {
  it('refuses an unsubscribed address until it leaves the list', async () => {
    const s = setup()
    await s.client.unsubscribe.email.add({ email: 'cikan@example.com' })
    await expectCode(addEmail(s, 'cikan@example.com'), 'E126')
    await s.client.unsubscribe.email.delete({ email: 'cikan@example.com' })
    expect(await codeOf(addEmail(s, 'cikan@example.com'))).toBeUndefined()
  })

  it.each([
    ['junk', 'E128'],
    ['wrongEmail', 'E127'],
  ] as const)(
    'refuses an address on the %s list with %s, also in a mixed batch',
    async (list, code) => {
      const s = setup()
      s.state.lists[list].set('listed@example.com', {
        address: 'listed@example.com',
        date: '2026-03-01 00:00:00',
      })
      const answer = await s.client.email.add({
        body: [
          { email: 'fine@example.com', groupId: s.groupOf('email') },
          { email: 'Listed@Example.com', groupId: s.groupOf('email') },
        ],
      })
      expect(answer.results.map((r) => r.code ?? r.status)).toEqual(['added', code])
    },
  )

  it('checks the unsubscribe list before wrong and junk', async () => {
    const s = setup()
    for (const list of ['junk', 'wrongEmail', 'unsubscribeEmail'] as const)
      s.state.lists[list].set('all@example.com', {
        address: 'all@example.com',
        date: '2026-03-01 00:00:00',
      })
    await expectCode(addEmail(s, 'all@example.com'), 'E126')
  })

  it.each([
    ['sms', '5321112233', 'E129'],
    ['whatsapp', '905321112233', 'E129'],
  ] as const)(
    'refuses a %s number on its own unsubscribe list only',
    async (channel, number, code) => {
      const s = setup()
      await s.client.unsubscribe[channel].add({ number })
      const call =
        channel === 'sms'
          ? s.client.sms.add({ body: [{ number, groupId: s.groupOf('sms') }] })
          : s.client.whatsapp.add({ body: [{ number, groupId: s.groupOf('whatsapp') }] })
      await expectCode(call, code)
      const other =
        channel === 'sms'
          ? s.client.whatsapp.add({
              body: [{ number: `90${number}`, groupId: s.groupOf('whatsapp') }],
            })
          : s.client.sms.add({ body: [{ number: number.slice(2), groupId: s.groupOf('sms') }] })
      expect(await codeOf(other)).toBeUndefined()
    },
  )

  it.each([
    ['Y', 'X'],
    ['L', 'X'],
    ['N', 'N'],
  ] as const)(
    'unsubscribing a contact with allow status %s leaves it %s',
    async (before, after) => {
      const s = setup()
      await s.client.email.add({
        body: [{ email: 'k@example.com', groupId: s.groupOf('email'), allowStatus: before }],
      })
      await s.client.unsubscribe.email.add({ email: 'k@example.com' })
      expect((await s.client.email.get({ email: 'k@example.com' })).allowStatus).toBe(after)
      expect(await s.client.unsubscribe.email.status({ email: 'k@example.com' })).toMatchObject({
        unsubscribed: true,
        date: NOW_STAMP,
      })
    },
  )

  it('clears the opt-in source of a contact it turns X', async () => {
    const s = setup()
    await s.client.email.add({
      body: [
        { email: 'k@example.com', groupId: s.groupOf('email'), allowStatus: 'Y', iysSource: 16 },
      ],
    })
    await s.client.unsubscribe.email.add({ email: 'k@example.com' })
    expect(await s.client.email.get({ email: 'k@example.com' })).toMatchObject({
      allowStatus: 'X',
      iysSource: null,
      iysSourceName: null,
    })
  })

  it('reports the seeded unsubscribers, whose contacts all have allow status X', async () => {
    const s = setup()
    const contacts = [...s.state.contacts.email.values()]
    for (const contact of contacts.filter((c) => s.state.lists.unsubscribeEmail.has(c.address)))
      expect(contact.allowStatus).toBe('X')
    expect(
      contacts
        .filter((c) => c.allowStatus === 'X')
        .every((c) => s.state.lists.unsubscribeEmail.has(c.address)),
    ).toBe(true)
  })
})

describe('date windows', () => {
  it.each([
    ['2026-03-01', '2026-03-01', undefined],
    ['2026-02-13', '2026-03-15', undefined],
    ['2026-02-12', '2026-03-15', 'E123'],
    ['2026-03-02', '2026-03-01', 'E122'],
    ['2025-12-31', '2026-01-30', undefined],
  ])('startDate %s, lastDate %s → %s', async (startDate, lastDate, code) => {
    const s = setup()
    expect(await codeOf(s.client.junk.list({ startDate, lastDate }))).toBe(code)
  })

  it('includes both ends of the window, whole days', async () => {
    const s = setup()
    const at = (address: string, date: string) => s.state.lists.junk.set(address, { address, date })
    at('before@example.com', '2026-02-28 23:59:59')
    at('first@example.com', '2026-03-01 00:00:00')
    at('last@example.com', '2026-03-05 23:59:59')
    at('after@example.com', '2026-03-06 00:00:00')
    const list = await s.client.junk.list({ startDate: '2026-03-01', lastDate: '2026-03-05' })
    expect(list.map((e) => e.email)).toEqual(['first@example.com', 'last@example.com'])
  })

  it.each([
    [{ number: '5321112233' }, undefined],
    [{ startDate: '2026-03-01', lastDate: '2026-03-10' }, undefined],
    [{ startDate: '2026-03-01' }, 'E100'],
    [{ lastDate: '2026-03-01' }, 'E100'],
    [{ reportType: 3 }, 'E133'],
    [{ number: '5321112233', startDate: '2026-03-10', lastDate: '2026-03-01' }, 'E122'],
  ])('SMS reports with %j → %s', async (query, code) => {
    const s = setup()
    expect(await codeOf(s.client.sms.report(query))).toBe(code)
  })

  it('filters reports by type', async () => {
    const s = setup()
    const window = { startDate: '2026-02-14', lastDate: '2026-03-15' }
    const all = await s.client.sms.report({ ...window, reportType: 1 })
    const delivered = await s.client.sms.report({ ...window, reportType: 2 })
    const failed = await s.client.sms.report({ ...window, reportType: 3 })
    expect(delivered.every((r) => r.status === 'DELIVERED')).toBe(true)
    expect(failed.every((r) => r.status === 'UNDELIVERED')).toBe(true)
    expect(delivered.length + failed.length).toBeLessThanOrEqual(all.length)
    expect(delivered.length).toBeGreaterThan(0)
  })
})
