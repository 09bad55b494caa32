import { describe, expect, it } from 'vitest'
import {
  BulkImportFailedError,
  BulkImportTimeoutError,
  createMailKompletClient,
} from '../../../src/apis/mailkomplet/client.ts'
import { view } from '../../../src/apis/mailkomplet/emulator/contacts.ts'
import { UnexpectedAnswerError } from '../../../src/core/errors.ts'
import { fakeClock } from '../../support/clock.ts'
import { refused, setup, type Setup } from './support.ts'

const firstList = (s: Setup) => s.state.data.mailingLists[0]!.mailingListId
const membersOf = (s: Setup, id: number) =>
  s.state.data.contacts.filter((c) => c.lists.some((l) => l.mailingListId === id))

describe('mailing lists', () => {
  it.each([
    [true, 'keeps the members in the database'],
    [false, 'deletes the members with the list'],
  ])('delete with unassign=%s %s', async (unassign, _what) => {
    const s = setup()
    const id = firstList(s)
    const members = membersOf(s, id).map((c) => c.contactId)
    expect(members.length).toBeGreaterThan(0)
    await s.mk.mailingLists.delete({ mailingListIds: [id], unassign })
    const left = members.filter((m) => s.state.contactById(m))
    expect(left).toHaveLength(unassign ? members.length : 0)
  })

  it('deletes several lists given with , ; and | as the seed allows', async () => {
    const s = setup()
    const [a, b, c] = s.state.data.mailingLists.map((l) => l.mailingListId)
    const answer = await s.raw('DELETE', `/mailingLists?mailingListIds=${a};${b}|${c}`)
    expect(answer.status).toBe(200)
    expect(s.state.data.mailingLists).toHaveLength(1)
  })

  it.each([
    [
      'a name another list has',
      (s: Setup) => ({ name: s.state.data.mailingLists[1]!.name.toUpperCase() }),
    ],
    ['an empty name', () => ({ name: ' ' })],
  ])('refuses an update to %s with 400', async (_what, body) => {
    const s = setup()
    const answer = await s.raw('PUT', `/mailingLists/${firstList(s)}`, { body: body(s) })
    expect(answer.status).toBe(400)
  })

  it('reports a contact assignment and campaign availability per list', async () => {
    const s = setup()
    const contact = s.state.data.contacts.find((c) => c.lists.length)!
    const on = contact.lists[0]!
    const campaign = s.state.data.campaigns.find((c) => c.mailingListIds.length)!
    const page = await s.mk.mailingLists.list({
      contactId: contact.contactId,
      campaignId: campaign.campaignId,
    })
    for (const list of page.data) {
      const member = list.mailingListId === on.mailingListId
      if (member)
        expect(list).toMatchObject({ availableForContact: false, contactAssigned: on.assigned })
      expect(list.availableForCampaign).toBe(!campaign.mailingListIds.includes(list.mailingListId))
    }
  })

  it('filters test lists with isTesting', async () => {
    const s = setup()
    const tests = await s.mk.mailingLists.list({ isTesting: true })
    expect(tests.data.every((l) => l.isTest)).toBe(true)
    expect(tests.totalRecordCount).toBe(s.state.data.mailingLists.filter((l) => l.isTest).length)
  })
})

