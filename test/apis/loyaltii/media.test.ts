/**
 * The media library through the client against the emulator: every operation and its failures,
 * and the files served at the URLs the answers give (thumbnails for images), after a rename too,
 * and no longer after a delete.
 */
import { describe, expect, it } from 'vitest'
import { mediaOperations } from '../../../src/apis/loyaltii/operations/media.ts'
import { checkOperations, type Check, type Failure } from './checks.ts'
import { perTest, type Setup } from './setup.ts'

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='
const png = { Name: 'Påske.png', FolderId: 3, ContentType: 'image/png', Media: PNG }

/** A URL the emulator gave: in process through its fetch, else over the socket. */
const download = (s: Setup, url: string) =>
  url.includes('.emulator.invalid') ? s.emulator.fetch(url) : fetch(url)

const success: Record<keyof typeof mediaOperations, Check> = {
  'media.list': async (s) => {
    const shops = await s.client.media.list({ folderId: 4 })
    expect(shops.map((m) => m.Name)).toEqual(
      [...s.state.stores.values()].slice(0, 3).map((st) => `${st.Name}.svg`),
    )
    expect(shops.every((m) => m.ContentType === 'image/svg+xml')).toBe(true)
    expect(await s.client.media.list({ folderId: 99 })).toEqual([])
  },
  'media.listFolders': async (s) => {
    expect(await s.client.media.listFolders()).toEqual([
      { Id: 1, Name: 'Logoer', ParentId: null },
      { Id: 2, Name: 'Nyhedsbreve', ParentId: null },
      { Id: 3, Name: '2026', ParentId: 2 },
      { Id: 4, Name: 'Butikker', ParentId: null },
    ])
  },
  'media.get': async (s) => {
    const logo = (await s.client.media.get({ id: 1 }))!
    expect(logo).toMatchObject({ Id: 1, Name: 'nordlys-logo.svg', ContentType: 'image/svg+xml' })
    const file = await download(s, logo.PublicUrl)
    expect(file.headers.get('content-type')).toBe('image/svg+xml')
    expect(await file.text()).toContain('Nordlys Bolig')
  },
  'media.create': async (s) => {
    const made = await s.client.media.create(png)
    expect(made).toMatchObject({
      Name: 'Påske.png',
      ContentType: 'image/png',
      SizeInBytes: Buffer.from(PNG, 'base64').length,
    })
    const file = await download(s, made.PublicUrl)
    expect(Buffer.from(await file.arrayBuffer()).toString('base64')).toBe(PNG)
    expect((await download(s, made.ThumbnailUrl!)).status).toBe(200)
    expect((await s.client.media.list({ folderId: 3 })).map((m) => m.Id)).toContain(made.Id)
  },
  'media.rename': async (s) => {
    const before = (await s.client.media.get({ id: 2 }))!
    const after = await s.client.media.rename({ id: 2, newName: 'Forår 2026.png' })
    expect(after).toMatchObject({ Id: 2, Name: 'Forår 2026.png', SizeInBytes: before.SizeInBytes })
    expect(decodeURIComponent(after.PublicUrl)).toMatch(/\/Forår 2026\.png$/)
    for (const url of [before.PublicUrl, after.PublicUrl])
      expect((await download(s, url)).status).toBe(200)
  },
  'media.delete': async (s) => {
    const logo = (await s.client.media.get({ id: 1 }))!
    expect(await s.client.media.delete({ id: 1 })).toBeUndefined()
    expect(await s.client.media.get({ id: 1 })).toBeNull()
    expect((await download(s, logo.PublicUrl)).status).toBe(404)
  },
}

const failures: Failure[] = [
  [
    'media.get',
    'an unknown id',
    (s) => s.client.request('media.get', { id: 999 }),
    'notFound',
    404,
  ],
  [
    'media.create',
    'a folder the account does not have',
    (s) => s.client.media.create({ ...png, FolderId: 99 }),
    'invalidFolder',
    400,
  ],
  [
    'media.rename',
    'an unknown id',
    (s) => s.client.media.rename({ id: 999, newName: 'x' }),
    'notFound',
    404,
  ],
  ['media.delete', 'an unknown id', (s) => s.client.media.delete({ id: 999 }), 'notFound', 404],
]

checkOperations(mediaOperations, success, failures, { everyCode: true })

describe('files', () => {
  const current = perTest('in process')

  it('gives a thumbnail for images only', async () => {
    const s = current()
    const pdf = await s.client.media.create({
      Name: 'Katalog.pdf',
      FolderId: 2,
      ContentType: 'application/pdf',
      Media: Buffer.from('%PDF-1.4').toString('base64'),
    })
    expect(pdf.ThumbnailUrl).toBeNull()
    const file = await download(s, pdf.PublicUrl)
    expect([file.status, file.headers.get('content-type'), await file.text()]).toEqual([
      200,
      'application/pdf',
      '%PDF-1.4',
    ])
    expect(
      (await download(s, pdf.PublicUrl.replace('/Katalog', '/thumbnail/Katalog'))).status,
    ).toBe(404)
  })

  it.each([
    ['Media that is not base64', { Media: 'ikke base64!' }, 'Media'],
    ['a content type that is not one', { ContentType: 'billede' }, 'ContentType'],
    ['no name', { Name: '' }, 'Name'],
  ])('refuses %s with a model error', async (_, change, field) => {
    const s = current()
    const answer = await s.raw('POST', '/api/v1/Media', { body: { ...png, ...change } })
    expect(answer.status).toBe(400)
    expect(Object.keys((answer.body as { ModelState: object }).ModelState)).toEqual([field])
  })

  it('answers 404 for a key no file has', async () => {
    const s = current()
    expect(
      (await s.emulator.fetch(`${s.emulator.baseUrl()}/Media/files/ukendt/x.png`)).status,
    ).toBe(404)
  })
})
