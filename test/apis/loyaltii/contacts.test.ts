/**
 * Contacts' rules, as tables of cases: unique e-mail and phone, the row version, PUT against
 * PATCH, dynamic fields by type and allowed values, batch PATCH by key, passwords and secrets.
 */
import { describe, expect, it } from 'vitest'
import { decodeVersion, encodeVersion } from '../../../src/apis/loyaltii/codecs.ts'
import type { StoredContact } from '../../../src/apis/loyaltii/emulator/state.ts'
import { NOW, loyaltiiError, setup, type Setup } from './setup.ts'

/** Two contacts with e-mail and phone, read through the API (Version as base64). */
async function two(s: Setup) {
  const [a, b] = [...s.state.contacts.values()].filter((c) => c.Email && c.Phone)
  return [
    (await s.client.contacts.get({ id: a!.Id }))!,
    (await s.client.contacts.get({ id: b!.Id }))!,
  ] as const
}

describe('e-mail and phone are unique', () => {
  it.each([
    ['the same e-mail', (c: StoredContact) => ({ Email: c.Email })],
    ['the same e-mail in capitals', (c: StoredContact) => ({ Email: c.Email!.toUpperCase() })],
    ['the same phone', (c: StoredContact) => ({ Phone: c.Phone })],
    [
      'the same phone with spaces',
      (c: StoredContact) => ({ Phone: c.Phone!.replace(/(\d\d)/g, '$1 ').trim() }),
    ],
  ])('a new contact with %s is refused with 409 and the contact that has it', async (_, fields) => {
    const s = setup()
    const taken = [...s.state.contacts.values()].find((c) => c.Email && c.Phone)!
    const error = await loyaltiiError(
      s.client.contacts.create({ RegistrationSource: 'App', ...fields(taken) }),
    )
    expect(error.httpStatus).toBe(409)
    expect(error.current).toMatchObject({ Id: taken.Id, Email: taken.Email })
    expect(s.state.contacts.size).toBe(120)
  })

  it.each(['update', 'patch'] as const)(
    '%s to another contact’s e-mail answers 409 with the contact written to, unchanged',
    async (method) => {
      const s = setup()
      const [a, b] = await two(s)
      const error = await loyaltiiError(
        s.client.contacts[method]({ id: a.Id, Version: a.Version, Email: b.Email }),
      )
      expect(error.current).toMatchObject({ Id: a.Id, Email: a.Email, Version: a.Version })
    },
  )

  it('frees an e-mail cleared with "" for another contact', async () => {
    const s = setup()
    const [a, b] = await two(s)
    await s.client.contacts.patch({ id: a.Id, Version: a.Version, Email: '' })
    const moved = await s.client.contacts.patch({ id: b.Id, Version: b.Version, Email: a.Email })
    expect(moved.Email).toBe(a.Email)
    expect(await s.client.contacts.getByEmail({ email: a.Email! })).toMatchObject({ Id: b.Id })
  })
})

describe('the row version', () => {
  const writes: [string, (s: Setup, c: { Id: number; Version: string }) => Promise<unknown>][] = [
    ['PUT', (s, c) => s.client.contacts.update({ id: c.Id, Version: c.Version, FirstName: 'A' })],
    ['PATCH', (s, c) => s.client.contacts.patch({ id: c.Id, Version: c.Version, LastName: 'B' })],
    [
      'batch PATCH',
      (s, c) =>
        s.client.contacts.patchMany({
          KeyType: 'Id',
          Keys: [String(c.Id)],
          Fields: { Interests: 'Have' },
        }),
    ],
    ['SetPassword', (s, c) => s.client.contacts.setPassword({ id: c.Id, NewPassword: 'x' })],
    ['AddContact', (s, c) => s.client.contactCompanies.addContact({ id: 2, ContactId: c.Id })],
  ]

  it.each(writes)('changes with %s, to one greater than any before', async (_, write) => {
    const s = setup()
    const [c] = await two(s)
    const highest = Math.max(...[...s.state.contacts.values()].map((k) => k.Version))
    await write(s, c)
    const after = (await s.client.contacts.get({ id: c.Id }))!
    expect(decodeVersion(after.Version)).toBe(highest + 1)
  })

  it.each(['update', 'patch'] as const)(
    'refuses %s with the Version of an earlier read',
    async (method) => {
      const s = setup()
      const [c] = await two(s)
      await s.client.contacts.patch({ id: c.Id, Version: c.Version, FirstName: 'Først' })
      const error = await loyaltiiError(
        s.client.contacts[method]({ id: c.Id, Version: c.Version, FirstName: 'Sidst' }),
      )
      expect(error.vendorCode).toBe('contactConflict')
      expect(error.current).toMatchObject({ FirstName: 'Først' })
      expect(error.current!.Version).not.toBe(c.Version)
    },
  )

  it('is answered as 8 bytes of base64, and a Version that is not one is a model error', async () => {
    const s = setup()
    const [c] = await two(s)
    expect(Buffer.from(c.Version, 'base64')).toHaveLength(8)
    const error = await loyaltiiError(
      s.client.contacts.patch({ id: c.Id, Version: 'not base64!' }, { validateInput: false }),
    )
    expect(error.vendorCode).toBe('invalidRequest')
    expect(error.modelState).toHaveProperty('Version')
  })
})