describe('contacts', () => {
  it('updates the contact with the same address, whatever its case, instead of making another', async () => {
    const s = setup()
    const c = s.state.data.contacts[0]!
    const { contactId } = await s.mk.contacts.create({
      email: c.email.toUpperCase(),
      company: 'Optika',
    })
    expect(contactId).toBe(c.contactId)
    expect(
      s.state.data.contacts.filter((x) => x.email.toLowerCase() === c.email.toLowerCase()),
    ).toHaveLength(1)
  })

  it('adds the given lists and keeps the others (assumed)', async () => {
    const s = setup()
    const c = s.state.data.contacts.find((x) => x.lists.length === 1)!
    const other = s.state.data.mailingLists.find(
      (l) => l.mailingListId !== c.lists[0]!.mailingListId,
    )!
    await s.mk.contacts.update({ contactId: c.contactId, mailingListIds: [other.mailingListId] })
    expect(c.lists.map((l) => l.mailingListId).sort()).toEqual(
      [c.lists[0]!.mailingListId, other.mailingListId].sort(),
    )
  })

  it('refuses to give a contact the address another one has', async () => {
    const s = setup()
    const [a, b] = s.state.data.contacts
    await refused(s.mk.contacts.update({ contactId: a!.contactId, email: b!.email }), 400)
    expect(a!.email).not.toBe(b!.email)
  })

  it.each([
    ['with mailingListId: only from that list', true],
    ['without: from the database', false],
  ])('deletes %s', async (_what, fromList) => {
    const s = setup()
    const c = s.state.data.contacts.find((x) => x.lists.length)!
    const listId = c.lists[0]!.mailingListId
    await s.mk.contacts.delete({
      contactIds: [c.contactId],
      ...(fromList ? { mailingListId: listId } : {}),
    })
    expect(s.state.contactById(c.contactId) !== undefined).toBe(fromList)
    if (fromList) expect(c.lists.some((l) => l.mailingListId === listId)).toBe(false)
  })

  it('greets in Czech vocative through the system columns', async () => {
    const s = setup()
    const { contactId } = await s.mk.contacts.create({
      email: 'jan@webkomplet.cz',
      name: 'Jan',
      surname: 'Novák',
      sex: true,
    })
    const [c] = (await s.mk.contacts.list({ contactId })).data
    expect(c!.customColumns).toMatchObject({
      cc_wk_pane_pani: 'Pane Nováku',
      cc_wk_mily_mila: 'Milý pane Nováku',
    })
  })
})

