import { describe, expect, it } from 'vitest'
import { setrowErrors } from '../../../src/apis/setrow/errors.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { setrowApi, type SetrowOperationId } from '../../../src/apis/setrow/operations.ts'
import { referenceEndpoints } from '../../support/reference.ts'
import { codeOf, daysAgo, NOW_STAMP, setup, type Setup } from './setup.ts'

type Check = (s: Setup) => Promise<void>
const ops: Record<string, OperationDef> = setrowApi.operations

describe('the definition', () => {
  const rows = referenceEndpoints()
    .filter((row) => row.api === 'setrow')
    .map((row) => [row.api, row.method, row.path, '', row.title])
  const normal = (path: string) => path.replace(/\?.*$/, '').replace(/\{[^}]*\}/g, '{}')

  it('declares the 65 documented operations with their method, heading path and title', () => {
    const documented = rows.map(
      ([, method, path, , title]) => `${method} ${normal(path!)} ${title}`,
    )
    const declared = Object.values(ops).map((o) => `${o.method} ${normal(o.path)} ${o.summary}`)
    expect(declared.sort()).toEqual(documented.sort())
    expect(declared).toHaveLength(65)
  })

  it('sends the segment the example URIs show where the heading leaves it out', () => {
    expect(ops['email.get']!.wirePath).toBe('/email/{email}')
    expect(ops['unsubscribe.sms.status']!.wirePath).toBe('/unsubscribe/sms/{number}')
  })

  it('documents only codes of the error table, which holds all 50 of the seed', () => {
    expect(Object.keys(setrowErrors)).toHaveLength(50)
    for (const op of Object.values(ops))
      for (const code of op.errors ?? []) expect(setrowErrors).toHaveProperty(code)
  })
})

// --- every operation's success path --------------------------------------------------------