describe('PUT against PATCH', () => {
  it('PUT nulls the static fields left out and keeps the dynamic ones left out', async () => {
    const s = setup()
    const [c] = await two(s)
    const put = await s.client.contacts.update({
      id: c.Id,
      Version: c.Version,
      Email: c.Email,
      Gender: null,
    })
    expect(put).toMatchObject({
      Email: c.Email,
      Phone: null,
      PhoneCountryCode: null,
      FirstName: null,
      LastName: null,
      LimitMailsPermanently: false,
      Gender: null,
      MemberLevel: c.MemberLevel,
      PermissionEmail: c.PermissionEmail,
    })
  })

  it.each([
    ['Email', ''],
    ['Phone', ''],
    ['PhoneCountryCode', ''],
  ])('PATCH with %s "" clears it', async (field, value) => {
    const s = setup()
    const [c] = await two(s)
    const patched = await s.client.contacts.patch({ id: c.Id, Version: c.Version, [field]: value })
    expect(patched[field]).toBeNull()
  })

  it('PATCH leaves fields sent as null, or not sent, as they were', async () => {
    const s = setup()
    const [c] = await two(s)
    const patched = await s.client.contacts.patch({
      id: c.Id,
      Version: c.Version,
      FirstName: null,
      MemberLevel: null,
      LastName: 'Dahl',
    })
    expect(patched).toMatchObject({
      FirstName: c.FirstName,
      MemberLevel: c.MemberLevel,
      LastName: 'Dahl',
      Email: c.Email,
    })
  })
})

describe('dynamic fields are checked by type and allowed values', () => {
  it.each([
    ['MemberLevel', 'Guld', 'Guld'],
    ['MemberLevel', null, null],
    ['memberlevel', 'Sølv', 'Sølv'],
    ['PermissionEmail', true, true],
    ['HouseholdSize', 4, 4],
    ['Birthday', '1990-05-01', '1990-05-01T00:00:00.0000000+02:00'],
    ['Birthday', '1990-01-01T12:00:00Z', '1990-01-01T12:00:00.0000000+00:00'],
    ['Metadata', '{"ref":"x"}', '{"ref":"x"}'],
  ])('%s = %j is kept as %j', async (field, value, kept) => {
    const s = setup()
    const made = await s.client.contacts.create({ RegistrationSource: 'App', [field]: value })
    expect(made[field.replace('memberlevel', 'MemberLevel')]).toEqual(kept)
  })

  it.each([
    ['MemberLevel', 'Platin'],
    ['PermissionEmail', 'yes'],
    ['HouseholdSize', 2.5],
    ['HouseholdSize', '3'],
    ['Birthday', 'i går'],
    ['Gender', 7],
  ])('%s = %j is refused: Invalid value for field', async (field, value) => {
    const s = setup()
    const error = await loyaltiiError(
      s.client.contacts.create({ RegistrationSource: 'App', [field]: value }),
    )
    expect(error.Message).toBe(`Invalid value for field '${field}'!`)
  })

  it('ignores keys that are neither a static nor a dynamic field', async () => {
    const s = setup()
    const made = await s.client.contacts.create({ RegistrationSource: 'App', Favourite: 'blå' })
    expect(made).not.toHaveProperty('Favourite')
  })
})