describe('custom columns: written by name, read as cc_ + name', () => {
  const write = async (s: Setup, customColumns: object) =>
    s.raw('POST', '/contacts', { body: { email: 'sloupce@example.cz', customColumns } })
  const read = (s: Setup) =>
    s.mk.contacts.list({ email: 'sloupce@example.cz' }).then((p) => p.data[0]!.customColumns)

  it.each([
    ['a known column by name', { mesto: 'Brno' }, { cc_mesto: 'Brno' }],
    ['a known column by its cc_ name', { cc_mesto: 'Zlín' }, { cc_mesto: 'Zlín' }],
    ['an unknown column, created as text', { ps_country: 'CZ' }, { cc_ps_country: 'CZ' }],
    [
      'an unknown boolean, created as a boolean column',
      { ps_consent: true },
      { cc_ps_consent: true },
    ],
    ['an integer column from numeric text', { vernostni_body: '120' }, { cc_vernostni_body: 120 }],
    [
      'a date column',
      { last_order: '2026-01-09 09:46:17' },
      { cc_last_order: '2026-01-09T09:46:17' },
    ],
  ])('takes %s', async (_what, values, expected) => {
    const s = setup()
    expect((await write(s, values)).status).toBe(201)
    expect(await read(s)).toMatchObject(expected)
  })

  // each beside a column the write would create: a refused write creates none
  it.each([
    ['text in an integer column', () => ({ vernostni_body: 'hodně' }) as object, null],
    ['a system column', () => ({ wk_pane_pani: 'Pane X' }), null],
    [
      'a disabled column',
      () => ({ mesto: 'Brno' }),
      (s: Setup) =>
        void (s.state.data.customColumns.find((c) => c.name === 'mesto')!.disabled = true),
    ],
    [
      'a value a unique column has on another contact',
      (s: Setup) => ({ mesto: s.state.data.contacts[0]!.columns.mesto }),
      (s: Setup) =>
        void (s.state.data.customColumns.find((c) => c.name === 'mesto')!.unique = true),
    ],
    ['a name a column cannot have', () => ({ 'bad name!': 'x' }), null],
    ['an empty name', () => ({ cc_: 'x' }), null],
    [
      'a required column left out',
      () => ({}),
      (s: Setup) => s.mk.customColumns.create({ dataTypeId: 1, name: 'pobocka', required: true }),
    ],
    [
      'a value below the column’s least',
      () => ({ skore: 3 }),
      (s: Setup) => s.mk.customColumns.create({ dataTypeId: 2, name: 'skore', minValue: 5 }),
    ],
  ])('refuses %s with 400 and changes nothing', async (_what, values, prepare) => {
    const s = setup()
    await prepare?.(s)
    const columns = s.state.data.customColumns.length
    const answer = await write(s, { novy_sloupec: 'x', ...values(s) })
    expect(answer.status).toBe(400)
    expect(s.state.contactByEmail('sloupce@example.cz')).toBeUndefined()
    expect(s.state.data.customColumns).toHaveLength(columns)
  })

  it('creates no column for an update refused for its address, nor for a refused import row', async () => {
    const s = setup()
    const [a, b] = s.state.data.contacts
    const columns = s.state.data.customColumns.length
    const update = await s.raw('PUT', `/contacts/${a!.contactId}`, {
      body: { email: b!.email, customColumns: { novy_sloupec: 'x' } },
    })
    expect(update.status).toBe(400)
    const info = await s.mk.contacts.importAndWait(
      {
        preImportAction: 0,
        contactOverwriteMode: 1,
        contacts: [
          { email: 'radek@example.cz', customColumns: { dalsi: 'x', vernostni_body: 'x' } },
        ],
      },
      { pollMs: 0 },
    )
    expect(info.status).toBe('FinishedWithErrors')
    expect(s.state.data.customColumns).toHaveLength(columns)
  })

  it('fills a column a new contact leaves out with its default, and keeps a value given', async () => {
    const s = setup()
    await s.mk.customColumns.create({ dataTypeId: 2, name: 'uroven', defaultValue: 1 })
    expect((await write(s, {})).status).toBe(201)
    expect(await read(s)).toMatchObject({ cc_uroven: 1 })
    await s.mk.contacts.create({ email: 'dalsi@example.cz', customColumns: { uroven: 3 } })
    const [c] = (await s.mk.contacts.list({ email: 'dalsi@example.cz' })).data
    expect(c!.customColumns).toMatchObject({ cc_uroven: 3 })
  })

  it.each([
    ['bounds out of order', { dataTypeId: 2, minValue: 5, maxValue: 1 }],
    ['a bound not of the type', { dataTypeId: 4, minValue: 'včera' }],
    ['a default out of bounds', { dataTypeId: 3, maxValue: 10, defaultValue: 50 }],
    ['a default not of the type', { dataTypeId: 2, defaultValue: 'hodně' }],
  ])('refuses a column with %s', async (_what, fields) => {
    const s = setup()
    const columns = s.state.data.customColumns.length
    const answer = await s.raw('POST', '/customColumns', { body: { name: 'skore', ...fields } })
    expect(answer.status).toBe(400)
    expect(s.state.data.customColumns).toHaveLength(columns)
  })

  it('keeps integer, decimal and date values within their column’s bounds', async () => {
    const s = setup()
    await s.mk.customColumns.create({ dataTypeId: 2, name: 'skore', minValue: 1, maxValue: 5 })
    await s.mk.customColumns.create({
      dataTypeId: 4,
      name: 'narozeni',
      minValue: '1900-01-01',
      maxValue: '2026-01-01',
    })
    for (const [values, status] of [
      [{ skore: 5 }, 201],
      [{ skore: 6 }, 400],
      [{ skore: '0' }, 400],
      [{ narozeni: '1980-05-01' }, 201],
      [{ narozeni: '1899-12-31 23:59:59' }, 400],
      [{ narozeni: '2001-02-29' }, 400],
    ] as const) {
      const answer = await s.raw('POST', '/contacts', {
        body: { email: `${Object.values(values)[0]}@example.cz`, customColumns: values },
      })
      expect(answer.status, JSON.stringify(values)).toBe(status)
    }
  })

  it('refuses a type or uniqueness the values held do not fit, and converts those that do', async () => {
    const s = setup()
    const mesto = s.state.data.customColumns.find((c) => c.name === 'mesto')!
    const cities = s.state.data.contacts.map((c) => c.columns.mesto)
    expect(new Set(cities).size).toBeLessThan(cities.filter((c) => c != null).length)
    for (const change of [{ dataTypeId: 2 }, { unique: true }] as const) {
      const answer = await s.raw('PUT', '/customColumns', { body: { name: 'mesto', ...change } })
      expect(answer.status, JSON.stringify(change)).toBe(400)
    }
    expect(mesto).toMatchObject({ dataTypeId: 1, unique: false })
    expect(s.state.data.contacts.map((c) => c.columns.mesto)).toEqual(cities)
    const [a, b] = s.state.data.contacts
    await s.mk.contacts.update({ contactId: a!.contactId, customColumns: { kod: '120' } })
    await s.mk.contacts.update({ contactId: b!.contactId, customColumns: { kod: '7' } })
    await s.mk.customColumns.update({ name: 'kod', dataTypeId: 2, unique: true })
    expect([a!.columns.kod, b!.columns.kod]).toEqual([120, 7])
  })

  it('reads a column named as a member every object has as the contact’s own value', async () => {
    const s = setup()
    await s.mk.customColumns.create({ dataTypeId: 1, name: 'constructor' })
    const page = (await s.raw('GET', '/contacts?pageSize=2')).body as {
      data: { customColumns: Record<string, unknown> }[]
    }
    expect(page.data[0]!.customColumns).toHaveProperty('cc_constructor', null)
    expect((await write(s, { constructor: 'x' })).status).toBe(201)
    expect(await read(s)).toMatchObject({ cc_constructor: 'x' })
  })

  it('refuses a new contact without a required column that has no default', async () => {
    const s = setup()
    await s.mk.customColumns.create({ dataTypeId: 1, name: 'pobocka', required: true })
    expect((await write(s, {})).status).toBe(400)
    await s.mk.customColumns.update({ name: 'pobocka', defaultValue: 'Praha' })
    expect((await write(s, {})).status).toBe(201)
    expect(await read(s)).toMatchObject({ cc_pobocka: 'Praha' })
  })

  it('renames a column by id and carries the values over', async () => {
    const s = setup()
    const column = s.state.data.customColumns.find((c) => c.name === 'mesto')!
    const before = s.state.data.contacts[0]!.columns.mesto
    await s.mk.customColumns.update({ customColumnId: column.customColumnId, name: 'obec' })
    const [c] = (await s.mk.contacts.list({ contactId: s.state.data.contacts[0]!.contactId })).data
    expect(c!.customColumns.cc_obec).toBe(before)
    expect(c!.customColumns).not.toHaveProperty('cc_mesto')
  })

  it('lists each page as the contacts are now, whatever changed them since the last read', async () => {
    const s = setup()
    const page = { pageSize: 1000 }
    const fresh = () =>
      s.state.data.contacts.map((c) => JSON.parse(JSON.stringify(view(s.state, c))))
    const listed = async () =>
      (await s.mk.contacts.list(page)).data.map((c) => JSON.parse(JSON.stringify(c)))
    const wire = async () =>
      (await s.raw('GET', '/contacts?pageSize=1000')).body as { data: unknown[] }
    expect(await wire()).toMatchObject({ data: fresh() })
    const [a, b] = s.state.data.contacts
    const column = s.state.data.customColumns.find((c) => c.name === 'mesto')!
    const changes: [string, () => unknown][] = [
      ['an update', () => s.mk.contacts.update({ contactId: a!.contactId, company: 'Optika' })],
      [
        'a column value',
        () =>
          s.mk.contacts.update({ contactId: b!.contactId, customColumns: { cc_mesto: 'Brno' } }),
      ],
      [
        'a renamed column',
        () => s.mk.customColumns.update({ customColumnId: column.customColumnId, name: 'obec' }),
      ],
      [
        'a new column',
        () => s.mk.customColumns.create({ dataTypeId: 1, name: 'pobocka', defaultValue: 'Praha' }),
      ],
      ['an edit of the state itself', () => void (a!.surname = 'Nováková')],
      ['a value edited in place', () => void (b!.columns.obec = 'Ostrava')],
      ['a deletion', () => s.mk.contacts.delete({ contactIds: [b!.contactId] })],
    ]
    for (const [what, change] of changes) {
      await change()
      expect((await wire()).data, what).toEqual(fresh())
      expect(await listed(), what).toEqual(fresh())
    }
    expect(a!.surname).toBe('Nováková')
  })

  it('deletes a column through the seed’s DELETE /contacts?id= heading', async () => {
    const s = setup()
    const column = s.state.data.customColumns.find((c) => c.name === 'mesto')!
    const answer = await s.raw('DELETE', `/contacts?id=${column.customColumnId}`)
    expect(answer.status).toBe(200)
    expect(column.deleted).not.toBeNull()
    expect(s.state.data.contacts).toHaveLength(60)
  })
})

