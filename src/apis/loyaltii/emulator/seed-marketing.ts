/**
 * Seed data of part 2, mail: segment folders and segments over the seeded members (rules on member
 * level, permission, purchases, points and birthdays; two List segments), the e-mail campaigns,
 * dispatches of the last months with their receivers (monthly newsletters, a members' evening,
 * welcome mails and order confirmations, a test, one that ended on a bounced contact), one planned
 * for next week, Email2 messages and dispatches, and email builder campaigns. Dispatches are
 * prepared through `lifecycle.ts` as they were due, so receivers follow the same rules as new ones.
 */
import { hex, pick, seedStream, type Rng } from '../../../emulator/random.ts'
import { danishTime, instantOf } from '../codecs.ts'
import { prepare, STEP_MS } from './lifecycle.ts'
import type { LoyaltiiData } from './state.ts'
import type { AnyDispatch, StoredScope, StoredSegment } from './state-marketing.ts'
import { noScope, unprepared } from './dispatches.ts'
import type { LoyaltiiStore } from './store.ts'

const DAY = 86_400_000

const cond = (
  Field: string,
  Operator: 'Equal' | 'In' | 'LessThanOrEqual' | 'MoreThanOrEqual',
  value: string | string[],
) => ({
  Field,
  Operator,
  Value: Array.isArray(value) ? null : value,
  Values: Array.isArray(value) ? value : null,
})

function seedSegments(store: LoyaltiiStore, rng: Rng): StoredSegment[] {
  const withEmail = [...store.contacts.values()].filter((c) => c.Email)
  const shop = store.stores.get(1)
  const rule = (
    Name: string,
    FolderId: number,
    Type: StoredSegment['Type'],
    Description: string,
    Conditions: ReturnType<typeof cond>[],
  ) => ({ Name, FolderId, Type, Description, Conditions, ContactIds: null })
  const list = (Name: string, FolderId: number, Description: string, ids: number[]) => ({
    Name,
    FolderId,
    Type: 'List' as const,
    Description,
    Conditions: null,
    ContactIds: [...new Set(ids)].sort((a, b) => a - b),
  })
  const segments = [
    rule('Alle med e-mail-samtykke', 1, 'VisualBuilder', 'Medlemmer der må få nyhedsbreve', [
      cond('PermissionEmail', 'Equal', 'true'),
    ]),
    rule('Guld-medlemmer', 2, 'VisualBuilder', 'Medlemmer på guldniveau', [
      cond('MemberLevel', 'Equal', 'Guld'),
    ]),
    rule('Sølv- og guldmedlemmer', 2, 'VisualBuilder', 'Medlemmer over bronzeniveau', [
      cond('MemberLevel', 'In', ['Sølv', 'Guld']),
    ]),
    rule('Købt inden for 90 dage', 4, 'Sql', 'Aktive kunder: ordre de sidste 90 dage', [
      cond('DaysSinceLastOrder', 'LessThanOrEqual', '90'),
    ]),
    rule('Over 1000 bonuspoint', 2, 'Sql', 'Kan indløse et gavekort', [
      cond('PointBalance.Bonuspoint', 'MoreThanOrEqual', '1000'),
    ]),
    rule('Fødselar denne måned', 4, 'SegmentTemplate', 'Skabelon: fødselsdag i måneden', [
      cond('BirthdayThisMonth', 'Equal', 'true'),
    ]),
    ...(shop
      ? [
          rule(`Kunder i ${shop.City}`, 3, 'VisualBuilder', `Foretrukken butik: ${shop.Name}`, [
            cond('PreferredStoreId', 'Equal', String(shop.Id)),
          ]),
        ]
      : []),
    list(
      'Testmodtagere',
      1,
      'Medarbejdere der får testmails',
      withEmail.slice(0, 5).map((c) => c.Id),
    ),
    list(
      'Vindere: sommerkonkurrence',
      4,
      'Trukket blandt deltagerne',
      withEmail.length ? Array.from({ length: 40 }, () => pick(rng, withEmail).Id) : [],
    ),
  ]
  return segments.map((s, i) => ({ Id: i + 1, ...s }))
}

const months = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
]
const subjects = [
  'Forår i stuen',
  'Nye farver på puderne',
  'Hygge til de lange aftener',
  'Sæt lys på',
  'Dæk op til fest',
]

