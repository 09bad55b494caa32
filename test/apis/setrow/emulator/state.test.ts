import { describe, expect, it } from 'vitest'
import type { SetrowData } from '../../../../src/apis/setrow/emulator/store.ts'
import { setup, type Setup } from '../setup.ts'

/** The emulator's state as the admin API gives it, changed by `edit`, put back. */
async function putState(s: Setup, edit: (dump: SetrowData) => void) {
  const dump = JSON.parse(JSON.stringify(s.emulator.dump())) as SetrowData
  edit(dump)
  return s.raw('PUT', '/__kopru/state', { body: JSON.stringify(dump) })
}

const entry = (address: string) => ({ address, date: '2026-03-10 10:00:00' })

describe('a state put through the admin API', () => {
  it('keys addresses as the API reads them, so they are found', async () => {
    const s = setup()
    const answer = await putState(s, (dump) => {
      dump.lists.junk.push(entry('Junk.Person@Ex.com'))
      dump.lists.unsubscribeSms.push(entry('0532 111 22 33'))
      dump.contacts.email[0]!.address = 'Mixed.Case@Ex.com'
      dump.favorites['Fav@Ex.com'] = [{ productCode: 'X', addedAt: '2026-03-10 10:00:00' }]
    })
    expect(answer).toEqual({ status: 200, body: { ok: true } })
    expect(await s.client.junk.status({ email: 'junk.person@ex.com' })).toMatchObject({
      junk: true,
    })
    expect(await s.client.unsubscribe.sms.status({ number: '5321112233' })).toMatchObject({
      unsubscribed: true,
    })
    expect((await s.client.email.get({ email: 'mixed.case@ex.com' })).email).toBe(
      'mixed.case@ex.com',
    )
    expect(await s.client.favorites.list({ email: 'fav@ex.com' })).toHaveLength(1)
  })

  it.each<[string, (dump: SetrowData) => void, RegExp]>([
    [
      'a junk address that is none',
      (d) => d.lists.junk.push(entry('not an address')),
      /lists\.junk\.\d+\.address: not an e-mail address/,
    ],
    [
      'an SMS number that is none',
      (d) => d.lists.unsubscribeSms.push(entry('123')),
      /lists\.unsubscribeSms\.\d+\.address: not a GSM number/,
    ],
    [
      'a log time with a T',
      (d) => (d.iysLogs[0]!.sentAt = '2026-03-15T09:00:00'),
      /iysLogs\.0\.sentAt: expected a time as yyyy-mm-dd hh:mm:ss/,
    ],
    [
      'a list date of no real day',
      (d) => d.lists.junk.push({ address: 'a@ex.com', date: '2026-02-30 10:00:00' }),
      /lists\.junk\.\d+\.date/,
    ],
    [
      'a contact time past midnight',
      (d) => (d.contacts.email[0]!.createdAt = '2026-03-15 25:00:00'),
      /contacts\.email\.0\.createdAt/,
    ],
    [
      'a source its allow status has no row for',
      (d) => Object.assign(d.contacts.email[0]!, { allowStatus: 'N', iysSource: 16 }),
      /contacts\.email\.0\.iysSource/,
    ],
  ])('refuses with 400 %s', async (_, edit, where) => {
    const s = setup()
    const before = JSON.stringify(s.emulator.dump())
    const answer = await putState(s, edit)
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatch(where)
    expect(JSON.stringify(s.emulator.dump())).toBe(before)
  })
})
