/**
 * Segments through the client against the emulator: every operation and its failures, the contact
 * counts as unions over segments (a table of cases computed from the contacts themselves), and
 * segments following the contacts of part 1 as they change and go.
 */
import { describe, expect, it } from 'vitest'
import { encodeVersion, instantOf } from '../../../src/apis/loyaltii/codecs.ts'
import type { StoredContact } from '../../../src/apis/loyaltii/emulator/state.ts'
import { segmentOperations } from '../../../src/apis/loyaltii/operations/segments.ts'
import { checkOperations, type Check, type Failure } from './checks.ts'
import { NOW, setup, type Setup } from './setup.ts'

const DAY = 86_400_000

/** What each seeded segment holds, worked out from the contacts here, not by the emulator. */
const rules: Record<number, (c: StoredContact, s: Setup) => boolean> = {
  1: (c) => c.Dynamic.PermissionEmail === true,
  2: (c) => c.Dynamic.MemberLevel === 'Guld',
  3: (c) => c.Dynamic.MemberLevel === 'Sølv' || c.Dynamic.MemberLevel === 'Guld',
  8: (c, s) => s.state.segments.get(8)!.ContactIds!.includes(c.Id),
  9: (c, s) => s.state.segments.get(9)!.ContactIds!.includes(c.Id),
}
const expected = (s: Setup, ids: number[]) =>
  [...s.state.contacts.values()].filter((c) => ids.some((id) => rules[id]!(c, s)))
const idsOf = (s: Setup, id: number) => expected(s, [id]).map((c) => c.Id)

const success: Record<keyof typeof segmentOperations, Check> = {
  'segments.list': async (s) => {
    const folder = await s.client.segments.list({ folderId: 2 })
    expect(folder.map((x) => x.Name)).toEqual([
      'Guld-medlemmer',
      'Sølv- og guldmedlemmer',
      'Over 1000 bonuspoint',
    ])
    expect(await s.client.segments.list({ folderId: 99 })).toEqual([])
  },
  'segments.countContacts': async (s) => {
    expect(await s.client.segments.countContacts({ s: [2, 3] })).toBe(expected(s, [2, 3]).length)
  },
  'segments.get': async (s) => {
    expect(await s.client.segments.get({ id: 2 })).toEqual({
      Id: 2,
      Name: 'Guld-medlemmer',
      FolderId: 2,
      Type: 'VisualBuilder',
      Description: 'Medlemmer på guldniveau',
    })
  },
  'segments.listContactIds': async (s) => {
    const ids = await s.client.segments.listContactIds({ id: 2 })
    expect(ids.length).toBeGreaterThan(0)
    expect(ids).toEqual(idsOf(s, 2))
  },
  'segments.listContactsBaseInfo': async (s) => {
    const info = await s.client.segments.listContactsBaseInfo({ id: 8 })
    expect(info).toHaveLength(5)
    const first = s.state.contacts.get(info[0]!.Id)!
    expect(info[0]).toEqual({
      Id: first.Id,
      Secret: first.Secret,
      Email: first.Email,
      Phone: first.Phone,
      FirstName: first.FirstName,
      LastName: first.LastName,
    })
  },
  'segments.createFromContactIds': async (s) => {
    const made = await s.client.segments.createFromContactIds({
      FolderId: 4,
      Name: 'Påskevindere',
      ContactIds: [3, 1, 3, 99999],
    })
    expect(made).toMatchObject({ Name: 'Påskevindere', FolderId: 4, Type: 'List' })
    expect(await s.client.segments.listContactIds({ id: made.Id })).toEqual([1, 3])
  },
  'segments.countContactsByBody': async (s) => {
    const count = await s.client.segments.countContactsByBody({ SegmentIds: [8, 9, 8] })
    expect(count).toBe(expected(s, [8, 9]).length)
  },
}

const failures: Failure[] = [
  [
    'segments.countContacts',
    'an unknown segment',
    (s) => s.client.segments.countContacts({ s: [1, 99999] }),
    'notFound',
    404,
  ],
  [
    'segments.get',
    'an unknown id',
    (s) => s.client.request('segments.get', { id: 99999 }),
    'notFound',
    404,
  ],
  [
    'segments.listContactIds',
    'an unknown id',
    (s) => s.client.segments.listContactIds({ id: 99999 }),
    'notFound',
    404,
  ],
  [
    'segments.listContactsBaseInfo',
    'an unknown id',
    (s) => s.client.segments.listContactsBaseInfo({ id: 99999 }),
    'notFound',
    404,
  ],
  [
    'segments.createFromContactIds',
    'a folder the account does not have',
    (s) => s.client.segments.createFromContactIds({ FolderId: 99, Name: 'X', ContactIds: [1] }),
    'invalidFolder',
    400,
  ],
  [
    'segments.countContactsByBody',
    'an unknown segment',
    (s) => s.client.segments.countContactsByBody({ SegmentIds: [99999] }),
    'notFound',
    404,
  ],
]