const success: Record<SetrowOperationId, Check> = {
  'email.get': async (s) => {
    const { address, groupId } = s.member('email')
    const card = await s.client.email.get({ email: address })
    expect(card.email).toBe(address)
    expect(card.groups.map((g) => g.groupId)).toContain(groupId)
  },
  'email.add': async (s) => {
    const answer = await s.client.email.add({
      body: [{ email: 'Yeni.Uye@Example.com', groupId: s.groupOf('email'), name: 'Ayşe' }],
    })
    expect(answer.results).toEqual([{ index: 0, email: 'Yeni.Uye@Example.com', status: 'added' }])
    expect((await s.client.email.get({ email: 'yeni.uye@example.com' })).name).toBe('Ayşe')
  },
  'email.transfer': async (s) => {
    const { address, groupId } = s.member('email')
    const to = [...s.state.groups.values()].find(
      (g) => g.channel === 'email' && !s.state.contacts.email.get(address)!.groups.includes(g.id),
    )!.id
    const answer = await s.client.email.transfer({
      body: [{ email: address, fromGroupId: groupId, toGroupId: to }],
    })
    expect(answer.results[0]!.status).toBe('transferred')
    expect(s.state.contacts.email.get(address)!.groups).toContain(to)
  },
  'email.delete': async (s) => {
    const { address, groupId } = s.member('email')
    const answer = await s.client.email.delete({ body: [{ email: address, groupId }] })
    expect(answer.results[0]!.status).toBe('deleted')
    expect(s.state.contacts.email.get(address)!.groups).not.toContain(groupId)
  },
  'sms.report': async (s) => {
    const reports = await s.client.sms.report({ startDate: daysAgo(30), lastDate: daysAgo(0) })
    expect(reports.length).toBeGreaterThan(0)
    expect(reports.every((r) => r.sendDate >= daysAgo(30))).toBe(true)
  },
  'sms.get': async (s) => {
    const { address } = s.member('sms')
    expect((await s.client.sms.get({ number: `0${address}` })).number).toBe(address)
  },
  'sms.add': async (s) => {
    const answer = await s.client.sms.add({
      body: [{ number: '+90 532 111 22 33', groupId: s.groupOf('sms'), allowStatus: 'Y' }],
    })
    expect(answer.results[0]).toMatchObject({ status: 'added' })
    expect(s.state.contacts.sms.has('5321112233')).toBe(true)
  },
  'sms.transfer': async (s) => {
    const { address, groupId } = s.member('sms')
    const to = [s.groupOf('sms', 0), s.groupOf('sms', 1), s.groupOf('sms', 2)].find(
      (id) => !s.state.contacts.sms.get(address)!.groups.includes(id),
    )!
    const answer = await s.client.sms.transfer({
      body: [{ number: address, fromGroupId: groupId, toGroupId: to }],
    })
    expect(answer.results[0]!.status).toBe('transferred')
  },
  'sms.delete': async (s) => {
    const { address } = s.member('sms')
    const answer = await s.client.sms.delete({ body: [{ number: address }] })
    expect(answer.results[0]!.status).toBe('deleted')
    expect(s.state.contacts.sms.get(address)!.groups).toEqual([])
  },
  'whatsapp.report': async (s) => {
    const number = s.state.reports.whatsapp[0]!.number
    const reports = await s.client.whatsapp.report({ number })
    expect(reports.length).toBeGreaterThan(0)
    expect(reports.every((r) => r.number === number)).toBe(true)
  },
  'whatsapp.get': async (s) => {
    const { address } = s.member('whatsapp')
    expect((await s.client.whatsapp.get({ number: address })).number).toBe(address)
  },
  'whatsapp.add': async (s) => {
    const answer = await s.client.whatsapp.add({
      body: [{ number: '5448848919', groupId: s.groupOf('whatsapp') }],
    })
    expect(answer.results[0]!.status).toBe('added')
    expect(s.state.contacts.whatsapp.has('905448848919')).toBe(true)
  },
  'whatsapp.delete': async (s) => {
    const { address, groupId } = s.member('whatsapp')
    const answer = await s.client.whatsapp.delete({ body: [{ number: address, groupId }] })
    expect(answer.results[0]!.status).toBe('deleted')
  },
  'wrong.whatsapp.list': async (s) => {
    s.state.lists.wrongWhatsapp.set('905551112233', {
      address: '905551112233',
      date: `${daysAgo(3)} 12:00:00`,
    })
    const list = await s.client.wrong.whatsapp.list({
      startDate: daysAgo(10),
      lastDate: daysAgo(0),
    })
    expect(list).toContainEqual({ number: '905551112233', date: `${daysAgo(3)} 12:00:00` })
  },
  'groups.whatsapp.list': async (s) => {
    const groups = await s.client.groups.whatsapp.list()
    expect(groups.map((g) => g.groupName)).toContain('WhatsApp Kampanya')
  },
  'groups.whatsapp.members': async (s) => {
    const { address, groupId } = s.member('whatsapp')
    const data = await s.client.groups.whatsapp.members({ whatsapp_group_id: groupId })
    expect(data.members.map((m) => m.number)).toContain(address)
  },
  'groups.whatsapp.create': async (s) => {
    const created = await s.client.groups.whatsapp.create({ groupName: 'Yeni Sezon' })
    expect(s.state.groups.get(created.groupId)).toMatchObject({ channel: 'whatsapp' })
  },
  'unsubscribe.whatsapp.list': async (s) => {
    await s.client.unsubscribe.whatsapp.add({ number: '905551112233' })
    const list = await s.client.unsubscribe.whatsapp.list({
      startDate: daysAgo(1),
      lastDate: daysAgo(0),
    })
    expect(list.map((e) => e.number)).toContain('905551112233')
  },
  'unsubscribe.whatsapp.status': async (s) => {
    const answer = await s.client.unsubscribe.whatsapp.status({ number: '905551112233' })
    expect(answer).toEqual({ number: '905551112233', unsubscribed: false, date: null })
  },
  'unsubscribe.whatsapp.add': async (s) => {
    const answer = await s.client.unsubscribe.whatsapp.add({ number: '905551112233' })
    expect(answer).toMatchObject({ number: '905551112233', status: 'added' })
  },
  'unsubscribe.whatsapp.delete': async (s) => {
    await s.client.unsubscribe.whatsapp.add({ number: '905551112233' })
    const answer = await s.client.unsubscribe.whatsapp.delete({ number: '905551112233' })
    expect(answer.status).toBe('deleted')
  },
  'groups.email.list': async (s) => {
    const groups = await s.client.groups.email.list()
    const total = groups.reduce((sum, g) => sum + g.memberCount, 0)
    expect(groups).toHaveLength(6)
    expect(total).toBeGreaterThanOrEqual(s.state.contacts.email.size)
  },
  'groups.email.members': async (s) => {
    const { address, groupId } = s.member('email')
    const data = await s.client.groups.email.members({ group_id: groupId })
    expect(data.members.find((m) => m.email === address)).not.toHaveProperty('spArea4')
  },
  'groups.email.filter': async (s) => {
    const groupId = s.groupOf('email')
    const data = await s.client.groups.email.filter({
      group_id: groupId,
      _filter: { spArea1: 'Y' },
      getAreas: ['spArea1', 'spArea4'],
    })
    expect(data.members.length).toBeGreaterThan(0)
    expect(data.members.every((m) => m.spArea1 === 'Y' && m.spArea4)).toBe(true)
  },
  'groups.email.auto': async (s) => {
    const data = await s.client.groups.email.auto({ group_id: 9004 })
    expect(data.groupName).toBe('İzinli Aboneler')
    expect(data.members.every((m) => m.allowStatus === 'Y' || m.allowStatus === 'L')).toBe(true)
  },
  'groups.email.create': async (s) => {
    const created = await s.client.groups.email.create({ groupName: 'Kış İndirimi' })
    const groups = await s.client.groups.email.list()
    expect(groups).toContainEqual(expect.objectContaining({ ...created, memberCount: 0 }))
  },
  'groups.sms.list': async (s) => {
    expect((await s.client.groups.sms.list()).map((g) => g.groupName)).toContain('SMS Kampanya')
  },
  'groups.sms.members': async (s) => {
    const { address, groupId } = s.member('sms')
    const data = await s.client.groups.sms.members({ sms_group_id: groupId })
    expect(data.members.map((m) => m.number)).toContain(address)
  },
  'groups.sms.filter': async (s) => {
    const { groupId } = s.member('sms')
    const data = await s.client.groups.sms.filter({
      sms_group_id: groupId,
      _filters: { spArea2: 'HS_WEB', spArea1: 'Y' },
      getAreas: ['spArea1', 'spArea2', 'spArea3'],
    })
    expect(data.members.every((m) => m.spArea2 === 'HS_WEB' && m.spArea1 === 'Y')).toBe(true)
  },
  'groups.sms.create': async (s) => {
    const created = await s.client.groups.sms.create({ groupName: 'Bayram Kampanyası' })
    expect(s.state.groups.get(created.groupId)!.channel).toBe('sms')
  },
  'categories.list': async (s) => {
    const categories = await s.client.categories.list()
    expect(categories.find((c) => c.categoryId === 1)).toMatchObject({ parentCategoryId: 0 })
  },
  'categories.add': async (s) => {
    const answer = await s.client.categories.add({
      body: [{ categoryId: 900, categoryName: 'Outlet', parentCategoryId: 1 }],
    })
    expect(answer.results[0]).toMatchObject({ categoryId: 900, status: 'added' })
  },
  'categories.delete': async (s) => {
    await s.client.categories.add({ body: [{ categoryId: 900, categoryName: 'Outlet' }] })
    expect(await s.client.categories.delete({ categoryId: 900 })).toEqual({
      categoryId: 900,
      status: 'deleted',
    })
  },
  'products.list': async (s) => {
    const passive = await s.client.products.list({ status: 2 })
    expect(passive.every((p) => p.status === 2)).toBe(true)
    const active = await s.client.products.list({ status: 1 })
    expect(active.length + passive.length).toBe(s.state.products.size)
  },
  'products.getByCode': async (s) => {
    const { productCode } = s.product()
    expect((await s.client.products.getByCode({ productCode })).productCode).toBe(productCode)
  },
  'products.getByBarcode': async (s) => {
    const { productBarcode, productCode } = s.product()
    const found = await s.client.products.getByBarcode({ barcode: productBarcode })
    expect(found.productCode).toBe(productCode)
  },
  'products.add': async (s) => {
    const saved = await s.client.products.add({
      productCode: 'STRW-01',
      productBarcode: '8690000000017',
      productName: 'Setrow Kupa',
      price: 149.9,
    })
    expect(saved).toEqual({
      productCode: 'STRW-01',
      productBarcode: '8690000000017',
      status: 'added',
    })
  },
  'products.deleteByCode': async (s) => {
    const { productCode } = s.product()
    expect((await s.client.products.deleteByCode({ productCode })).status).toBe('deleted')
    expect(s.state.products.has(productCode)).toBe(false)
  },
  'products.deleteByBarcode': async (s) => {
    const { productBarcode } = s.product()
    expect((await s.client.products.deleteByBarcode({ barcode: productBarcode })).status).toBe(
      'deleted',
    )
    expect(s.state.productsByBarcode.has(productBarcode)).toBe(false)
  },
  'favorites.list': async (s) => {
    const { productCode } = s.product()
    await s.client.favorites.add({ body: [{ email: 'fav@example.com', productCode }] })
    const list = await s.client.favorites.list({ email: 'fav@example.com' })
    expect(list.map((f) => f.productCode)).toEqual([productCode])
  },
  'favorites.add': async (s) => {
    const { productCode } = s.product()
    const answer = await s.client.favorites.add({
      body: [{ email: 'fav@example.com', productCode }],
    })
    expect(answer.results[0]!.status).toBe('added')
  },
  'favorites.delete': async (s) => {
    const { productCode } = s.product()
    await s.client.favorites.add({ body: [{ email: 'fav@example.com', productCode }] })
    const answer = await s.client.favorites.delete({
      body: [{ email: 'fav@example.com', productCode }],
    })
    expect(answer.results[0]!.status).toBe('deleted')
  },
  'baskets.list': async (s) => {
    const { productCode } = s.product()
    await s.client.baskets.add({ body: [{ email: 'sepet@example.com', productCode, quantity: 2 }] })
    const basket = await s.client.baskets.list({ email: 'sepet@example.com' })
    expect(basket).toEqual([expect.objectContaining({ productCode, quantity: 2 })])
  },
  'baskets.add': async (s) => {
    const answer = await s.client.baskets.add({
      body: [{ email: 'sepet@example.com', productCode: 'ANY-CODE', price: 10 }],
    })
    expect(answer.results[0]!.status).toBe('added')
  },
  'baskets.delete': async (s) => {
    await s.client.baskets.add({
      body: [{ email: 'sepet@example.com', productCode: 'X', price: 1 }],
    })
    await s.client.baskets.delete({ body: [{ email: 'sepet@example.com' }] })
    expect(await s.client.baskets.list({ email: 'sepet@example.com' })).toEqual([])
  },
  'orders.list': async (s) => {
    const buyer = [...s.state.orders.values()][0]!.email
    const orders = await s.client.orders.list({ email: buyer })
    expect(orders.length).toBeGreaterThan(0)
    expect(orders).toEqual([...orders].sort((a, b) => b.orderDate.localeCompare(a.orderDate)))
  },
  'orders.add': async (s) => {
    const answer = await s.client.orders.add({ body: [sampleOrder()] })
    expect(answer.results[0]).toMatchObject({ orderId: 'WEB-1', status: 'added' })
    expect(await s.client.orders.list({ email: 'alici@example.com' })).toHaveLength(1)
  },
  'orders.updateStatus': async (s) => {
    await s.client.orders.add({ body: [sampleOrder()] })
    await s.client.orders.updateStatus({ body: [{ orderId: 'WEB-1', status: 'shipped' }] })
    expect((await s.client.orders.list({ email: 'alici@example.com' }))[0]!.status).toBe('shipped')
  },
  'orders.delete': async (s) => {
    await s.client.orders.add({ body: [sampleOrder()] })
    await s.client.orders.delete({ body: [{ orderId: 'WEB-1' }] })
    expect(await s.client.orders.list({ email: 'alici@example.com' })).toEqual([])
  },
  'unsubscribe.email.list': async (s) => {
    const list = await s.client.unsubscribe.email.list({
      startDate: daysAgo(30),
      lastDate: daysAgo(0),
    })
    expect(list.length).toBeGreaterThan(0)
    expect(list.every((e) => e.date.slice(0, 10) >= daysAgo(30))).toBe(true)
  },
  'unsubscribe.email.add': async (s) => {
    const answer = await s.client.unsubscribe.email.add({ email: 'cikis@example.com' })
    expect(answer).toEqual({
      email: 'cikis@example.com',
      status: 'added',
      date: NOW_STAMP,
    })
  },
  'unsubscribe.email.delete': async (s) => {
    await s.client.unsubscribe.email.add({ email: 'cikis@example.com' })
    expect((await s.client.unsubscribe.email.delete({ email: 'cikis@example.com' })).status).toBe(
      'deleted',
    )
  },
  'unsubscribe.email.status': async (s) => {
    await s.client.unsubscribe.email.add({ email: 'cikis@example.com' })
    expect(await s.client.unsubscribe.email.status({ email: 'cikis@example.com' })).toMatchObject({
      unsubscribed: true,
    })
  },
  'unsubscribe.sms.list': async (s) => {
    await s.client.unsubscribe.sms.add({ number: '5321112233' })
    const list = await s.client.unsubscribe.sms.list({
      startDate: daysAgo(0),
      lastDate: daysAgo(0),
    })
    expect(list).toContainEqual({ number: '5321112233', date: NOW_STAMP })
  },
  'unsubscribe.sms.add': async (s) => {
    // the number as a JSON number, as a script may send it
    const answer = await s.raw('POST', '/unsubscribe/sms', { body: '{"number": 5321112233}' })
    expect(answer.body).toMatchObject({ status: 'success', data: { number: '5321112233' } })
    expect((await s.client.unsubscribe.sms.add({ number: '5551234567' })).status).toBe('added')
  },
  'unsubscribe.sms.delete': async (s) => {
    await s.client.unsubscribe.sms.add({ number: '5321112233' })
    expect((await s.client.unsubscribe.sms.delete({ number: '05321112233' })).status).toBe(
      'deleted',
    )
  },
  'unsubscribe.sms.status': async (s) => {
    expect((await s.client.unsubscribe.sms.status({ number: '5321112233' })).unsubscribed).toBe(
      false,
    )
  },
  'junk.list': async (s) => {
    s.state.lists.junk.set('spam@example.com', {
      address: 'spam@example.com',
      date: `${daysAgo(5)} 08:00:00`,
    })
    const list = await s.client.junk.list({ startDate: daysAgo(6), lastDate: daysAgo(4) })
    expect(list).toEqual([{ email: 'spam@example.com', date: `${daysAgo(5)} 08:00:00` }])
  },
  'junk.status': async (s) => {
    s.state.lists.junk.set('spam@example.com', {
      address: 'spam@example.com',
      date: '2026-03-01 08:00:00',
    })
    expect(await s.client.junk.status({ email: 'SPAM@example.com' })).toEqual({
      email: 'spam@example.com',
      junk: true,
      date: '2026-03-01 08:00:00',
    })
  },
  'wrong.email.list': async (s) => {
    s.state.lists.wrongEmail.set('ali@gmial.com', {
      address: 'ali@gmial.com',
      date: `${daysAgo(2)} 09:00:00`,
    })
    const list = await s.client.wrong.email.list({ startDate: daysAgo(2), lastDate: daysAgo(1) })
    expect(list.map((e) => e.email)).toContain('ali@gmial.com')
  },
  'iys.errors': async (s) => {
    const logs = await s.client.iys.errors({ hours: 96 })
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.every((l) => l.error !== null && l.sentAt >= '2026-03-11 13:00:00')).toBe(true)
  },
  'iys.successes': async (s) => {
    const logs = await s.client.iys.successes({ hours: 96 })
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.every((l) => l.error === null && l.transactionId)).toBe(true)
  },
  'iys.email.list': async (s) => {
    const { address, groupId } = s.member('email')
    s.state.contacts.email.get(address)!.areas.spArea8 = '2026-03-15 11:00:00'
    const data = await s.client.iys.email.list({ hour: 3, groupId, consentDateArea: 'spArea8' })
    expect(data.members.map((m) => m.email)).toEqual([address])
  },
  'iys.sms.list': async (s) => {
    const { address, groupId } = s.member('sms')
    s.state.contacts.sms.get(address)!.consentDate = '2026-03-15 12:30:00'
    const data = await s.client.iys.sms.list({ hour: 1, groupId })
    expect(data.members.map((m) => m.number)).toContain(address)
  },
  'iys.transactions.save': async (s) => {
    const { address } = s.member('email')
    const answer = await s.client.iys.transactions.save({
      body: [{ email: address, requestId: 'req-1', transactionId: 'tx-1' }],
    })
    expect(answer.results[0]).toMatchObject({ recipient: address, status: 'saved' })
    const card = await s.client.email.get({ email: address })
    expect(card.iysTransactions).toEqual([
      { requestId: 'req-1', transactionId: 'tx-1', savedAt: NOW_STAMP },
    ])
  },
}