describe('bulk import', () => {
  const contacts = [{ email: 'jan@webkomplet.cz', name: 'Jan' }, { email: 'martin@webkomplet.cz' }]

  it('runs in chunks: Waiting, InProgress, then SuccessfulyFinished', async () => {
    const s = setup()
    s.set({ bulkChunk: 1 })
    const { operationId } = await s.mk.contacts.import({
      preImportAction: 0,
      contactOverwriteMode: 1,
      contacts,
    })
    expect(s.state.data.imports.at(-1)!.status).toBe('Waiting')
    expect((await s.mk.contacts.bulkInfo({ operationId })).status).toBe('InProgress')
    expect((await s.mk.contacts.bulkInfo({ operationId })).status).toBe('SuccessfulyFinished')
  })

  it('reports a bad row and imports the rest', async () => {
    const s = setup()
    const info = await s.mk.contacts.importAndWait(
      {
        preImportAction: 0,
        contactOverwriteMode: 1,
        contacts: [...contacts, { email: 'not-an-address' }],
      },
      { pollMs: 0 },
    )
    expect(info.status).toBe('FinishedWithErrors')
    expect(info.errors).toMatch(/contact 2 \(not-an-address\)/)
    expect(s.state.contactByEmail('martin@webkomplet.cz')).toBeDefined()
  })

  it('trims an address given with blanks, as a single create does', async () => {
    const s = setup()
    const info = await s.mk.contacts.importAndWait(
      { preImportAction: 0, contactOverwriteMode: 1, contacts: [{ email: '  jana@example.cz\t' }] },
      { pollMs: 0 },
    )
    expect(info.status).toBe('SuccessfulyFinished')
    expect(s.state.contactByEmail('jana@example.cz')).toMatchObject({ email: 'jana@example.cz' })
  })

  it.each([
    [0, { name: 'Původní', company: 'Firma' }],
    [1, { name: 'Nové', company: 'Firma' }],
    [2, { name: 'Nové', company: null }],
  ])('contactOverwriteMode %i leaves an existing contact as %j', async (mode, expected) => {
    const s = setup()
    await s.mk.contacts.create({ email: 'exist@example.cz', name: 'Původní', company: 'Firma' })
    await s.mk.contacts.importAndWait(
      {
        preImportAction: 0,
        contactOverwriteMode: mode as 0 | 1 | 2,
        contacts: [{ email: 'exist@example.cz', name: 'Nové' }],
      },
      { pollMs: 0 },
    )
    expect(s.state.contactByEmail('exist@example.cz')).toMatchObject(expected)
  })

  it.each([
    [0, true],
    [1, false],
  ])('preImportAction %i keeps the lists’ other members: %s', async (action, kept) => {
    const s = setup()
    const id = firstList(s)
    const before = membersOf(s, id).length
    await s.mk.contacts.importAndWait(
      { preImportAction: action as 0 | 1, contactOverwriteMode: 1, mailingListIds: [id], contacts },
      { pollMs: 0 },
    )
    expect(membersOf(s, id).length).toBe(kept ? before + 2 : 2)
  })
})

