/**
 * Seed data for one Czech e-shop's Mail Komplet account: contacts with Czech names, cities and
 * +420 numbers on mailing lists, campaigns with Czech subjects and their distributions, sent
 * transactional e-mails and SMS, coupon groups in CZK, carts. Deterministic for a seed and sizes:
 * each part draws from its own stream, and mail is sent through the same rules the API uses.
 */
import * as cs from '../../../emulator/locale/cs.ts'
import { chance, intBetween, pick, seedStream } from '../../../emulator/random.ts'
import type { SeedOptions } from '../../../emulator/types.ts'
import { Currency } from '../tracker-schema.ts'
import { ExcludeOrigin, ExcludeReason } from '../schemas.ts'
import { track } from './carts.ts'
import { DataType, newColumn } from './columns.ts'
import { upsert } from './contacts.ts'
import type { Sim } from './delivery.ts'
import { runDistribution } from './distribution.ts'
import { createList, exclude } from './lists.ts'
import type { MailKompletData } from './state.ts'
import { MailKompletStore, stamp } from './store.ts'
import { mailkompletSwitches } from './switches.ts'
import { sendEmails, sendSms } from './transactional.ts'

export const defaultSizes = {
  contacts: 400,
  mailingLists: 6,
  campaigns: 10,
  distributions: 6,
  transactionalEmails: 150,
  sms: 60,
  coupons: 120,
  carts: 40,
}
export type Sizes = typeof defaultSizes

/** Seed data is made in memory at once; each distribution mails at most 2,000 contacts. */
export const maxSizes: Sizes = {
  contacts: 100_000,
  mailingLists: 500,
  campaigns: 2_000,
  distributions: 200,
  transactionalEmails: 100_000,
  sms: 100_000,
  coupons: 100_000,
  carts: 50_000,
}
const MAILS_PER_DISTRIBUTION = 2000
const DAY = 86_400_000
const SHOP = 'kopru-eshop.cz'

function empty(seed: number): MailKompletData {
  return {
    seed,
    next: {},
    mailingLists: [],
    contacts: [],
    customColumns: [],
    templates: [],
    campaigns: [],
    dispatchers: [],
    subscribeRequests: [],
    executions: [],
    marketingEmails: [],
    marketingOpens: [],
    marketingClicks: [],
    transactionalEmails: [],
    transactionalOpens: [],
    transactionalClicks: [],
    deliveryInfos: [],
    sms: [],
    excludeList: [],
    activity: [],
    couponGroups: [],
    coupons: [],
    imports: [],
    carts: [],
    trackerEvents: [],
  }
}

const LIST_NAMES = [
  'Newsletter',
  'Zákazníci e-shopu',
  'VIP zákazníci',
  'Velkoobchod',
  'Akce a slevy',
  'Brno a okolí',
]