function sampleOrder() {
  return {
    orderId: 'WEB-1',
    email: 'alici@example.com',
    orderDate: '2026-03-14 18:30:00',
    totalPrice: 299.9,
    products: [{ productCode: 'KP-1', quantity: 1, price: 299.9 }],
  }
}

describe('every operation answers its success through the client', () => {
  it.each(Object.keys(success) as SetrowOperationId[])('%s', async (id) => {
    const s = setup()
    await success[id](s)
  })
})

// --- every operation's documented errors ---------------------------------------------------

interface Case {
  id: SetrowOperationId
  code: string
  run: (s: Setup) => Promise<unknown>
}
const cases: Case[] = []
const add = (id: SetrowOperationId, code: string, run: Case['run']) => cases.push({ id, code, run })
const raw = (s: Setup, id: SetrowOperationId, input: Record<string, unknown>) =>
  s.client.request(id, input, { validateInput: false })

/** A valid item of each bulk call, for the failures every bulk call shares. */
const bulkSamples: Partial<Record<SetrowOperationId, (s: Setup) => Record<string, unknown>>> = {
  'email.add': (s) => ({ email: 'x@example.com', groupId: s.groupOf('email') }),
  'email.transfer': (s) => ({
    email: 'x@example.com',
    fromGroupId: s.groupOf('email'),
    toGroupId: s.groupOf('email', 1),
  }),
  'email.delete': () => ({ email: 'x@example.com' }),
  'sms.add': (s) => ({ number: '5321112233', groupId: s.groupOf('sms') }),
  'sms.transfer': (s) => ({
    number: '5321112233',
    fromGroupId: s.groupOf('sms'),
    toGroupId: s.groupOf('sms', 1),
  }),
  'sms.delete': () => ({ number: '5321112233' }),
  'whatsapp.add': (s) => ({ number: '905321112233', groupId: s.groupOf('whatsapp') }),
  'whatsapp.delete': () => ({ number: '905321112233' }),
  'categories.add': () => ({ categoryId: 900, categoryName: 'Outlet' }),
  'favorites.add': (s) => ({ email: 'x@example.com', productCode: s.product().productCode }),
  'favorites.delete': (s) => ({ email: 'x@example.com', productCode: s.product().productCode }),
  'baskets.add': () => ({ email: 'x@example.com', productCode: 'P1' }),
  'baskets.delete': () => ({ email: 'x@example.com' }),
  'orders.add': () => sampleOrder(),
  'orders.updateStatus': () => ({ orderId: 'WEB-1', status: 'shipped' }),
  'orders.delete': () => ({ orderId: 'WEB-1' }),
  'iys.transactions.save': () => ({ email: 'x@example.com', requestId: 'r', transactionId: 't' }),
}
for (const [key, sample] of Object.entries(bulkSamples)) {
  const id = key as SetrowOperationId
  add(id, 'E102', (s) => raw(s, id, { body: [] }))
  add(id, 'E124', (s) => raw(s, id, { body: {} }))
  add(id, 'E124', (s) => raw(s, id, { body: [1, 2] }))
  add(id, 'E125', (s) => raw(s, id, { body: Array.from({ length: 1001 }, () => sample!(s)) }))
  add(id, 'E100', (s) => raw(s, id, { body: [{}] }))
  add(id, 'E103', (s) => {
    const item = sample!(s)
    return raw(s, id, { body: [{ ...item, [Object.keys(item)[0]!]: { not: 'text' } }] })
  })
}