describe('importAndWait against getBulkInfo answers', () => {
  /** A client whose import answers op-1 and whose getBulkInfo answers `statuses` in turn. */
  function answering(statuses: string[], errorMessage: string | null = null) {
    const polls: string[] = []
    const clock = fakeClock()
    const mk = createMailKompletClient({
      baseUrl: 'https://api.mail-komplet.cz/api/crypt',
      apiKey: 'k',
      retry: false,
      clock,
      logger: { warn: () => {} },
      fetch: async (input, init) => {
        const method = input instanceof Request ? input.method : (init?.method ?? 'GET')
        if (method === 'POST') return Response.json({ data: { operationId: 'op-1' } })
        const status = statuses[Math.min(polls.length, statuses.length - 1)]!
        polls.push(status)
        return Response.json({ data: { status, errors: null, errorMessage } })
      },
    })
    const wait = () =>
      mk.contacts.importAndWait(
        { preImportAction: 0, contactOverwriteMode: 1, contacts: [{ email: 'jan@example.cz' }] },
        { pollMs: 1000, timeoutMs: 60_000 },
      )
    return { wait, polls, clock }
  }

  it('asks again while Waiting or InProgress and answers the finished import', async () => {
    const { wait, polls } = answering(['Waiting', 'InProgress', 'InProgress', 'FinishedWithErrors'])
    expect(await wait()).toMatchObject({ status: 'FinishedWithErrors', operationId: 'op-1' })
    expect(polls).toHaveLength(4)
  })

  it('refuses at once a status Mail Komplet does not use, never waiting on it', async () => {
    for (const status of ['Completed', 'successfulyfinished', '']) {
      const { wait, polls, clock } = answering(['Waiting', status])
      const error = await wait().catch((e: unknown) => e)
      expect(error, status).toBeInstanceOf(UnexpectedAnswerError)
      expect((error as Error).message).toContain(JSON.stringify(status))
      expect(polls).toHaveLength(2)
      expect(clock.sleeps).toEqual([1000])
    }
  })

  it('rejects a Failed import with its reason, and no later than it is known', async () => {
    const { wait, polls } = answering(['InProgress', 'Failed'], 'Import failed: invalid file')
    const error = await wait().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BulkImportFailedError)
    expect(error).toMatchObject({
      operationId: 'op-1',
      last: { status: 'Failed', errorMessage: 'Import failed: invalid file' },
    })
    expect((error as Error).message).toContain('Import failed: invalid file')
    expect(polls).toHaveLength(2)
  })

  it('gives up on an import still running when the wait ends, naming its status', async () => {
    const { wait } = answering(['InProgress'])
    const error = await wait().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BulkImportTimeoutError)
    expect((error as Error).message).toMatch(/still InProgress/)
  })
})

