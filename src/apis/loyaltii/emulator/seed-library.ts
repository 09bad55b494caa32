/**
 * Seed data of part 2, beside mail: two dynamic tables (the shops' offers, product reviews by
 * members) with their entities, the media library (logo, newsletter image, a picture per shop),
 * actions (some triggerable by hand, one disabled), banners with versions, product feeds, an
 * iframe token that is valid for an hour and one that has expired, and the permission source
 * categories of the sources the members registered through.
 */
import { chance, hex, intBetween, pick, seedStream, type Rng } from '../../../emulator/random.ts'
import { danishTime } from '../codecs.ts'
import type { LoyaltiiData } from './state.ts'
import type { StoredEntity, StoredTable } from './state-marketing.ts'
import type { LoyaltiiStore } from './store.ts'
import { dotnetTime, pastTime } from './time.ts'

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
const key = (rng: Rng) => Array.from({ length: 16 }, () => pick(rng, [...ALPHABET])).join('')

const products = [
  ['40011', 'Uldplaid, grå'],
  ['40022', 'Linned sengesæt 140x200'],
  ['40043', 'Lysestage, messing'],
  ['40063', 'Kaffebrygger, pour-over'],
  ['40071', 'Bordlampe, opal'],
  ['40082', 'Sofabord, valnød'],
] as const
const reviews = ['Rigtig flot', 'Som beskrevet', 'Lidt mindre end forventet', 'Fantastisk kvalitet']

function entities(
  rng: Rng,
  now: number,
  count: number,
  make: (i: number) => Pick<StoredEntity, 'ExternalId' | 'Name' | 'Dynamic'>,
): StoredEntity[] {
  const times = Array.from({ length: count }, () => pastTime(rng, now, 365)).sort((a, b) => a - b)
  return times.map((at, i) => {
    const created = dotnetTime(rng, at)
    return { Id: i + 1, Secret: key(rng), Created: created, LastModified: created, ...make(i) }
  })
}

function seedTables(store: LoyaltiiStore, rng: Rng, now: number): StoredTable[] {
  const stores = [...store.stores.values()]
  const contacts = [...store.contacts.keys()]
  const offers = entities(rng, now, 25, (i) => {
    const [number, title] = pick(rng, products)
    return {
      ExternalId: `TILBUD-${1001 + i}`,
      Name: `${title} til ${pick(rng, ['halv pris', 'medlemspris', 'ugens pris'])}`,
      Dynamic: {
        Title: title,
        ProductNumber: number,
        DiscountPercent: pick(rng, [10, 20, 25, 30, 50]),
        ValidUntil: danishTime(now + intBetween(rng, -30, 60) * 86_400_000),
        StoreNumber: stores.length && chance(rng, 0.6) ? pick(rng, stores).Number : null,
      },
    }
  })
  const rated = entities(rng, now, contacts.length ? 40 : 0, () => {
    const [number, title] = pick(rng, products)
    return {
      ExternalId: null,
      Name: title,
      Dynamic: {
        ContactId: pick(rng, contacts),
        ProductNumber: number,
        Rating: intBetween(rng, 1, 5),
        Text: pick(rng, reviews),
      },
    }
  })
  const field = (
    Name: string,
    Type: 'String' | 'Number' | 'Decimal' | 'DateTimeOffset',
    Label: string,
    Values: number[] | null = null,
  ) => ({ Name, Type, Label, Values })
  const table = (
    Id: number,
    Name: string,
    Label: string,
    Description: string,
    Fields: StoredTable['Fields'],
    Entities: StoredEntity[],
  ): StoredTable => ({
    Id,
    Name,
    Label,
    Description,
    LastModified: dotnetTime(rng, pastTime(rng, now, 400, 2)),
    Fields,
    LastEntityId: Entities.length,
    Entities,
  })
  return [
    table(
      1,
      'Tilbud',
      'Butikstilbud',
      'Ugens tilbud i butikkerne og på webshoppen',
      [
        field('Title', 'String', 'Titel'),
        field('ProductNumber', 'String', 'Varenummer'),
        field('DiscountPercent', 'Decimal', 'Rabat (%)'),
        field('ValidUntil', 'DateTimeOffset', 'Gælder til'),
        field('StoreNumber', 'String', 'Butiksnummer'),
      ],
      offers,
    ),
    table(
      2,
      'Anmeldelser',
      'Produktanmeldelser',
      'Medlemmernes anmeldelser af varer',
      [
        field('ContactId', 'Number', 'Kontakt'),
        field('ProductNumber', 'String', 'Varenummer'),
        field('Rating', 'Number', 'Bedømmelse', [1, 2, 3, 4, 5]),
        field('Text', 'String', 'Anmeldelse'),
      ],
      rated,
    ),
  ]
}