/** Object bodies: the same failures, sent raw (the client always sends a body). */
const objectSamples: Partial<Record<SetrowOperationId, [string, string, Record<string, unknown>]>> =
  {
    'groups.whatsapp.create': ['POST', '/group/whatsapp', { groupName: 'Yeni Grup' }],
    'groups.email.create': ['POST', '/group/email', { groupName: 'Yeni Grup' }],
    'groups.sms.create': ['POST', '/group/sms', { groupName: 'Yeni Grup' }],
    'unsubscribe.whatsapp.add': ['POST', '/unsubscribe/whatsapp', { number: '905321112233' }],
    'unsubscribe.whatsapp.delete': ['DELETE', '/unsubscribe/whatsapp', { number: '905321112233' }],
    'unsubscribe.email.add': ['POST', '/unsubscribe/email', { email: 'x@example.com' }],
    'unsubscribe.email.delete': ['DELETE', '/unsubscribe/email', { email: 'x@example.com' }],
    'unsubscribe.sms.add': ['POST', '/unsubscribe/sms', { number: '5321112233' }],
    'unsubscribe.sms.delete': ['DELETE', '/unsubscribe/sms', { number: '5321112233' }],
    'products.add': ['POST', '/product/add', { productCode: 'P1', productName: 'Ürün', price: 1 }],
  }