describe('batch PATCH by key type', () => {
  it.each([
    ['Id', (c: StoredContact) => String(c.Id)],
    ['Secret', (c: StoredContact) => c.Secret],
    ['Email', (c: StoredContact) => c.Email!.toUpperCase()],
    ['Phone', (c: StoredContact) => c.Phone!],
    [3, (c: StoredContact) => c.Email!],
  ] as const)('finds contacts by %s and echoes the keys given', async (keyType, keyOf) => {
    const s = setup()
    const target = [...s.state.contacts.values()].find((c) => c.Email && c.Phone)!
    const key = keyOf(target)
    const answer = await s.client.contacts.patchMany(
      { KeyType: keyType as 'Id', Keys: [key, 'ukendt'], Fields: { PermissionSms: true } },
      { validateInput: keyType !== 3 },
    )
    expect(answer).toEqual({ Updated: [key], NotFound: ['ukendt'] })
    expect(s.state.contacts.get(target.Id)!.Dynamic.PermissionSms).toBe(true)
  })

  it('changes nothing when one field is refused', async () => {
    const s = setup()
    const before = s.state.contacts.get(1)!.LastName
    await loyaltiiError(
      s.client.contacts.patchMany({
        KeyType: 'Id',
        Keys: ['1'],
        Fields: { LastName: 'Ny', MemberLevel: 'Diamant' },
      }),
    )
    expect(s.state.contacts.get(1)!.LastName).toBe(before)
  })
})

describe('model validation answers Web API 2’s ModelState', () => {
  it.each([
    [
      { RegistrationSource: 'App', FirstName: 'x'.repeat(51) },
      'FirstName',
      'The field FirstName must be a string with a maximum length of 50.',
    ],
    [{ RegistrationSource: '' }, 'RegistrationSource', 'The RegistrationSource field is required.'],
    [{ FirstName: 'Ida' }, 'RegistrationSource', 'The RegistrationSource field is required.'],
    [
      { RegistrationSource: 'App', Email: 'ikke-en-adresse' },
      'Email',
      'The Email field is not a valid e-mail address.',
    ],
  ])('%j → ModelState.%s', async (body, field, message) => {
    const s = setup()
    const answer = await s.raw('POST', '/api/v1/Contacts', { body })
    expect(answer).toMatchObject({
      status: 400,
      body: { Message: 'The request is invalid.', ModelState: { [field]: [message] } },
    })
  })
})

describe('passwords and secrets', () => {
  it.each([
    ['the password set', 'Hygge-2026', 200],
    ['another password', 'hygge-2026', 422],
  ])('Login with %s answers %i', async (_, password, status) => {
    const s = setup()
    await s.client.contacts.setPassword({ id: 1, NewPassword: 'Hygge-2026' })
    const answer = await s.raw('POST', '/api/v1/Contacts/1/Login', {
      body: { Password: password, Ip: '1.1.1.1', Source: 'App' },
    })
    expect(answer.status).toBe(status)
  })

  it('refuses Login for a contact without a password with 422', async () => {
    const s = setup()
    const c = [...s.state.contacts.values()].find((k) => !k.PasswordHash)!
    expect(
      (
        await loyaltiiError(
          s.client.contacts.login({ id: c.Id, Password: 'x', Ip: '1.1.1.1', Source: 'App' }),
        )
      ).httpStatus,
    ).toBe(422)
  })

  it('never answers or logs a password', async () => {
    const s = setup()
    await s.client.contacts.setPassword({ id: 1, NewPassword: 'Hemmelig-1' })
    expect(JSON.stringify(await s.client.contacts.get({ id: 1 }))).not.toMatch(/Hemmelig|sha256/)
    expect(
      s.emulator.log
        .list({ limit: 10 })
        .map((r) => r.body)
        .join(),
    ).not.toContain('Hemmelig')
  })

  it('gives new contacts secrets of 16 letters and digits, all different', async () => {
    const s = setup()
    const secrets = new Set<string>()
    for (let i = 0; i < 20; i++)
      secrets.add((await s.client.contacts.create({ RegistrationSource: 'App' })).Secret)
    expect(secrets.size).toBe(20)
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9]{16}$/)
  })

  it('refuses an IP address after 10 unknown secrets in an hour, even a right one, then forgets', async () => {
    const clock = { now: NOW }
    const s = setup({ clock: () => clock.now })
    const secret = s.state.contacts.get(1)!.Secret
    for (let i = 0; i < 10; i++)
      expect(await s.client.contacts.getBySecret({ secret: `gæt-${i}`, ip: '6.6.6.6' })).toBeNull()
    const refused = await loyaltiiError(s.client.contacts.getBySecret({ secret, ip: '6.6.6.6' }))
    expect([refused.httpStatus, refused.Message]).toEqual([429, 'Too many failed attempts.'])
    expect(await s.client.contacts.getBySecret({ secret, ip: '7.7.7.7' })).toMatchObject({ Id: 1 })
    clock.now = new Date(NOW.getTime() + 3_600_000)
    expect(await s.client.contacts.getBySecret({ secret, ip: '6.6.6.6' })).toMatchObject({ Id: 1 })
  })
})

