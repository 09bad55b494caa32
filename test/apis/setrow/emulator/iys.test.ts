import { describe, expect, it } from 'vitest'
import { codeOf, NOW_STAMP, setup } from '../setup.ts'

describe('IYS logs', () => {
  it.each([
    ['1', undefined],
    ['96', undefined],
    ['97', 'E135'],
    ['0', 'E103'],
    ['-5', 'E103'],
    ['abc', 'E134'],
    ['2.5', 'E134'],
  ])('/iys/errors/%s → %s', async (hours, code) => {
    const s = setup()
    const answer = await s.raw('GET', `/iys/errors/${hours}`)
    expect(answer.body.code).toBe(code)
  })

  it('splits logs into errors and successes within the look-back', async () => {
    const s = setup()
    const errors = await s.client.iys.errors({ hours: 48 })
    const successes = await s.client.iys.successes({ hours: 48 })
    // Setrow's logs are stamped in Türkiye's time: 48 hours before 13:00 there
    const since = '2026-03-13 13:00:00'
    const expected = s.state.iysLogs.filter((l) => l.sentAt >= since && l.sentAt <= NOW_STAMP)
    expect(errors.length + successes.length).toBe(expected.length)
    expect(errors.every((l) => l.error && l.transactionId === null)).toBe(true)
    expect([...errors, ...successes].every((l) => l.sentAt >= since)).toBe(true)
  })
})

describe('IYS group lists', () => {
  it.each([
    ['1', undefined],
    ['96', undefined],
    ['97', 'E136'],
    ['0', 'E103'],
    ['', 'E134'],
  ])('hour=%s → %s', async (hour, code) => {
    const s = setup()
    const answer = await s.raw('GET', `/iys/list/email?hour=${hour}&groupId=${s.groupOf('email')}`)
    expect(answer.body.code).toBe(code)
  })

  it('keeps members whose consent date is within the hours, from an area or the contact', async () => {
    const s = setup()
    const groupId = s.groupOf('email')
    await s.client.email.add({
      body: [
        {
          email: 'new@example.com',
          groupId,
          consentDate: '2026-03-15 10:00:00',
          spArea8: '2026-01-01 00:00:00',
        },
        {
          email: 'old@example.com',
          groupId,
          consentDate: '2026-03-01 07:00:00',
          spArea8: '2026-03-15 12:00:00',
        },
      ],
    })
    const own = await s.client.iys.email.list({ hour: 4, groupId })
    const area = await s.client.iys.email.list({
      hour: 4,
      groupId,
      consentDateArea: 'spArea8',
      getAreas: ['spArea8'],
    })
    expect(own.members.map((m) => m.email)).toContain('new@example.com')
    expect(own.members.map((m) => m.email)).not.toContain('old@example.com')
    expect(area.members.map((m) => m.email)).toContain('old@example.com')
    expect(area.members.map((m) => m.email)).not.toContain('new@example.com')
    expect(area.members.find((m) => m.email === 'old@example.com')!.spArea8).toBe(
      '2026-03-15 12:00:00',
    )
  })

  it('finds recent consents in the seed data', async () => {
    const s = setup({ sizes: { emails: 400 } })
    const groupId = s.groupOf('email')
    expect((await s.client.iys.email.list({ hour: 96, groupId })).members.length).toBeGreaterThan(0)
  })
})

describe('IYS transaction ids', () => {
  it('answers each item: saved, unknown address, unknown number, neither, both', async () => {
    const s = setup()
    const email = s.member('email').address
    const number = s.member('sms').address
    const answer = await s.client.iys.transactions.save({
      body: [
        { email, requestId: 'r1', transactionId: 't1' },
        { number: `0${number}`, requestId: 'r1', transactionId: 't2' },
        { email: 'nobody@example.com', requestId: 'r1', transactionId: 't3' },
        { number: '5000000000', requestId: 'r1', transactionId: 't4' },
        { requestId: 'r1', transactionId: 't5' },
        { email, number, requestId: 'r1', transactionId: 't6' },
      ],
    })
    expect(answer.results.map((r) => r.code ?? r.status)).toEqual([
      'saved',
      'saved',
      'E120',
      'E121',
      'E100',
      'E103',
    ])
    expect(s.state.contacts.sms.get(number)!.iysTransactions.map((t) => t.transactionId)).toEqual([
      't2',
    ])
  })

  it('refuses numbers without SMS settings and still saves addresses', async () => {
    const s = setup()
    s.setSwitches({ smsSettings: false })
    const answer = await s.client.iys.transactions.save({
      body: [
        { email: s.member('email').address, requestId: 'r', transactionId: 't' },
        { number: s.member('sms').address, requestId: 'r', transactionId: 't' },
      ],
    })
    expect(answer.results.map((r) => r.code ?? r.status)).toEqual(['saved', 'E110'])
    expect(await codeOf(Promise.resolve(answer))).toBe('E110')
  })

  it('keeps the same ids once when a save is repeated', async () => {
    const s = setup()
    const email = s.member('email').address
    const body = [{ email, requestId: 'r1', transactionId: 't1' }]
    await s.client.iys.transactions.save({ body })
    await s.client.iys.transactions.save({ body })
    expect((await s.client.email.get({ email })).iysTransactions).toHaveLength(1)
  })
})