const answerCode = async (s: Setup, method: string, path: string, body?: string) =>
  (await s.raw(method, path, body === undefined ? {} : { body })).body
for (const [key, [method, path, sample]] of Object.entries(objectSamples)) {
  const id = key as SetrowOperationId
  add(id, 'E102', (s) => answerCode(s, method, path))
  add(id, 'E124', (s) => answerCode(s, method, path, '[]'))
  add(id, 'E124', (s) => answerCode(s, method, path, '{"groupName": '))
  add(id, 'E103', (s) =>
    answerCode(s, method, path, JSON.stringify({ ...sample, [Object.keys(sample)[0]!]: {} })),
  )
  if (id !== 'products.add') add(id, 'E100', (s) => answerCode(s, method, path, '{}'))
}

/** Dated lists: a missing or malformed date, an inverted window, a window over 30 days. */
const windowed: SetrowOperationId[] = [
  'wrong.whatsapp.list',
  'unsubscribe.whatsapp.list',
  'unsubscribe.email.list',
  'unsubscribe.sms.list',
  'junk.list',
  'wrong.email.list',
  'sms.report',
  'whatsapp.report',
]
for (const id of windowed) {
  add(id, 'E100', (s) => raw(s, id, { startDate: '2026-03-01', number: '5321112233' }))
  add(
    id,
    'E103',
    async (s) =>
      (await s.raw('GET', `${ops[id]!.path}?startDate=01-03-2026&lastDate=2026-03-02`)).body,
  )
  add(id, 'E122', (s) => raw(s, id, { startDate: '2026-03-10', lastDate: '2026-03-09' }))
  add(id, 'E123', (s) => raw(s, id, { startDate: '2026-02-01', lastDate: '2026-03-04' }))
}

const onList = (s: Setup, list: keyof Setup['state']['lists'], address: string) =>
  s.state.lists[list].set(address, { address, date: '2026-03-01 00:00:00' })
const notMemberGroup = (s: Setup, channel: 'email' | 'sms' | 'whatsapp', address: string) =>
  [...s.state.groups.values()].find(
    (g) => g.channel === channel && !s.state.contacts[channel].get(address)!.groups.includes(g.id),
  )!.id