describe('subscribe requests (double opt-in)', () => {
  it('waits for the confirmation when the dispatcher verifies, then subscribes', async () => {
    const s = setup()
    const dispatcher = s.state.data.dispatchers.find((d) => d.useSubscribeAuthentication)!
    const { subscribeRequestId } = await s.mk.contacts.subscribe({
      email: 'potvrdit@example.cz',
      dispatcherId: dispatcher.dispatcherId,
      mailingListIds: [firstList(s)],
    })
    expect(s.state.contactByEmail('potvrdit@example.cz')).toBeUndefined()
    const confirm = await s.e.app.request(
      `/__kopru/subscribe-requests/${subscribeRequestId}/confirm`,
      {
        method: 'POST',
        headers: { host: 'localhost', 'content-type': 'application/json' },
      },
    )
    expect(confirm.status).toBe(200)
    expect(s.state.contactByEmail('potvrdit@example.cz')).toMatchObject({ confirmed: true })
  })

  it('subscribes at once through a dispatcher without verification', async () => {
    const s = setup()
    const dispatcher = s.state.data.dispatchers.find((d) => !d.useSubscribeAuthentication)!
    await s.mk.contacts.subscribe({
      email: 'hned@example.cz',
      dispatcherId: dispatcher.dispatcherId,
    })
    expect(s.state.contactByEmail('hned@example.cz')).toMatchObject({ confirmed: true })
  })
})
