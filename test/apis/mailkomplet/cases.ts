/** Every operation's success and its own documented failure, as data: run by several suites. */
import { expect } from 'vitest'
import type { MailKompletOperationId } from '../../../src/apis/mailkomplet/operations.ts'
import { refused, type Setup } from './support.ts'

export type Check = (s: Setup) => Promise<void>
const contactOf = (s: Setup) => s.state.data.contacts.find((c) => c.lists.length)!
const execution = (s: Setup) => s.state.data.executions[0]!.generatorExecutionId
const sentEmail = (s: Setup) => s.state.data.transactionalEmails.find((e) => e.delivered !== null)!

export const success: Record<MailKompletOperationId, Check> = {
  'mailingLists.list': async (s) => {
    const page = await s.mk.mailingLists.list({ pageSize: 2 })
    expect(page.totalRecordCount).toBe(s.state.data.mailingLists.length)
    expect(page.data).toHaveLength(2)
    expect(page.pageCount).toBe(2)
  },
  'mailingLists.create': async (s) => {
    const { mailingListId } = await s.mk.mailingLists.create({ name: 'Podzim', isTest: false })
    expect(s.state.data.mailingLists.at(-1)).toMatchObject({ mailingListId, name: 'Podzim' })
  },
  'mailingLists.update': async (s) => {
    const id = s.state.data.mailingLists[0]!.mailingListId
    expect(await s.mk.mailingLists.update({ mailingListId: id, description: 'Nový popis' })).toBe(
      undefined,
    )
    expect(s.state.data.mailingLists[0]!.description).toBe('Nový popis')
  },
  'mailingLists.delete': async (s) => {
    const id = s.state.data.mailingLists[0]!.mailingListId
    await s.mk.mailingLists.delete({ mailingListIds: [id] })
    expect(s.state.data.mailingLists.some((l) => l.mailingListId === id)).toBe(false)
  },
  'contacts.list': async (s) => {
    const c = contactOf(s)
    const page = await s.mk.contacts.list({ email: c.email.slice(0, 8).toUpperCase() })
    expect(page.data.map((x) => x.contactId)).toContain(c.contactId)
    expect(page.data[0]!.customColumns).toHaveProperty('cc_mesto')
  },
  'contacts.create': async (s) => {
    const { contactId } = await s.mk.contacts.create({
      email: 'pavel.novy@seznam.cz',
      name: 'Pavel',
      customColumns: { last_order: '2026-01-09T09:46:17' },
    })
    const [c] = (await s.mk.contacts.list({ contactId })).data
    expect(c).toMatchObject({ email: 'pavel.novy@seznam.cz', name: 'Pavel' })
    expect(c!.customColumns.cc_last_order).toBe('2026-01-09T09:46:17')
  },
  'contacts.update': async (s) => {
    const c = contactOf(s)
    await s.mk.contacts.update({ contactId: c.contactId, company: 'Pekárna Novák s.r.o.' })
    expect(s.state.contactById(c.contactId)!.company).toBe('Pekárna Novák s.r.o.')
  },
  'contacts.delete': async (s) => {
    const c = contactOf(s)
    await s.mk.contacts.delete({ contactIds: [c.contactId] })
    expect(s.state.contactById(c.contactId)).toBeUndefined()
  },
  'contacts.import': async (s) => {
    const { operationId } = await s.mk.contacts.import({
      preImportAction: 0,
      contactOverwriteMode: 1,
      contacts: [{ email: 'import@example.cz', name: 'Ivana' }],
    })
    expect(operationId).toMatch(/^[0-9a-f-]{36}$/)
    expect(s.state.data.imports.at(-1)!.status).toBe('Waiting')
  },
  'contacts.bulkInfo': async (s) => {
    const { operationId } = await s.mk.contacts.import({
      preImportAction: 0,
      contactOverwriteMode: 1,
      contacts: [{ email: 'bulk@example.cz' }],
    })
    expect(await s.mk.contacts.bulkInfo({ operationId })).toEqual({
      status: 'SuccessfulyFinished',
      errors: null,
      errorMessage: null,
    })
    expect(s.state.contactByEmail('bulk@example.cz')).toBeDefined()
  },
  'contacts.activity': async (s) => {
    const email = sentEmail(s).toAddress
    const actions = await s.mk.contacts.activity({ email })
    expect(actions.map((a) => a.actionTypeId)).toContain(4)
  },
  'contacts.subscribe': async (s) => {
    const dispatcherId = s.state.data.dispatchers.find(
      (d) => d.useSubscribeAuthentication,
    )!.dispatcherId
    const { subscribeRequestId } = await s.mk.contacts.subscribe({
      email: 'odber@example.cz',
      dispatcherId,
      mailingListIds: [s.state.data.mailingLists[0]!.mailingListId],
    })
    expect(s.state.data.subscribeRequests.at(-1)).toMatchObject({
      subscribeRequestId,
      confirmed: null,
    })
    expect(s.state.contactByEmail('odber@example.cz')).toBeUndefined()
  },
  'templates.list': async (s) => {
    const id = s.state.data.templates[1]!.templateId
    expect((await s.mk.templates.list({ templateId: id })).data.map((t) => t.templateId)).toEqual([
      id,
    ])
  },
  'campaigns.list': async (s) => {
    const page = await s.mk.campaigns.list({ pageSize: 100 })
    expect(page.totalRecordCount).toBe(s.state.data.campaigns.length)
    expect(page.data[0]).toHaveProperty('status')
  },
  'campaigns.get': async (s) => {
    const id = s.state.data.campaigns[0]!.campaignId
    const detail = await s.mk.campaigns.get({ campaignId: id })
    expect(detail.campaignId).toBe(id)
    expect(detail).toHaveProperty('unsubscribeTypeId')
  },
  'campaigns.create': async (s) => {
    const { campaignId } = await s.mk.campaigns.create({
      name: 'Vánoční akce',
      unsubscribeTypeId: 2,
      mailFromAddress: 'info@kopru-eshop.cz',
      webTrackParam: 'null',
    })
    expect((await s.mk.campaigns.get({ campaignId })).webTrackParam).toBeNull()
  },
  'campaigns.update': async (s) => {
    const id = s.state.data.campaigns[0]!.campaignId
    await s.mk.campaigns.update({ campaignId: id, name: 'Přejmenováno' })
    expect((await s.mk.campaigns.get({ campaignId: id })).name).toBe('Přejmenováno')
  },
  'campaigns.delete': async (s) => {
    const id = s.state.data.campaigns[0]!.campaignId
    await s.mk.campaigns.delete({ id })
    await refused(s.mk.campaigns.get({ campaignId: id }), 404)
  },
  'dispatchers.list': async (s) => {
    expect((await s.mk.dispatchers.list()).data).toHaveLength(2)
  },
  'generatorExecutions.list': async (s) => {
    const [first] = (await s.mk.generatorExecutions.list()).data
    expect(first!.totalCount).toBeGreaterThan(0)
    expect(first!.deliveryCount + first!.bounceCount).toBe(first!.totalCount)
  },
  'marketingEmails.list': async (s) => {
    const page = await s.mk.marketingEmails.list({ generatorExecutionId: execution(s) })
    expect(page.data.every((m) => m.generatorExecutionId === execution(s))).toBe(true)
  },
  'marketingEmails.listOpens': async (s) => {
    const page = await s.mk.marketingEmails.listOpens({ generatorExecutionId: execution(s) })
    expect(page.totalRecordCount).toBeGreaterThan(0)
  },
  'marketingEmails.listClicks': async (s) => {
    const page = await s.mk.marketingEmails.listClicks({ generatorExecutionId: execution(s) })
    expect(page.data.every((c) => c.linkUrl.startsWith('https://'))).toBe(true)
  },
  'transactionalEmails.list': async (s) => {
    const e = sentEmail(s)
    const page = await s.mk.transactionalEmails.list({ guid: e.guid })
    expect(page.data.map((x) => x.emailId)).toEqual([e.emailId])
  },
  'transactionalEmails.send': async (s) => {
    const sent = await s.mk.transactionalEmails.send({
      email: {
        fromAddress: 'obchod@kopru-eshop.cz',
        to: [{ address: 'nova.adresa@seznam.cz' }],
        subject: 'Děkujeme',
        bodyHtml: '<a href="https://kopru-eshop.cz">e-shop</a>',
      },
    })
    expect(sent).toEqual([{ email: 'nova.adresa@seznam.cz', guid: expect.any(String) }])
  },
  'transactionalEmails.listOpens': async (s) => {
    const open = s.state.data.transactionalOpens[0]!
    const page = await s.mk.transactionalEmails.listOpens({ emailId: open.emailId })
    expect(page.data[0]!.openId).toBe(open.openId)
  },
  'transactionalEmails.listClicks': async (s) => {
    s.set({ forcedOutcomes: { 'klik@example.cz': 'click' } })
    await s.mk.transactionalEmails.send({
      email: {
        fromAddress: 'obchod@kopru-eshop.cz',
        to: [{ address: 'klik@example.cz' }],
        subject: 'Odkaz',
        bodyHtml: '<a href="https://kopru-eshop.cz/a">a</a>',
      },
    })
    const page = await s.mk.transactionalEmails.listClicks({ pageSize: 1000 })
    expect(page.data.at(-1)).toMatchObject({
      toAddress: 'klik@example.cz',
      linkUrl: 'https://kopru-eshop.cz/a',
    })
  },
  'transactionalEmails.bounceInfo': async (s) => {
    s.set({ forcedOutcomes: { 'neexistuje@example.cz': 'hardBounce' } })
    const [sent] = await s.mk.transactionalEmails.send({
      email: {
        fromAddress: 'a@kopru-eshop.cz',
        to: [{ address: 'neexistuje@example.cz' }],
        subject: 'x',
      },
    })
    const emailId = s.state.data.transactionalEmails.find((e) => e.guid === sent!.guid)!.emailId
    const [info] = await s.mk.transactionalEmails.bounceInfo({ emailId })
    expect(info).toMatchObject({ emailId, dsnStatus: '5.1.1', email: 'neexistuje@example.cz' })
  },
  'transactionalSms.list': async (s) => {
    const page = await s.mk.transactionalSms.list({ to: '420' })
    expect(page.totalRecordCount).toBe(s.state.data.sms.length)
    expect(page).not.toHaveProperty('pageCount')
  },
  'transactionalSms.send': async (s) => {
    const [sent] = await s.mk.transactionalSms.send({
      sms: { to: [{ number: '775 123 456' }], text: 'Vaše zásilka dorazila.' },
    })
    expect(sent).toEqual({ number: '+420775123456', guid: expect.any(String) })
  },
  'customColumns.list': async (s) => {
    const system = await s.mk.customColumns.list({ isSystem: true })
    expect(system.data.map((c) => c.originalName)).toEqual(['cc_wk_pane_pani', 'cc_wk_mily_mila'])
  },
  'customColumns.create': async (s) => {
    const { customColumnId } = await s.mk.customColumns.create({
      dataTypeId: 2,
      name: 'pocet_objednavek',
    })
    const [column] = (await s.mk.customColumns.list({ customColumnId })).data
    expect(column).toMatchObject({ name: 'pocet_objednavek', originalName: 'cc_pocet_objednavek' })
  },
  'customColumns.update': async (s) => {
    await s.mk.customColumns.update({ name: 'mesto', caption: 'Obec' })
    expect(s.state.data.customColumns.find((c) => c.name === 'mesto')!.caption).toBe('Obec')
  },
  'customColumns.delete': async (s) => {
    const id = s.state.data.customColumns.find((c) => c.name === 'mesto')!.customColumnId
    await s.mk.customColumns.delete({ id })
    const [c] = (await s.mk.contacts.list({ pageSize: 1 })).data
    expect(c!.customColumns).not.toHaveProperty('cc_mesto')
  },
  'excludeLists.list': async (s) => {
    const page = await s.mk.excludeLists.list({ pageSize: 1000 })
    expect(page.totalRecordCount).toBe(s.state.data.excludeList.length)
  },
  'excludeLists.create': async (s) => {
    expect(await s.mk.excludeLists.create({ email: 'ven@example.cz', reason: 'nechce' })).toBe(
      undefined,
    )
    expect(s.state.data.excludeList.at(-1)).toMatchObject({
      email: 'ven@example.cz',
      mailingListId: null,
    })
  },
  'excludeLists.delete': async (s) => {
    const id = s.state.data.excludeList[0]!.excludeListId
    await s.mk.excludeLists.delete({ id })
    expect(s.state.data.excludeList.some((e) => e.excludeListId === id)).toBe(false)
  },
  'saleCouponGroups.list': async (s) => {
    expect((await s.mk.saleCouponGroups.list()).data.map((g) => g.name)).toContain('Sleva 10 %')
  },
  'saleCouponGroups.create': async (s) => {
    const { couponGroupId } = await s.mk.saleCouponGroups.create({
      name: 'treti',
      color: '#3E50B4',
    })
    expect(s.state.data.couponGroups.at(-1)).toEqual({
      couponGroupId,
      name: 'treti',
      color: '#3E50B4',
    })
  },
  'saleCouponGroups.update': async (s) => {
    const id = s.state.data.couponGroups[0]!.couponGroupId
    expect(await s.mk.saleCouponGroups.update({ couponGroupId: id, name: 'treti edit' })).toEqual({
      couponGroupId: id,
    })
    expect(s.state.data.couponGroups[0]!.name).toBe('treti edit')
  },
  'saleCouponGroups.delete': async (s) => {
    const id = s.state.data.couponGroups[0]!.couponGroupId
    await s.mk.saleCouponGroups.delete({ id })
    expect(s.state.data.coupons.some((c) => c.couponGroupId === id)).toBe(false)
  },
  'saleCoupons.list': async (s) => {
    const page = await s.mk.saleCoupons.list({ sent: false, pageSize: 1000 })
    expect(page.totalRecordCount).toBe(s.state.data.coupons.filter((c) => !c.sent).length)
  },
  'saleCoupons.create': async (s) => {
    const couponGroupId = s.state.data.couponGroups[0]!.couponGroupId
    await s.mk.saleCoupons.create({ couponGroupId, coupons: [{ code: 'coupon1', validity: null }] })
    expect((await s.mk.saleCoupons.list({ coupon: 'COUPON1' })).data).toHaveLength(1)
  },
  'saleCoupons.delete': async (s) => {
    const id = s.state.data.coupons[0]!.couponId
    await s.mk.saleCoupons.delete({ id })
    expect(s.state.data.coupons.some((c) => c.couponId === id)).toBe(false)
  },
}