// contacts
add('email.get', 'E103', (s) => s.client.email.get({ email: 'not-an-address' }))
add('email.get', 'E104', (s) => s.client.email.get({ email: 'nobody@example.com' }))
add('email.add', 'E105', (s) =>
  s.client.email.add({ body: [{ email: 'a@example.com', groupId: s.foreignGroup() }] }),
)
add('email.add', 'E113', (s) =>
  s.client.email.add({ body: [{ email: 'a@example.com', groupId: 1 }] }),
)
add('email.add', 'E113', (s) =>
  s.client.email.add({ body: [{ email: 'a@example.com', groupId: s.groupOf('sms') }] }),
)
for (const [list, code] of [
  ['unsubscribeEmail', 'E126'],
  ['wrongEmail', 'E127'],
  ['junk', 'E128'],
] as const) {
  add('email.add', code, (s) => {
    onList(s, list, 'a@example.com')
    return s.client.email.add({ body: [{ email: 'A@Example.com', groupId: s.groupOf('email') }] })
  })
}
add('email.transfer', 'E105', (s) => {
  const { address, groupId } = s.member('email')
  return s.client.email.transfer({
    body: [{ email: address, fromGroupId: groupId, toGroupId: s.foreignGroup() }],
  })
})
add('email.transfer', 'E111', (s) =>
  s.client.email.transfer({
    body: [
      {
        email: 'nobody@example.com',
        fromGroupId: s.groupOf('email'),
        toGroupId: s.groupOf('email', 1),
      },
    ],
  }),
)
add('email.transfer', 'E113', (s) => {
  const { address, groupId } = s.member('email')
  return s.client.email.transfer({ body: [{ email: address, fromGroupId: groupId, toGroupId: 5 }] })
})
add('email.transfer', 'E115', (s) => {
  const { address, groupId } = s.member('email')
  const other = notMemberGroup(s, 'email', address)
  s.state.contacts.email.get(address)!.groups.push(other)
  return s.client.email.transfer({
    body: [{ email: address, fromGroupId: groupId, toGroupId: other }],
  })
})
add('email.transfer', 'E132', (s) => {
  const { address, groupId } = s.member('email')
  const other = notMemberGroup(s, 'email', address)
  return s.client.email.transfer({
    body: [{ email: address, fromGroupId: other, toGroupId: groupId }],
  })
})
add('email.delete', 'E105', (s) =>
  s.client.email.delete({
    body: [{ email: s.member('email').address, groupId: s.foreignGroup() }],
  }),
)
add('email.delete', 'E111', (s) =>
  s.client.email.delete({ body: [{ email: 'nobody@example.com' }] }),
)
add('email.delete', 'E113', (s) =>
  s.client.email.delete({ body: [{ email: s.member('email').address, groupId: 77 }] }),
)
add('email.delete', 'E132', (s) => {
  const { address } = s.member('email')
  return s.client.email.delete({
    body: [{ email: address, groupId: notMemberGroup(s, 'email', address) }],
  })
})

const smsOff = (s: Setup) => s.setSwitches({ smsSettings: false })
add('sms.report', 'E110', (s) => (smsOff(s), s.client.sms.report({ number: '5321112233' })))
add('sms.report', 'E133', (s) => s.client.sms.report({ reportType: 2 }))
add('whatsapp.report', 'E133', (s) => s.client.whatsapp.report({}))
add('sms.get', 'E103', (s) => s.client.sms.get({ number: '12345' }))
add('sms.get', 'E110', (s) => (smsOff(s), s.client.sms.get({ number: s.member('sms').address })))
add('sms.get', 'E119', (s) => s.client.sms.get({ number: '5000000000' }))
add('sms.add', 'E105', (s) =>
  s.client.sms.add({ body: [{ number: '5321112233', groupId: s.foreignGroup() }] }),
)
add(
  'sms.add',
  'E110',
  (s) => (
    smsOff(s),
    s.client.sms.add({ body: [{ number: '5321112233', groupId: s.groupOf('sms') }] })
  ),
)
add('sms.add', 'E113', (s) =>
  s.client.sms.add({ body: [{ number: '5321112233', groupId: s.groupOf('email') }] }),
)
add('sms.add', 'E129', (s) => {
  onList(s, 'unsubscribeSms', '5321112233')
  return s.client.sms.add({ body: [{ number: '05321112233', groupId: s.groupOf('sms') }] })
})
add('sms.transfer', 'E105', (s) => {
  const { address, groupId } = s.member('sms')
  return s.client.sms.transfer({
    body: [{ number: address, fromGroupId: groupId, toGroupId: s.foreignGroup() }],
  })
})
add(
  'sms.transfer',
  'E110',
  (s) => (
    smsOff(s),
    s.client.sms.transfer({ body: [{ number: '5321112233', fromGroupId: 1, toGroupId: 2 }] })
  ),
)
add('sms.transfer', 'E113', (s) => {
  const { address, groupId } = s.member('sms')
  return s.client.sms.transfer({ body: [{ number: address, fromGroupId: groupId, toGroupId: 3 }] })
})
add('sms.transfer', 'E117', (s) => {
  const { address, groupId } = s.member('sms')
  const other = notMemberGroup(s, 'sms', address)
  s.state.contacts.sms.get(address)!.groups.push(other)
  return s.client.sms.transfer({
    body: [{ number: address, fromGroupId: groupId, toGroupId: other }],
  })
})
add('sms.transfer', 'E119', (s) =>
  s.client.sms.transfer({
    body: [{ number: '5000000000', fromGroupId: s.groupOf('sms'), toGroupId: s.groupOf('sms', 1) }],
  }),
)
add('sms.transfer', 'E131', (s) => {
  const { address, groupId } = s.member('sms')
  return s.client.sms.transfer({
    body: [{ number: address, fromGroupId: notMemberGroup(s, 'sms', address), toGroupId: groupId }],
  })
})
add('sms.delete', 'E105', (s) =>
  s.client.sms.delete({ body: [{ number: s.member('sms').address, groupId: s.foreignGroup() }] }),
)
add(
  'sms.delete',
  'E110',
  (s) => (smsOff(s), s.client.sms.delete({ body: [{ number: '5321112233' }] })),
)
add('sms.delete', 'E113', (s) =>
  s.client.sms.delete({ body: [{ number: s.member('sms').address, groupId: 4 }] }),
)
add('sms.delete', 'E119', (s) => s.client.sms.delete({ body: [{ number: '5000000000' }] }))
add('sms.delete', 'E131', (s) => {
  const { address } = s.member('sms')
  return s.client.sms.delete({
    body: [{ number: address, groupId: notMemberGroup(s, 'sms', address) }],
  })
})
add('whatsapp.get', 'E103', (s) => s.client.whatsapp.get({ number: 'abc' }))
add('whatsapp.get', 'E130', (s) => s.client.whatsapp.get({ number: '905000000000' }))
add('whatsapp.add', 'E105', (s) =>
  s.client.whatsapp.add({ body: [{ number: '905321112233', groupId: s.foreignGroup() }] }),
)
add('whatsapp.add', 'E113', (s) =>
  s.client.whatsapp.add({ body: [{ number: '905321112233', groupId: s.groupOf('sms') }] }),
)
add('whatsapp.add', 'E129', (s) => {
  onList(s, 'unsubscribeWhatsapp', '905321112233')
  return s.client.whatsapp.add({
    body: [{ number: '+905321112233', groupId: s.groupOf('whatsapp') }],
  })
})
add('whatsapp.delete', 'E105', (s) =>
  s.client.whatsapp.delete({
    body: [{ number: s.member('whatsapp').address, groupId: s.foreignGroup() }],
  }),
)
add('whatsapp.delete', 'E113', (s) =>
  s.client.whatsapp.delete({ body: [{ number: s.member('whatsapp').address, groupId: 8 }] }),
)
add('whatsapp.delete', 'E130', (s) =>
  s.client.whatsapp.delete({ body: [{ number: '905000000000' }] }),
)
add('whatsapp.delete', 'E131', (s) => {
  const { address } = s.member('whatsapp')
  return s.client.whatsapp.delete({
    body: [{ number: address, groupId: notMemberGroup(s, 'whatsapp', address) }],
  })
})