/** A 1×1 transparent PNG, the newsletter's image as small as an image gets. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

function svg(text: string, color: string): string {
  const body = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120"><rect width="320" height="120" fill="${color}"/><text x="16" y="68" font-family="sans-serif" font-size="24" fill="#fff">${text}</text></svg>`
  return Buffer.from(body).toString('base64')
}

function seedMedia(store: LoyaltiiStore, data: LoyaltiiData, rng: Rng, now: number) {
  store.mediaFolders.push(
    { Id: 1, Name: 'Logoer', ParentId: null },
    { Id: 2, Name: 'Nyhedsbreve', ParentId: null },
    { Id: 3, Name: '2026', ParentId: 2 },
    { Id: 4, Name: 'Butikker', ParentId: null },
  )
  const files: [number, string, string, string][] = [
    [1, 'nordlys-logo.svg', 'image/svg+xml', svg('Nordlys Bolig', '#1f3a5f')],
    [3, 'forår-i-stuen.png', 'image/png', PNG],
    ...[...store.stores.values()]
      .slice(0, 3)
      .map((s): [number, string, string, string] => [
        4,
        `${s.Name}.svg`,
        'image/svg+xml',
        svg(s.Name ?? s.Number, '#8a5a44'),
      ]),
  ]
  for (const [FolderId, Name, ContentType, Content] of files) {
    const media = {
      Id: ++data.last.media,
      FolderId,
      Name,
      ContentType,
      Key: key(rng),
      Content,
      SizeInBytes: Buffer.byteLength(Content, 'base64'),
      LastModified: dotnetTime(rng, pastTime(rng, now, 200)),
    }
    store.media.set(media.Id, media)
  }
}

function seedAccount(store: LoyaltiiStore, rng: Rng, now: number) {
  const when = () => dotnetTime(rng, pastTime(rng, now, 500))
  const action = (
    Id: number,
    Name: string,
    Description: string,
    ManuallyTriggerable: boolean,
    Enabled: boolean,
    Effect: LoyaltiiData['actions'][number]['Effect'],
  ) => ({ Id, Name, Description, LastModified: when(), ManuallyTriggerable, Enabled, Effect })
  store.actions.push(
    action(1, 'Giv 100 kampagnepoint', 'Kundeservice giver point', true, true, {
      Kind: 'AddPoints',
      Type: 'Kampagnepoint',
      Amount: 100,
    }),
    action(2, 'Send velkomstmail', 'Sender velkomstmailen igen', true, true, {
      Kind: 'SendEmail',
      EmailCampaignId: 1,
    }),
    action(3, 'Opgrader til Guld', 'Sætter medlemsniveau til Guld', true, true, {
      Kind: 'SetField',
      Field: 'MemberLevel',
      Value: 'Guld',
    }),
    action(4, 'Fødselsdagspoint', 'Kører automatisk på fødselsdagen', false, true, {
      Kind: 'AddPoints',
      Type: 'Bonuspoint',
      Amount: 200,
    }),
    action(5, 'Vinterkampagne 2024', 'Afsluttet kampagne', true, false, {
      Kind: 'AddPoints',
      Type: 'Kampagnepoint',
      Amount: 50,
    }),
  )
  store.banners.push(
    {
      Id: 1,
      Secret: key(rng),
      Name: 'Forsidebanner',
      CacheResetAt: null,
      Versions: [
        { Id: 1, Name: 'Forår', CacheResetAt: null },
        { Id: 2, Name: 'Påske', CacheResetAt: null },
      ],
    },
    {
      Id: 2,
      Secret: key(rng),
      Name: 'Kurvbanner',
      CacheResetAt: null,
      Versions: [{ Id: 3, Name: 'Standard', CacheResetAt: null }],
    },
  )
  store.feeds.push(
    {
      Id: 1,
      Name: 'Produktfeed (webshop)',
      Url: 'https://nordlysbolig.dk/feeds/produkter.xml',
      LastSynced: when(),
      SyncRequested: null,
    },
    {
      Id: 2,
      Name: 'Butikslager',
      Url: 'https://nordlysbolig.dk/feeds/lager.csv',
      LastSynced: when(),
      SyncRequested: null,
    },
  )
  const token = (hours: number) => ({
    Id: `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-8${hex(rng, 3)}-${hex(rng, 12)}`,
    AccountId: 1,
    AdministratorId: 1,
    AdministratorEmail: 'admin@nordlysbolig.dk',
    StoreIds: [...store.stores.keys()].slice(0, 2),
    Rights: ['Contacts.Read', 'Points.Read'],
    GroupId: 1,
    TimeZoneId: 'Romance Standard Time',
    Expires: danishTime(now + hours * 3_600_000),
  })
  store.iframeTokens.push(token(1), token(-1))
  store.permissionSourceCategories.push(
    { Id: 1, Name: 'Online', Description: 'Tilmeldinger på webshoppen og i appen' },
    { Id: 2, Name: 'Butik', Description: 'Tilmeldinger ved kassen' },
    { Id: 3, Name: 'Kampagner', Description: 'Konkurrencer og kampagner' },
    { Id: 4, Name: 'Kundeservice', Description: null },
  )
  const sources: [string, number][] = [
    ['Webshop tilmelding', 1],
    ['App', 1],
    ['Butik', 2],
    ['Kampagne: Sommerudsalg', 3],
    ['Kundeservice', 4],
  ]
  sources.forEach(([PermissionSource, PermissionSourceCategoryId], i) =>
    store.permissionSourceCategoryRelations.push({
      Id: i + 1,
      PermissionSourceCategoryId,
      PermissionSource,
    }),
  )
}

export function seedLibrary(store: LoyaltiiStore, data: LoyaltiiData, seed: number, now: number) {
  for (const table of seedTables(store, seedStream(seed, 'loyaltii.tables'), now))
    store.tables.set(table.Name.toLowerCase(), table)
  seedMedia(store, data, seedStream(seed, 'loyaltii.media'), now)
  seedAccount(store, seedStream(seed, 'loyaltii.account'), now)
}