/** Each operation's own failures (the general 403/404/405/500 are in openapi-answers.test.ts). */
export const failures: Record<MailKompletOperationId, Check> = {
  'mailingLists.list': (s) =>
    refused(s.mk.mailingLists.list({ pageSize: 0 }, { validateInput: false }), 400).then(),
  'mailingLists.create': async (s) => {
    await refused(
      s.mk.mailingLists.create({ name: s.state.data.mailingLists[0]!.name, isTest: false }),
      400,
    )
  },
  'mailingLists.update': (s) =>
    refused(s.mk.mailingLists.update({ mailingListId: 999_999, name: 'x' }), 404).then(),
  'mailingLists.delete': (s) =>
    refused(s.mk.mailingLists.delete({ mailingListIds: [999_999] }), 404).then(),
  'contacts.list': (s) =>
    refused(s.mk.contacts.list({ page: 0 }, { validateInput: false }), 400).then(),
  'contacts.create': async (s) => {
    const error = await refused(
      s.mk.contacts.create({ email: 'a@b.cz', mailingListIds: [999_999] }),
      400,
    )
    expect(error.problems[0]).toMatch(/mailing list 999999/)
  },
  'contacts.update': (s) =>
    refused(s.mk.contacts.update({ contactId: 999_999, name: 'x' }), 404).then(),
  'contacts.delete': (s) => refused(s.mk.contacts.delete({ contactIds: [999_999] }), 404).then(),
  'contacts.import': async (s) => {
    const input = { preImportAction: 3, contactOverwriteMode: 1, contacts: [{ email: 'a@b.cz' }] }
    await refused(s.mk.contacts.import(input as never, { validateInput: false }), 400)
  },
  'contacts.bulkInfo': (s) => refused(s.mk.contacts.bulkInfo({ operationId: 'nope' }), 404).then(),
  'contacts.activity': (s) =>
    refused(s.mk.contacts.activity({ email: 'x' }, { validateInput: false }), 400).then(),
  'contacts.subscribe': (s) =>
    refused(s.mk.contacts.subscribe({ email: 'a@b.cz', dispatcherId: 999 }), 400).then(),
  'templates.list': (s) =>
    refused(s.mk.templates.list({ templateId: 0 }, { validateInput: false }), 400).then(),
  'campaigns.list': (s) =>
    refused(s.mk.campaigns.list({ pageSize: 5000 }, { validateInput: false }), 400).then(),
  'campaigns.get': (s) => refused(s.mk.campaigns.get({ campaignId: 999_999 }), 404).then(),
  'campaigns.create': async (s) => {
    const input = {
      name: 'x',
      unsubscribeTypeId: 2 as const,
      mailFromAddress: 'a@b.cz',
      templateId: 999_999,
    }
    await refused(s.mk.campaigns.create(input), 400)
  },
  'campaigns.update': (s) =>
    refused(s.mk.campaigns.update({ campaignId: 999_999, name: 'x' }), 404).then(),
  'campaigns.delete': (s) => refused(s.mk.campaigns.delete({ id: 999_999 }), 404).then(),
  'dispatchers.list': (s) =>
    refused(s.mk.dispatchers.list({ page: -1 }, { validateInput: false }), 400).then(),
  'generatorExecutions.list': (s) =>
    refused(
      s.mk.generatorExecutions.list({ isTesting: 'maybe' } as never, { validateInput: false }),
      400,
    ).then(),
  'marketingEmails.list': (s) =>
    refused(s.mk.marketingEmails.list({ generatorExecutionId: 999_999 }), 404).then(),
  'marketingEmails.listOpens': (s) =>
    refused(s.mk.marketingEmails.listOpens({} as never, { validateInput: false }), 400).then(),
  'marketingEmails.listClicks': (s) =>
    refused(s.mk.marketingEmails.listClicks({ generatorExecutionId: 999_999 }), 404).then(),
  'transactionalEmails.list': (s) =>
    refused(
      s.mk.transactionalEmails.list({ isOpened: 'x' } as never, { validateInput: false }),
      400,
    ).then(),
  'transactionalEmails.send': async (s) => {
    const input = { email: { fromAddress: 'a@b.cz', to: [], subject: 'x' } }
    await refused(s.mk.transactionalEmails.send(input, { validateInput: false }), 400)
  },
  'transactionalEmails.listOpens': (s) =>
    refused(
      s.mk.transactionalEmails.listOpens({ emailId: 0 }, { validateInput: false }),
      400,
    ).then(),
  'transactionalEmails.listClicks': (s) =>
    refused(
      s.mk.transactionalEmails.listClicks({ clickId: -4 }, { validateInput: false }),
      400,
    ).then(),
  'transactionalEmails.bounceInfo': (s) =>
    refused(s.mk.transactionalEmails.bounceInfo({ emailId: 999_999 }), 404).then(),
  'transactionalSms.list': (s) =>
    refused(s.mk.transactionalSms.list({ smsId: 0 }, { validateInput: false }), 400).then(),
  'transactionalSms.send': async (s) => {
    const input = { sms: { to: [{ number: 'not a number' }], text: 'x' } }
    await refused(s.mk.transactionalSms.send(input, { validateInput: false }), 400)
  },
  'customColumns.list': (s) =>
    refused(s.mk.customColumns.list({ page: 0 }, { validateInput: false }), 400).then(),
  'customColumns.create': (s) =>
    refused(s.mk.customColumns.create({ dataTypeId: 1, name: 'mesto' }), 400).then(),
  'customColumns.update': (s) =>
    refused(s.mk.customColumns.update({ customColumnId: 999_999 }), 404).then(),
  'customColumns.delete': async (s) => {
    const system = s.state.data.customColumns.find((c) => c.system)!.customColumnId
    await refused(s.mk.customColumns.delete({ id: system }), 400)
    await refused(s.mk.customColumns.delete({ id: 999_999 }), 404)
  },
  'excludeLists.list': (s) =>
    refused(s.mk.excludeLists.list({ excludeListId: 0 }, { validateInput: false }), 400).then(),
  'excludeLists.create': (s) =>
    refused(s.mk.excludeLists.create({ email: 'a@b.cz', mailingListsId: 999_999 }), 400).then(),
  'excludeLists.delete': (s) => refused(s.mk.excludeLists.delete({ id: 999_999 }), 404).then(),
  'saleCouponGroups.list': (s) =>
    refused(s.mk.saleCouponGroups.list({ pageSize: 0 }, { validateInput: false }), 400).then(),
  'saleCouponGroups.create': (s) =>
    refused(
      s.mk.saleCouponGroups.create({ name: 'x', color: 'red' }, { validateInput: false }),
      400,
    ).then(),
  'saleCouponGroups.update': (s) =>
    refused(s.mk.saleCouponGroups.update({ couponGroupId: 999_999, name: 'x' }), 404).then(),
  'saleCouponGroups.delete': (s) =>
    refused(s.mk.saleCouponGroups.delete({ id: 999_999 }), 404).then(),
  'saleCoupons.list': (s) =>
    refused(s.mk.saleCoupons.list({ couponGroupId: 0 }, { validateInput: false }), 400).then(),
  'saleCoupons.create': async (s) => {
    const existing = s.state.data.coupons[0]!
    const input = { couponGroupId: existing.couponGroupId, coupons: [{ code: existing.coupon }] }
    await refused(s.mk.saleCoupons.create(input), 400)
  },
  'saleCoupons.delete': (s) => refused(s.mk.saleCoupons.delete({ id: 999_999 }), 404).then(),
}