// groups
for (const [id, key] of [
  ['groups.whatsapp.members', 'whatsapp_group_id'],
  ['groups.email.members', 'group_id'],
  ['groups.email.filter', 'group_id'],
  ['groups.sms.members', 'sms_group_id'],
  ['groups.sms.filter', 'sms_group_id'],
] as const) {
  const filter = id.endsWith('filter') ? { getAreas: ['spArea1'] } : {}
  add(id, 'E103', (s) => raw(s, id, { [key]: 'abc', ...filter }))
  add(id, 'E105', (s) => raw(s, id, { [key]: s.foreignGroup(), ...filter }))
  add(id, 'E113', (s) => raw(s, id, { [key]: 12, ...filter }))
}
add('groups.email.filter', 'E100', (s) =>
  s.client.groups.email.filter({ group_id: s.groupOf('email'), updateDateArea: 'spArea3' }),
)
add('groups.email.filter', 'E103', (s) =>
  raw(s, 'groups.email.filter', { group_id: s.groupOf('email'), _filter: 'city=Ankara' }),
)
add('groups.sms.filter', 'E100', (s) =>
  s.client.groups.sms.filter({
    sms_group_id: s.groupOf('sms'),
    lastUpdateDate: new Date('2026-01-01'),
  }),
)
add('groups.email.auto', 'E103', (s) => raw(s, 'groups.email.auto', { group_id: '-' }))
add('groups.email.auto', 'E106', (s) =>
  s.client.groups.email.auto({ group_id: s.groupOf('email') }),
)
for (const id of ['groups.email.create', 'groups.sms.create', 'groups.whatsapp.create'] as const) {
  add(id, 'E107', (s) => raw(s, id, { groupName: ' ab ' }))
}
add('groups.email.create', 'E109', (s) => s.client.groups.email.create({ groupName: 'müşteriler' }))
add('groups.sms.create', 'E109', (s) => s.client.groups.sms.create({ groupName: 'SMS KAMPANYA' }))
add('groups.whatsapp.create', 'E109', (s) =>
  s.client.groups.whatsapp.create({ groupName: 'WhatsApp Kampanya ' }),
)
add('groups.email.create', 'E108', async (s) => {
  s.setSwitches({ miniPlan: true })
  for (let i = 0; i < 4; i++) await s.client.groups.email.create({ groupName: `Grup ${i}` })
  return s.client.groups.email.create({ groupName: 'Onbirinci Grup' })
})
add(
  'groups.sms.create',
  'E110',
  (s) => (smsOff(s), s.client.groups.sms.create({ groupName: 'Yeni' })),
)
add('groups.sms.list', 'E110', (s) => (smsOff(s), s.client.groups.sms.list()))
add(
  'groups.sms.members',
  'E110',
  (s) => (smsOff(s), s.client.groups.sms.members({ sms_group_id: s.groupOf('sms') })),
)
add(
  'groups.sms.filter',
  'E110',
  (s) => (
    smsOff(s),
    s.client.groups.sms.filter({ sms_group_id: s.groupOf('sms'), getAreas: ['spArea1'] })
  ),
)
add('unsubscribe.whatsapp.status', 'E103', (s) =>
  s.client.unsubscribe.whatsapp.status({ number: '+' }),
)
add('unsubscribe.whatsapp.add', 'E117', async (s) => {
  await s.client.unsubscribe.whatsapp.add({ number: '905321112233' })
  return s.client.unsubscribe.whatsapp.add({ number: '5321112233' })
})
add('unsubscribe.whatsapp.delete', 'E118', (s) =>
  s.client.unsubscribe.whatsapp.delete({ number: '905321112233' }),
)