/** A moment `daysBack` days before `now` at a round hour of the morning (Danish time). */
function morning(now: number, daysBack: number, hour = 9): number {
  const day = Math.floor((now - daysBack * DAY) / DAY) * DAY
  return day + (hour - 1) * 3_600_000
}

export function seedMail(store: LoyaltiiStore, data: LoyaltiiData, seed: number, now: number) {
  const rng = seedStream(seed, 'loyaltii.mail')
  for (const segment of seedSegments(store, rng)) store.segments.set(segment.Id, segment)
  data.last.segment = store.segments.size
  store.segmentFolders.push(
    { Id: 1, Name: 'Nyhedsbreve' },
    { Id: 2, Name: 'Medlemmer' },
    { Id: 3, Name: 'Butikker' },
    { Id: 4, Name: 'Kampagner' },
  )
  const campaign = (Name: string, Subject: string, Type: 'Newsletter' | 'Transactional') => {
    const c = { Id: ++data.last.emailCampaign, Name, Subject, Preheader: null, Type }
    store.emailCampaigns.push(c)
    return c
  }
  const welcome = campaign('Velkomstmail', 'Velkommen i Nordlys Bolig Kundeklub', 'Transactional')
  const receipt = campaign('Ordrebekræftelse', 'Tak for din ordre', 'Transactional')
  const birthday = campaign('Fødselsdagshilsen', 'Tillykke med fødselsdagen', 'Transactional')
  const dispatch = (fields: {
    EmailCampaignId: number
    at: number
    Type: AnyDispatch['Type']
    Scope: Partial<StoredScope>
  }) => {
    const d = {
      Id: ++data.last.dispatch,
      EmailCampaignId: fields.EmailCampaignId,
      LogLevel: 'None',
      Planned: danishTime(fields.at),
      Type: fields.Type,
      BatchDelaySec: 1,
      Scope: { ...noScope, ...fields.Scope },
      Dynamic: null,
      ...unprepared,
    }
    store.addDispatch(d)
    return d
  }
  for (let k = 4; k >= 1; k--) {
    const at = morning(now, 30 * k - 2)
    const month = months[new Date(at).getUTCMonth()]!
    const c = campaign(`Nyhedsbrev ${month}`, pick(rng, subjects), 'Newsletter')
    dispatch({ EmailCampaignId: c.Id, at, Type: 'Newsletter', Scope: { SegmentIds: [1] } })
  }
  const evening = campaign('Guldmedlemsaften', 'Du er inviteret til medlemsaften', 'Newsletter')
  const invitation = dispatch({
    EmailCampaignId: evening.Id,
    at: morning(now, 20, 10),
    Type: 'Newsletter',
    Scope: { SegmentIds: [2], NotInSegmentIds: [8] },
  })
  const contacts = [...store.contacts.values()]
  for (const c of contacts.slice(-6)) {
    const at = instantOf(c.RegistrationDateTime) + 5 * 60_000
    if (c.Email && at < now - STEP_MS)
      dispatch({
        EmailCampaignId: welcome.Id,
        at,
        Type: 'Transactional',
        Scope: { ContactId: c.Id },
      })
  }
  const mailable = (id: number | null) => {
    const c = id === null ? undefined : store.contacts.get(id)
    return Boolean(c?.Email && !c.EmailBounced)
  }
  const ordered = [...store.orders.values()].filter((o) => mailable(o.ContactId)).slice(-5)
  for (const o of ordered)
    dispatch({
      EmailCampaignId: receipt.Id,
      at: instantOf(o.LastModified) + 2 * 60_000,
      Type: 'Transactional',
      Scope: { ContactId: o.ContactId, OrderId: o.Id },
    })
  const tester = store.segments.get(8)?.ContactIds?.[0]
  if (tester !== undefined)
    dispatch({
      EmailCampaignId: evening.Id,
      at: morning(now, 21, 15),
      Type: 'Test',
      Scope: { ContactId: tester },
    })
  const bounced = contacts.find((c) => c.EmailBounced)
  if (bounced)
    dispatch({
      EmailCampaignId: birthday.Id,
      at: morning(now, 12, 7),
      Type: 'Transactional',
      Scope: { ContactId: bounced.Id },
    })
  const spring = campaign('Forårskampagne', 'Forårets nyheder er landet', 'Newsletter')
  dispatch({
    EmailCampaignId: spring.Id,
    at: morning(now, -7),
    Type: 'Newsletter',
    Scope: { SegmentIds: [3] },
  })
  seedEmail2(store, rng, now)
  seedBuilder(store, data, evening.Id, invitation.Id)
  // prepared as each was due; the one planned ahead waits for the clock
  for (const d of [...store.unprepared]) {
    const due = instantOf(d.Planned) + STEP_MS
    if (due > now) continue
    store.unprepared.delete(d)
    prepare(store, d, due)
  }
}