describe('look-ups', () => {
  it.each([
    [
      { field: 'PermissionEmail', value: 'true' },
      (c: StoredContact) => c.Dynamic.PermissionEmail === true,
    ],
    [
      { field: 'MemberLevel', value: 'guld' },
      (c: StoredContact) => c.Dynamic.MemberLevel === 'Guld',
    ],
    [{ field: 'HouseholdSize', value: '2' }, (c: StoredContact) => c.Dynamic.HouseholdSize === 2],
    [{ field: 'NoSuchField', value: 'x' }, () => false],
  ])('?field&value %j finds exactly the contacts holding it', async (query, holds) => {
    const s = setup()
    const found = await s.client.contacts.listByField(query)
    expect(found.map((c) => c.Id).sort((a, b) => a - b)).toEqual(
      [...s.state.contacts.values()].filter(holds).map((c) => c.Id),
    )
  })

  it.each([
    [
      { timespan: 60 * 24 * 365 },
      (c: StoredContact) => Date.parse(c.RegistrationDateTime) >= NOW.getTime() - 365 * 86_400_000,
    ],
    [{ source: 'butik' }, (c: StoredContact) => c.RegistrationSource === 'Butik'],
    [
      { timespan: 60 * 24 * 365, source: 'App' },
      (c: StoredContact) =>
        c.RegistrationSource === 'App' &&
        Date.parse(c.RegistrationDateTime) >= NOW.getTime() - 365 * 86_400_000,
    ],
    [{ ip: 'x' }, () => false],
  ])('Registration %j combines its filters', async (query, holds) => {
    const s = setup()
    const found = await s.client.contacts.listRegistrations(query)
    expect(found.map((c) => c.Id)).toEqual(
      [...s.state.contacts.values()].filter(holds).map((c) => c.Id),
    )
  })
})

describe('deleting a contact', () => {
  it('takes its orders, points and events with it, and leaves the others’ sums as they were', async () => {
    const s = setup()
    const victim = s.state.points[0]!.ContactId
    const other = s.state.points.find((p) => p.ContactId !== victim)!.ContactId
    const before = await s.client.points.sums({ contactId: other })
    await s.client.contacts.delete({ id: victim })
    expect(s.state.points.some((p) => p.ContactId === victim)).toBe(false)
    expect(s.state.events.some((e) => e.ContactId === victim)).toBe(false)
    expect(await s.client.points.sums({ contactId: victim })).toEqual([])
    expect(await s.client.points.sums({ contactId: other })).toEqual(before)
    expect(encodeVersion(1)).toBe('AAAAAAAAAAE=')
  })
})

describe('the contact list', () => {
  it('answers every id, ascending, a contact created or deleted since included or left out', async () => {
    const s = setup()
    const before = await s.client.contacts.list()
    expect(before).toEqual([...s.state.contacts.keys()].sort((a, b) => a - b))
    // asked again unchanged: the same answer (from the emulator's cache)
    expect(await s.client.contacts.list()).toEqual(before)
    const made = await s.client.contacts.create({
      RegistrationSource: 'App',
      Email: 'liste@kopru.test',
    })
    const withNew = await s.client.contacts.list()
    expect(withNew).toEqual([...before, made.Id].sort((a, b) => a - b))
    await s.client.contacts.delete({ id: before[0]! })
    expect(await s.client.contacts.list()).toEqual(withNew.filter((id) => id !== before[0]))
  })
})