export function generateMailKompletData({ seed, now, sizes }: SeedOptions<Sizes>): MailKompletData {
  const store = new MailKompletStore(empty(seed))
  const data = store.data
  const sim: Sim = { store, switches: mailkompletSwitches.parse({}), now, emit: () => undefined }
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY)
  const with_ = <T>(time: Date, work: () => T): T => {
    sim.now = time
    try {
      return work()
    } finally {
      sim.now = now
    }
  }

  // columns: the two greeting columns Mail Komplet keeps, and the shop's own
  for (const name of ['wk_pane_pani', 'wk_mily_mila'])
    newColumn(store, {
      name,
      dataTypeId: DataType.text,
      system: true,
      customColumnTypeId: 2,
      caption: name,
    })
  newColumn(store, {
    name: 'last_order',
    dataTypeId: DataType.date,
    caption: 'Poslední objednávka',
  })
  newColumn(store, { name: 'mesto', dataTypeId: DataType.text, caption: 'Město' })
  newColumn(store, {
    name: 'vernostni_body',
    dataTypeId: DataType.integer,
    caption: 'Věrnostní body',
  })

  data.dispatchers.push(
    dispatcher(store.nextId('dispatcher'), 'm1.mail-komplet.cz', false),
    dispatcher(store.nextId('dispatcher'), `novinky.${SHOP}`, true),
  )
  const tr = seedStream(seed, 'templates')
  for (let i = 0; i < 6; i++) {
    const subject = pick(tr, cs.campaignSubjects)
    data.templates.push({
      templateId: store.nextId('template'),
      created: stamp(at(400 - i * 30)),
      updated: stamp(at(200 - i * 20)),
      name: `Šablona ${i + 1}: ${subject.split(':')[0]}`,
      subject,
      isCampaignBound: i < 3,
      isHtml: true,
      type: 2,
      body: `<p>Dobrý den,</p><p>${subject}</p><a href="https://www.${SHOP}/akce">Nakupovat</a>`,
      bodyAlternative: null,
      templateThumbnailUrl: null,
      useWysiwyg: true,
    })
  }

  for (let i = 0; i < sizes.mailingLists; i++)
    with_(at(700 - i), () =>
      createList(
        store,
        {
          name: LIST_NAMES[i] ?? `Seznam ${i + 1}`,
          description: null,
          isTest: i === sizes.mailingLists - 1 && i > 0,
        },
        sim.now,
      ),
    )
  const listIds = data.mailingLists.map((l) => l.mailingListId)

  const pr = seedStream(seed, 'contacts')
  for (let n = 1; n <= sizes.contacts; n++) {
    const person = cs.person(pr)
    const lists = listIds.length
      ? [pick(pr, listIds), ...(chance(pr, 0.3) ? [pick(pr, listIds)] : [])]
      : []
    with_(at(intBetween(pr, 1, 700)), () =>
      upsert(
        store,
        {
          email: cs.emailFor(pr, person, n),
          name: person.firstName,
          surname: person.lastName,
          sex: person.male,
          mobilePhone: chance(pr, 0.7) ? cs.mobile(pr) : null,
          company: chance(pr, 0.15) ? cs.companyName(pr, person.lastName) : null,
          mailingListIds: [...new Set(lists)],
          customColumns: {
            mesto: pick(pr, cs.cities),
            vernostni_body: intBetween(pr, 0, 5000),
            ...(chance(pr, 0.6) ? { last_order: stamp(at(intBetween(pr, 1, 365))) } : {}),
          },
        },
        sim.now,
      ),
    )
  }

  const cr = seedStream(seed, 'campaigns')
  for (let i = 0; i < sizes.campaigns; i++) {
    const subject = pick(cr, cs.campaignSubjects)
    data.campaigns.push({
      campaignId: store.nextId('campaign'),
      campaignGroupId: null,
      name: subject,
      description: `Kampaň ${i + 1}`,
      webTrackParam: 'utm_source=newsletter&utm_medium=email',
      senderDisplayName: 'Kopru e-shop',
      senderEmail: `info@${SHOP}`,
      mailFromDisplayName: 'Kopru e-shop',
      mailFromAddress: `info@${SHOP}`,
      replyToDisplayName: null,
      replyToAddress: null,
      insertTrackingImage: true,
      ignoreExcludeList: false,
      autoLinkTracking: true,
      unsubscribeTypeId: pick(cr, [1, 2, 3]),
      dispatcherId: data.dispatchers[0]!.dispatcherId,
      templateId: data.templates.length ? pick(cr, data.templates).templateId : null,
      useWysiwyg: true,
      campaignType: 1,
      status: 1,
      schedulerId: null,
      nextRunTime: null,
      mailingListIds: listIds.length ? [...new Set([pick(cr, listIds), pick(cr, listIds)])] : [],
    })
  }

  const dr = seedStream(seed, 'distributions')
  const mailable = data.campaigns.filter((c) => c.mailingListIds.length)
  for (let i = 0; i < sizes.distributions && mailable.length; i++)
    with_(at(300 - Math.floor((i * 290) / Math.max(1, sizes.distributions))), () =>
      runDistribution(sim, pick(dr, mailable).campaignId, { limit: MAILS_PER_DISTRIBUTION }),
    )

  const xr = seedStream(seed, 'exclude')
  for (const contact of data.contacts.filter(() => chance(xr, 0.02)))
    exclude(
      store,
      contact.email,
      {
        origin: ExcludeOrigin.api,
        reasonId: ExcludeReason.other,
        reason: 'Nechce dostávat e-maily',
      },
      at(intBetween(xr, 1, 200)),
    )

  const gr = seedStream(seed, 'coupons')
  for (const [name, color] of [
    ['Sleva 10 %', '#3E50B4'],
    ['Doprava zdarma', '#4CAF50'],
    ['Sleva 300 Kč', '#FF9800'],
  ] as const)
    data.couponGroups.push({ couponGroupId: store.nextId('couponGroup'), name, color })
  for (let n = 0; n < sizes.coupons; n++) {
    const group = pick(gr, data.couponGroups)
    data.coupons.push({
      couponId: store.nextId('coupon'),
      couponGroupId: group.couponGroupId,
      mailId: null,
      generatorExecutionId: null,
      transactionalEmailId: null,
      transactionalEmailGuid: null,
      coupon: `KOPRU-${String(100000 + n * 7 + intBetween(gr, 0, 6)).slice(-6)}`,
      email: null,
      created: stamp(at(120)),
      validity: chance(gr, 0.5) ? stamp(at(-90)) : null,
      sent: null,
    })
  }

  const er = seedStream(seed, 'transactional')
  for (let n = 0; n < sizes.transactionalEmails && data.contacts.length; n++) {
    const contact = pick(er, data.contacts)
    const order = 10_000 + n
    with_(at(intBetween(er, 0, 180) + er()), () =>
      sendEmails(sim, {
        fromAddress: `objednavky@${SHOP}`,
        fromDisplayName: 'Kopru e-shop',
        to: [{ address: contact.email }],
        subject: `Potvrzení objednávky č. ${order}`,
        bodyHtml: `<p>Děkujeme za objednávku č. ${order}.</p><a href="https://www.${SHOP}/objednavka/${order}">Stav objednávky</a>`,
        trackOpens: true,
        trackClicks: true,
        Tag: 'objednavka',
      }),
    )
  }

  const sr = seedStream(seed, 'sms')
  for (let n = 0; n < sizes.sms; n++)
    with_(at(intBetween(sr, 0, 180)), () =>
      sendSms(sim, {
        to: [{ number: cs.mobile(sr) }],
        text: `Vaše objednávka č. ${20_000 + n} je připravena k vyzvednutí. Kopru e-shop`,
        priority: 3,
      }),
    )

  const kr = seedStream(seed, 'carts')
  sim.switches = { ...sim.switches, trackerInstance: 'kopru-shop' }
  for (let n = 0; n < sizes.carts; n++) {
    const visitorId = `seed${String(n).padStart(6, '0')}${Math.floor(kr() * 1e6)}`
    const items = Array.from({ length: intBetween(kr, 1, 3) }, (_, i) => {
      const p = cs.product(kr, n * 3 + i)
      return {
        amount: intBetween(kr, 1, 3),
        name: p.name,
        url: `https://www.${SHOP}/produkt/${p.code}`,
        productImageUrl: `https://www.${SHOP}/img/${p.code}.jpg`,
        code: p.code,
        currency: Currency.CZK,
        price: p.price,
        priceVat: Math.round(p.price * (1 + cs.VAT_RATE) * 100) / 100,
        category: p.category,
        manufacturer: p.manufacturer,
      }
    })
    const base = { instance: 'kopru-shop', visitorId }
    with_(at(intBetween(kr, 0, 30) + kr()), () => {
      track(sim, { ...base, action: 'updateBasketContent', items })
      if (chance(kr, 0.5) && data.contacts.length)
        track(sim, { ...base, action: 'identifyVisitor', email: pick(kr, data.contacts).email })
      if (chance(kr, 0.4))
        track(sim, { ...base, action: 'sessionCompleted', orderId: `OBJ-${30_000 + n}` })
    })
  }
  return data
}

function dispatcher(dispatcherId: number, domain: string, verify: boolean) {
  const url = `https://${domain}/m/`
  return {
    dispatcherId,
    status: 2,
    genericDispatcherId: verify ? null : 1,
    genericDispatcherDomain: verify ? null : domain,
    name: verify ? 'Novinky e-shopu' : '',
    title: url,
    url,
    useHttps: true,
    subscribeReturnUrl: `https://www.${SHOP}/dekujeme`,
    unsubscribeReturnUrl: `https://www.${SHOP}/odhlaseno`,
    useSubscribeAuthentication: verify,
    sendSubscribeAuthenticationFormReturnUrl: '',
    subscribeCampaignId: null,
    useSendWelcomeMail: false,
    welcomeCampaignId: null,
    useUnsubscribeAuthentication: false,
    unsubscribeAuthenticationReturnUrl: '',
    sendUnsubscribeAuthenticationFormReturnUrl: '',
    useFeedback: false,
    feedback: null,
    feedbackUrl: null,
    domainRewrite: verify ? domain : '',
    cnameRecord: verify ? `${domain}. CNAME m1.mail-komplet.cz.` : null,
    useIdentifier: false,
  }
}