function seedEmail2(store: LoyaltiiStore, rng: Rng, now: number) {
  store.email2Messages.push(
    {
      TriggerId: 'velkommen-app',
      Name: 'Velkommen i appen',
      Subject: 'Velkommen til Nordlys-appen',
      Type: 'Transactional',
    },
    {
      TriggerId: 'glemt-kurv',
      Name: 'Glemt kurv',
      Subject: 'Du har glemt noget i kurven',
      Type: 'Transactional',
    },
    {
      TriggerId: 'ugens-tilbud',
      Name: 'Ugens tilbud',
      Subject: 'Ugens tilbud fra Nordlys Bolig',
      Type: 'Newsletter',
    },
  )
  const guid = () => `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`
  const someone = [...store.contacts.values()].find((c) => c.Email && !c.EmailBounced)
  const base = { Dynamic: null, ...unprepared }
  if (someone)
    store.addDispatch({
      Id: guid(),
      TriggerId: 'glemt-kurv',
      Planned: danishTime(morning(now, 2, 18)),
      Type: 'Transactional',
      BatchDelaySec: 1,
      Scope: { ...noScope, Contacts: { [String(someone.Id)]: { Produkt: 'Uldplaid, grå' } } },
      ...base,
    })
  store.addDispatch({
    Id: guid(),
    TriggerId: 'ugens-tilbud',
    Planned: danishTime(morning(now, 6, 8)),
    Type: 'Newsletter',
    BatchDelaySec: 1,
    Scope: { ...noScope, SegmentIds: [4], TakeRandom: 200 },
    ...base,
  })
}

function seedBuilder(
  store: LoyaltiiStore,
  data: LoyaltiiData,
  eveningId: number,
  dispatchId: number,
) {
  store.emailTemplates.push(
    { Id: 1, Name: 'Nordlys standard' },
    { Id: 2, Name: 'Nordlys kampagne' },
    { Id: 3, Name: 'Kvittering' },
  )
  store.builderBlocks.push(
    { Id: 1, Name: 'Overskrift', Inputs: ['Tekst'] },
    { Id: 2, Name: 'Billede', Inputs: ['Billede', 'Link'] },
    { Id: 3, Name: 'Tekst', Inputs: ['Tekst'] },
    { Id: 4, Name: 'Knap', Inputs: ['Tekst', 'Link'] },
    { Id: 5, Name: 'Produktliste', Inputs: ['Kategori'] },
  )
  const easter = {
    Id: 0,
    Name: 'Nyhedsbrev påske',
    Subject: 'Påskens tilbud er her',
    Preheader: 'Op til 30 % på tekstiler',
    Type: 'Newsletter' as const,
  }
  easter.Id = ++data.last.emailCampaign
  store.emailCampaigns.push(easter)
  const block = (EmailBuilderBlockId: number, input: string, Value: string, gold = false) => ({
    Id: ++data.last.block,
    EmailBuilderBlockId,
    InputValues: { [input]: { Value } },
    Condition: gold
      ? { Field: 'MemberLevel', Operator: 'Equal' as const, Value: 'Guld', Values: null }
      : null,
  })
  const evening = store.emailCampaigns.find((c) => c.Id === eveningId)!
  store.builderCampaigns.push(
    {
      Id: 1,
      EmailCampaignId: easter.Id,
      Type: 'Newsletter',
      Name: easter.Name,
      Subject: easter.Subject,
      Preheader: easter.Preheader,
      EmailTemplateId: 2,
      Dynamic: null,
      Blocks: [block(1, 'Tekst', 'Glædelig påske'), block(5, 'Kategori', 'Tekstiler')],
      DispatchId: null,
    },
    {
      Id: 2,
      EmailCampaignId: evening.Id,
      Type: 'Newsletter',
      Name: evening.Name,
      Subject: evening.Subject,
      Preheader: null,
      EmailTemplateId: 1,
      Dynamic: null,
      Blocks: [
        block(1, 'Tekst', 'Medlemsaften i din butik'),
        block(4, 'Tekst', 'Tilmeld dig her', true),
      ],
      DispatchId: dispatchId,
    },
  )
  data.last.builderCampaign = 2
}