// catalogue and commerce
add('categories.add', 'E141', (s) =>
  s.client.categories.add({
    body: [{ categoryId: 900, categoryName: 'X', parentCategoryId: 899 }],
  }),
)
add('categories.add', 'E142', (s) =>
  s.client.categories.add({
    body: [{ categoryId: 900, categoryName: 'X', parentCategoryId: 900 }],
  }),
)
add('categories.delete', 'E103', (s) => raw(s, 'categories.delete', { categoryId: 'abc' }))
add('categories.delete', 'E141', (s) => s.client.categories.delete({ categoryId: 4242 }))
add('products.list', 'E103', (s) => raw(s, 'products.list', { status: 3 }))
add('products.getByCode', 'E112', (s) => s.client.products.getByCode({ productCode: 'STRW-404' }))
add('products.getByBarcode', 'E140', (s) =>
  s.client.products.getByBarcode({ barcode: '0000000000000' }),
)
add('products.add', 'E100', (s) => s.client.products.add({ productCode: 'NEW-1', price: 10 }))
add('products.add', 'E137', (s) => s.client.products.add({ productName: 'Adsız', price: 10 }))
add('products.add', 'E138', (s) => {
  const taken = s.product().productBarcode
  return s.client.products.add({
    productCode: 'OTHER-1',
    productBarcode: taken,
    productName: 'X',
    price: 1,
  })
})
add('products.add', 'E139', (s) => {
  const { productCode, price, productName } = s.product()
  return s.client.products.add({ productCode, price, productName })
})
add('products.add', 'E141', (s) =>
  s.client.products.add({ productCode: 'NEW-1', productName: 'X', price: 1, categoryIds: [4242] }),
)
add('products.deleteByCode', 'E112', (s) =>
  s.client.products.deleteByCode({ productCode: 'STRW-404' }),
)
add('products.deleteByBarcode', 'E140', (s) =>
  s.client.products.deleteByBarcode({ barcode: '404' }),
)
for (const id of ['favorites.list', 'baskets.list', 'orders.list'] as const) {
  add(id, 'E103', (s) => raw(s, id, { email: 'yok' }))
}
add('favorites.add', 'E112', (s) =>
  s.client.favorites.add({ body: [{ email: 'a@example.com', productCode: 'STRW-404' }] }),
)
add('favorites.add', 'E114', async (s) => {
  const item = { email: 'a@example.com', productCode: s.product().productCode }
  await s.client.favorites.add({ body: [item] })
  return s.client.favorites.add({ body: [item] })
})
add('favorites.delete', 'E143', (s) =>
  s.client.favorites.delete({
    body: [{ email: 'a@example.com', productCode: s.product().productCode }],
  }),
)
add('orders.updateStatus', 'E144', (s) =>
  s.client.orders.updateStatus({ body: [{ orderId: 'NOPE', status: 'shipped' }] }),
)
add('orders.delete', 'E144', (s) => s.client.orders.delete({ body: [{ orderId: 'NOPE' }] }))

// unsubscribe and junk
add('unsubscribe.email.add', 'E115', async (s) => {
  await s.client.unsubscribe.email.add({ email: 'a@example.com' })
  return s.client.unsubscribe.email.add({ email: 'A@example.com' })
})
add('unsubscribe.email.delete', 'E116', (s) =>
  s.client.unsubscribe.email.delete({ email: 'a@example.com' }),
)
add('unsubscribe.email.status', 'E103', (s) => s.client.unsubscribe.email.status({ email: 'a@' }))
add('unsubscribe.sms.add', 'E117', async (s) => {
  await s.client.unsubscribe.sms.add({ number: '5321112233' })
  return s.client.unsubscribe.sms.add({ number: '905321112233' })
})
add('unsubscribe.sms.delete', 'E118', (s) =>
  s.client.unsubscribe.sms.delete({ number: '5321112233' }),
)
add('unsubscribe.sms.status', 'E103', (s) => s.client.unsubscribe.sms.status({ number: '4321' }))
add('junk.status', 'E103', (s) => s.client.junk.status({ email: 'junk' }))

// IYS
const poolOff = (s: Setup) => s.setSwitches({ iysPool: false })
for (const id of ['iys.errors', 'iys.successes'] as const) {
  add(id, 'E103', (s) => raw(s, id, { hours: 0 }))
  add(id, 'E134', (s) => raw(s, id, { hours: 'abc' }))
  add(id, 'E135', (s) => raw(s, id, { hours: 97 }))
  add(id, 'E146', (s) => (poolOff(s), raw(s, id, { hours: 24 })))
}
for (const id of ['iys.email.list', 'iys.sms.list'] as const) {
  const group = (s: Setup) => s.groupOf(id === 'iys.email.list' ? 'email' : 'sms')
  add(id, 'E100', (s) => raw(s, id, { groupId: group(s) }))
  add(id, 'E103', (s) => raw(s, id, { hour: 24, groupId: 'abc' }))
  add(id, 'E105', (s) => raw(s, id, { hour: 24, groupId: s.foreignGroup() }))
  add(id, 'E113', (s) => raw(s, id, { hour: 24, groupId: 99 }))
  add(id, 'E134', (s) => raw(s, id, { hour: '1 day', groupId: group(s) }))
  add(id, 'E136', (s) => raw(s, id, { hour: 120, groupId: group(s) }))
  add(id, 'E146', (s) => (poolOff(s), raw(s, id, { hour: 24, groupId: group(s) })))
}
add(
  'iys.sms.list',
  'E110',
  (s) => (smsOff(s), raw(s, 'iys.sms.list', { hour: 24, groupId: s.groupOf('sms') })),
)
add(
  'iys.transactions.save',
  'E110',
  (s) => (
    smsOff(s),
    s.client.iys.transactions.save({
      body: [{ number: '5321112233', requestId: 'r', transactionId: 't' }],
    })
  ),
)
add('iys.transactions.save', 'E120', (s) =>
  s.client.iys.transactions.save({
    body: [{ email: 'nobody@example.com', requestId: 'r', transactionId: 't' }],
  }),
)
add('iys.transactions.save', 'E121', (s) =>
  s.client.iys.transactions.save({
    body: [{ number: '5000000000', requestId: 'r', transactionId: 't' }],
  }),
)
add(
  'iys.transactions.save',
  'E146',
  (s) => (
    poolOff(s),
    s.client.iys.transactions.save({
      body: [{ email: 'a@example.com', requestId: 'r', transactionId: 't' }],
    })
  ),
)

describe('every operation answers its documented errors', () => {
  it.each(cases.map((c) => [c.id, c.code, c] as const))('%s answers %s', async (_, code, c) => {
    expect(await codeOf(c.run(setup()))).toBe(code)
  })

  it('has a case for every code every operation documents', () => {
    const covered = new Set(cases.map((c) => `${c.id} ${c.code}`))
    const missing = Object.entries(ops).flatMap(([id, op]) =>
      (op.errors ?? [])
        .filter((code) => !covered.has(`${id} ${code}`))
        .map((code) => `${id} ${code}`),
    )
    expect(missing).toEqual([])
  })
})