checkOperations(segmentOperations, success, failures, { everyCode: true })

describe('contact counts over segments', () => {
  const s = setup()
  it.each([[[2]], [[3]], [[2, 3]], [[1, 2]], [[1, 8]], [[8, 9]], [[2, 2]], [[]]])(
    'counts %j as the contacts in any of them, each once',
    async (ids) => {
      const want = expected(s, ids).length
      expect(await s.client.segments.countContacts({ s: ids })).toBe(want)
      expect(await s.client.segments.countContactsByBody({ SegmentIds: ids })).toBe(want)
    },
  )

  it('sends the ids as an indexed list, and reads that, repeated fields and a single one', async () => {
    expect(s.client.prepare('segments.countContacts', { s: [2, 3] }).url.search).toBe(
      '?s%5B0%5D=2&s%5B1%5D=3',
    )
    const want = expected(s, [2, 3]).length
    for (const query of ['s[1]=3&s[0]=2', 's=2&s=3', 's=2&s[0]=3'])
      expect((await s.raw('GET', `/api/v1/Segments/GetContactCount?${query}`)).body).toBe(want)
    expect((await s.raw('GET', '/api/v1/Segments/GetContactCount?s=2')).body).toBe(
      idsOf(s, 2).length,
    )
  })

  it('refuses an id that is not a number with Web API’s model state', async () => {
    const answer = await s.raw('GET', '/api/v1/Segments/GetContactCount?s[0]=2&s[1]=x')
    expect(answer.status).toBe(400)
    expect(answer.body).toEqual({
      Message: 'The request is invalid.',
      ModelState: { 's[1]': ['The value is not valid for s.'] },
    })
  })
})

describe('segments follow the contacts', () => {
  it('drops a deleted contact from every segment, rule and list alike', async () => {
    const s = setup()
    const gone = [...s.state.contacts.values()].find(
      (c) => rules[1]!(c, s) && rules[2]!(c, s) && !rules[8]!(c, s),
    )!
    const list = await s.client.segments.createFromContactIds({
      FolderId: 1,
      Name: 'Med den slettede',
      ContactIds: [gone.Id, 1],
    })
    const before = await Promise.all(
      [1, 2, 3, list.Id].map((id) => s.client.segments.listContactIds({ id })),
    )
    await s.client.contacts.delete({ id: gone.Id })
    const after = await Promise.all(
      [1, 2, 3, list.Id].map((id) => s.client.segments.listContactIds({ id })),
    )
    after.forEach((ids, i) => {
      expect(before[i]).toContain(gone.Id)
      expect(ids).toEqual(before[i]!.filter((id) => id !== gone.Id))
    })
    expect(await s.client.segments.countContacts({ s: [1, 2, 3, list.Id] })).toBe(
      new Set(after.flat()).size,
    )
  })

  it('takes a contact into a rule segment once a write makes it meet the rule', async () => {
    const s = setup()
    const bronze = [...s.state.contacts.values()].find((c) => c.Dynamic.MemberLevel === 'Bronze')!
    expect(await s.client.segments.listContactIds({ id: 2 })).not.toContain(bronze.Id)
    await s.client.contacts.patch({
      id: bronze.Id,
      Version: encodeVersion(bronze.Version),
      MemberLevel: 'Guld',
    })
    expect(await s.client.segments.listContactIds({ id: 2 })).toContain(bronze.Id)
  })

  it('computes the Sql and template segments from orders, points and birthdays', async () => {
    const s = setup()
    const now = NOW.getTime()
    const recent = (c: StoredContact) =>
      [...(s.state.ordersByContact.get(c.Id) ?? [])].some(
        (o) => now - instantOf(o.OriginDate ?? o.LastModified) < 91 * DAY,
      )
    const rich = (c: StoredContact) =>
      (s.state.pointsByContact.get(c.Id) ?? [])
        .filter((p) => p.Type === 'Bonuspoint')
        .reduce((sum, p) => sum + p.Amount, 0) >= 1000
    const march = (c: StoredContact) =>
      typeof c.Dynamic.Birthday === 'string' && c.Dynamic.Birthday.slice(5, 7) === '03'
    const all = [...s.state.contacts.values()]
    for (const [id, test] of [
      [4, recent],
      [5, rich],
      [6, march],
    ] as const)
      expect(await s.client.segments.listContactIds({ id })).toEqual(
        all.filter(test).map((c) => c.Id),
      )
  })
})
