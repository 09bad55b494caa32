/**
 * The ledger's rules without a store: the one form of an address people are keyed by, and a
 * person's standing per channel (the latest say wins, an opt-out wins a tie, an opt-in counts only
 * with its source and time).
 */
import { describe, expect, it } from 'vitest'
import {
  consentPerson,
  consentVerdict,
  type ConsentEntry,
  type ConsentEvent,
} from '../../src/model/consent.ts'

describe('consentPerson', () => {
  it.each([
    [' Ayse.Yilmaz@Gmail.COM ', 'ayse.yilmaz@gmail.com'],
    // a Turkish keyboard's capital İ: the same person as in lower case
    ['AYSE.İNCE@GMAIL.COM', 'ayse.ince@gmail.com'],
    ['0532 123 45 67', '905321234567'],
    ['+90 (532) 123-4567', '905321234567'],
    ['5321234567', '905321234567'],
  ])('keys %j as %j', (address, person) => expect(consentPerson(address)).toBe(person))

  it.each(['', '   ', undefined, null, '0212 123 45 67', 'not an address'])(
    'keys nobody by %j',
    (address) => expect(consentPerson(address)).toBeUndefined(),
  )
})

const P = 'ayse@example.com'
let seq = 0
/** An entry of P on e-mail, recorded in the order made; `over` changes what the case needs. */
const entry = (over: Partial<ConsentEvent>): ConsentEntry => {
  seq++
  return {
    person: P,
    channel: 'email',
    status: 'denied',
    tool: 'setrow',
    reason: 'unsubscribe',
    at: '2026-03-01T10:00:00.000Z',
    ref: `ref-${seq}`,
    seq,
    recordedAt: '2026-03-15T08:00:00.000Z',
    ...over,
  }
}
const optIn = (at: string, source?: string) =>
  entry({ status: 'allowed', reason: 'iys', at, source })
const optOut = (at: string, tool = 'setrow') => entry({ at, tool })

describe('consentVerdict', () => {
  // each case: the entries in the order recorded, and the entry that must decide (by index), or
  // undefined when nothing may
  const cases: [string, ConsentEntry[], number | undefined][] = [
    ['a later opt-in lifts an opt-out', [optOut('2026-03-01'), optIn('2026-03-02', 'HS_WEB')], 1],
    ['a later opt-out ends an opt-in', [optIn('2026-03-01', 'HS_WEB'), optOut('2026-03-02')], 1],
    [
      'the latest say wins whatever the order recorded',
      [optIn('2026-03-05', 'HS_WEB'), optOut('2026-03-01'), optOut('2026-03-03', 'mailkomplet')],
      0,
    ],
    [
      'an opt-out wins a tie, recorded first',
      [optOut('2026-03-01'), optIn('2026-03-01', 'HS_WEB')],
      0,
    ],
    [
      'an opt-out wins a tie, recorded last',
      [optIn('2026-03-01', 'HS_WEB'), optOut('2026-03-01')],
      1,
    ],
    ['an opt-in without source never counts', [optOut('2026-03-01'), optIn('2026-03-09')], 0],
    [
      'an opt-in of an empty source never counts',
      [optOut('2026-03-01'), optIn('2026-03-09', '')],
      0,
    ],
    ['an opt-in without source decides nothing, even alone', [optIn('2026-03-09')], undefined],
    ['an opt-in without a readable time never counts', [optIn('last week', 'HS_WEB')], undefined],
    [
      "other persons' and channels' entries are ignored",
      [
        optOut('2026-03-01'),
        entry({
          person: 'other@example.com',
          status: 'allowed',
          source: 'HS_WEB',
          at: '2026-03-09',
        }),
        entry({ channel: 'sms', status: 'allowed', source: 'HS_WEB', at: '2026-03-09' }),
      ],
      0,
    ],
    [
      'nothing of this person on this channel: undefined',
      [entry({ person: 'other@example.com' }), entry({ channel: 'whatsapp' })],
      undefined,
    ],
    ['no entries at all: undefined', [], undefined],
  ]

  it.each(cases)('%s', (_, entries, decides) => {
    const verdict = consentVerdict(entries, P, 'email')
    if (decides === undefined) return expect(verdict).toBeUndefined()
    const by = entries[decides]!
    expect(verdict).toMatchObject({ person: P, channel: 'email', status: by.status, decidedBy: by })
  })

  it('decides the same whatever the order of the entries, an unreadable time among them', () => {
    // a tool's date it could not read reaches the ledger as its text (setrowInstant, pragueInstant)
    const entries = [optOut('2026-13-45 25:00:00'), optIn('2026-03-09', 'HS_WEB')]
    const forward = consentVerdict(entries, P, 'email')
    const backward = consentVerdict([...entries].reverse(), P, 'email')
    expect(backward?.decidedBy).toEqual(forward?.decidedBy)
  })

  it.each([
    // the tool's own say, then nothing against it: it holds the standing
    [
      'its say stands',
      [optOut('2026-03-01', 'loyaltii'), optOut('2026-03-02')],
      ['loyaltii', 'setrow'],
    ],
    // kopru wrote the opt-in over Loyaltii's limit: its older opt-out no longer holds there
    [
      'an opt-in came after its say',
      [optOut('2026-03-01', 'loyaltii'), optIn('2026-03-02', 'HS_WEB'), optOut('2026-03-03')],
      ['setrow'],
    ],
    [
      'it said so again after the opt-in',
      [
        optOut('2026-03-01', 'loyaltii'),
        optIn('2026-03-02', 'HS_WEB'),
        optOut('2026-03-03'),
        optOut('2026-03-04', 'loyaltii'),
      ],
      ['loyaltii', 'setrow'],
    ],
    [
      'an opt-in without source, which counts nowhere, came after',
      [optOut('2026-03-01', 'loyaltii'), optIn('2026-03-02'), optOut('2026-03-03')],
      ['loyaltii', 'setrow'],
    ],
  ])('hears a tool hold the standing when %s', (_, entries, heardBy) => {
    expect(consentVerdict(entries, P, 'email')?.heardBy).toEqual(heardBy)
  })

  it('decides each channel apart for the same person', () => {
    const entries = [
      optOut('2026-03-01'),
      entry({ channel: 'sms', status: 'allowed', source: 'HS_WEB' }),
    ]
    expect(consentVerdict(entries, P, 'email')?.status).toBe('denied')
    expect(consentVerdict(entries, P, 'sms')?.status).toBe('allowed')
    expect(consentVerdict(entries, P, 'whatsapp')).toBeUndefined()
  })
})
