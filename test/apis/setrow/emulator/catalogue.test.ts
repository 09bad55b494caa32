import { describe, expect, it } from 'vitest'
import { SetrowStore, type SetrowData } from '../../../../src/apis/setrow/emulator/store.ts'
import { codeOf, expectCode, NOW_STAMP, setup } from '../setup.ts'

describe('categories', () => {
  it('takes a parent sent later in the same request', async () => {
    const s = setup()
    const answer = await s.client.categories.add({
      body: [
        { categoryId: 902, categoryName: 'Alt', parentCategoryId: 901 },
        { categoryId: 901, categoryName: 'Üst' },
      ],
    })
    expect(answer.results.map((r) => r.status)).toEqual(['added', 'added'])
  })

  it('does not count a refused item as a parent', async () => {
    const s = setup()
    const answer = await s.client.categories.add({
      body: [
        { categoryId: 901, categoryName: 'Kendisi', parentCategoryId: 901 },
        { categoryId: 902, categoryName: 'Alt', parentCategoryId: 901 },
      ],
    })
    expect(answer.results.map((r) => r.code)).toEqual(['E142', 'E141'])
  })

  const outcomes = (answer: { results: { status: string; code?: string }[] }) =>
    answer.results.map((r) => r.code ?? r.status)

  it('refuses the whole line under a refused parent, whatever the order sent', async () => {
    const s = setup()
    const answer = await s.client.categories.add({
      body: [
        { categoryId: 903, categoryName: 'Torun', parentCategoryId: 902 },
        { categoryId: 901, categoryName: 'Üst', parentCategoryId: 99999 },
        { categoryId: 902, categoryName: 'Alt', parentCategoryId: 901 },
        { categoryId: 904, categoryName: 'Başka' },
      ],
    })
    expect(outcomes(answer)).toEqual(['E141', 'E141', 'E141', 'added'])
    expect([901, 902, 903].filter((id) => s.state.categories.has(id))).toEqual([])
  })

  it('refuses two categories sent under each other (E142)', async () => {
    const s = setup()
    const answer = await s.client.categories.add({
      body: [
        { categoryId: 910, categoryName: 'C', parentCategoryId: 911 },
        { categoryId: 911, categoryName: 'D', parentCategoryId: 910 },
        { categoryId: 912, categoryName: 'E', parentCategoryId: 911 },
      ],
    })
    expect(outcomes(answer)).toEqual(['E142', 'E142', 'E141'])
    expect([910, 911, 912].filter((id) => s.state.categories.has(id))).toEqual([])
  })

  it('refuses moving a category under its grandchild, and takes a move that ends as a tree', async () => {
    const s = setup()
    await s.client.categories.add({
      body: [
        { categoryId: 901, categoryName: 'Üst' },
        { categoryId: 902, categoryName: 'Alt', parentCategoryId: 901 },
        { categoryId: 903, categoryName: 'Torun', parentCategoryId: 902 },
      ],
    })
    const loop = await s.client.categories.add({
      body: [{ categoryId: 901, categoryName: 'Üst', parentCategoryId: 903 }],
    })
    expect(outcomes(loop)).toEqual(['E142'])
    expect(s.state.categories.get(901)!.parentCategoryId).toBe(0)
    // swapped within one request: 902 goes to the top first, so 901 under it is no loop
    const swap = await s.client.categories.add({
      body: [
        { categoryId: 901, categoryName: 'Üst', parentCategoryId: 902 },
        { categoryId: 902, categoryName: 'Alt' },
      ],
    })
    expect(outcomes(swap)).toEqual(['updated', 'updated'])
  })

  it('refuses a move that loops once the refused items stay where they were', async () => {
    const s = setup()
    await s.client.categories.add({
      body: [
        { categoryId: 901, categoryName: 'Üst' },
        { categoryId: 902, categoryName: 'Alt', parentCategoryId: 901 },
      ],
    })
    // 905 is refused, so 902 cannot move under it and stays under 901: 901 under 902 loops
    const answer = await s.client.categories.add({
      body: [
        { categoryId: 902, categoryName: 'Alt', parentCategoryId: 905 },
        { categoryId: 905, categoryName: 'Yeni', parentCategoryId: 77777 },
        { categoryId: 901, categoryName: 'Üst', parentCategoryId: 902 },
      ],
    })
    expect(outcomes(answer)).toEqual(['E141', 'E141', 'E142'])
    expect(s.state.categories.get(901)!.parentCategoryId).toBe(0)
    expect(s.state.categories.get(902)!.parentCategoryId).toBe(901)
  })

  it('updates by categoryId and moves children to the top when a parent goes', async () => {
    const s = setup()
    await s.client.categories.add({
      body: [
        { categoryId: 901, categoryName: 'Üst' },
        { categoryId: 902, categoryName: 'Alt', parentCategoryId: 901 },
      ],
    })
    const renamed = await s.client.categories.add({
      body: [{ categoryId: 901, categoryName: 'Yeni Üst' }],
    })
    expect(renamed.results[0]!.status).toBe('updated')
    await s.client.categories.delete({ categoryId: 901 })
    const all = await s.client.categories.list()
    expect(all.find((c) => c.categoryId === 902)!.parentCategoryId).toBe(0)
    expect(all.some((c) => c.categoryId === 901)).toBe(false)
  })
})

describe('products', () => {
  it.each([
    ['by code only', { productCode: 'P-1', productName: 'Kupa', price: 10 }, 'added'],
    [
      'by barcode only',
      { productBarcode: '8690000000011', productName: 'Kupa', price: 10 },
      'added',
    ],
    ['without either', { productName: 'Kupa', price: 10 }, 'E137'],
    ['new without a name', { productCode: 'P-1', price: 10 }, 'E100'],
    ['new without a price', { productCode: 'P-1', productName: 'Kupa' }, 'E100'],
    ['prices as text', { productCode: 'P-1', productName: 'Kupa', price: '149,90' }, 'added'],
  ])('adds %s → %s', async (_, input, expected) => {
    const s = setup()
    const call = s.client.request('products.add', input, { validateInput: false })
    expect((await codeOf(call)) ?? 'added').toBe(expected)
  })

  it('updates a product found by barcode alone and reads it back by either key', async () => {
    const s = setup()
    const { productCode, productBarcode } = s.product()
    expect((await s.client.products.add({ productBarcode, stock: 999 })).status).toBe('updated')
    expect((await s.client.products.getByCode({ productCode })).stock).toBe(999)
    expect((await s.client.products.getByBarcode({ barcode: productBarcode })).stock).toBe(999)
  })

  it('moves a product to a new barcode and frees the old one', async () => {
    const s = setup()
    const { productCode, productBarcode } = s.product()
    await s.client.products.add({ productCode, productBarcode: '8690000000028' })
    await expectCode(s.client.products.getByBarcode({ barcode: productBarcode }), 'E140')
    expect((await s.client.products.getByBarcode({ barcode: '8690000000028' })).productCode).toBe(
      productCode,
    )
  })

  it('keeps a code that starts with # apart from a product with a barcode only', async () => {
    const s = setup()
    await s.client.products.add({ productBarcode: '555', productName: 'bc only', price: 10 })
    await expectCode(s.client.products.getByCode({ productCode: '#555' }), 'E112')
    const added = await s.client.products.add({
      productCode: '#555',
      productName: 'hash code',
      price: 20,
    })
    expect(added.status).toBe('added')
    expect((await s.client.products.getByCode({ productCode: '#555' })).productName).toBe(
      'hash code',
    )
    expect((await s.client.products.getByBarcode({ barcode: '555' })).productName).toBe('bc only')
    // a saved state loads back with both
    const loaded = new SetrowStore(JSON.parse(JSON.stringify(s.state)) as SetrowData)
    expect(loaded.products.get('#555')!.productName).toBe('hash code')
    expect(loaded.productsByBarcode.get('555')!.productName).toBe('bc only')
    expect(loaded.products.size).toBe(s.state.products.size)
  })

  it('refuses an update that changes nothing, and takes one that changes a field', async () => {
    const s = setup()
    const { productCode, salePrice } = s.product()
    await expectCode(s.client.products.add({ productCode, salePrice }), 'E139')
    expect((await s.client.products.add({ productCode, salePrice: salePrice + 1 })).status).toBe(
      'updated',
    )
  })

  it('lists a product as passive once its status is 2', async () => {
    const s = setup()
    const { productCode } = s.product()
    await s.client.products.add({ productCode, status: 2 })
    expect((await s.client.products.list({ status: 2 })).map((p) => p.productCode)).toContain(
      productCode,
    )
    expect((await s.client.products.list({ status: 1 })).map((p) => p.productCode)).not.toContain(
      productCode,
    )
  })
})

describe('favorites, baskets, orders', () => {
  it('refuses a favorite twice (E114) and a second removal (E143)', async () => {
    const s = setup()
    const item = { email: 'f@example.com', productCode: s.product().productCode }
    const answer = await s.client.favorites.add({ body: [item, item] })
    expect(answer.results.map((r) => r.code ?? r.status)).toEqual(['added', 'E114'])
    const removed = await s.client.favorites.delete({ body: [item, item] })
    expect(removed.results.map((r) => r.code ?? r.status)).toEqual(['deleted', 'E143'])
  })

  it('gives a basket line the new quantity and the product price by default', async () => {
    const s = setup()
    const { productCode, salePrice } = s.product()
    await s.client.baskets.add({ body: [{ email: 'b@example.com', productCode }] })
    const again = await s.client.baskets.add({
      body: [{ email: 'b@example.com', productCode, quantity: 3 }],
    })
    expect(again.results[0]!.status).toBe('updated')
    expect(await s.client.baskets.list({ email: 'B@example.com' })).toEqual([
      { productCode, quantity: 3, price: salePrice, addedAt: NOW_STAMP },
    ])
  })

  it('removes one basket line, or the whole basket', async () => {
    const s = setup()
    const body = ['A', 'B', 'C'].map((productCode) => ({
      email: 'b@example.com',
      productCode,
      price: 1,
    }))
    await s.client.baskets.add({ body })
    await s.client.baskets.delete({ body: [{ email: 'b@example.com', productCode: 'A' }] })
    expect(
      (await s.client.baskets.list({ email: 'b@example.com' })).map((l) => l.productCode),
    ).toEqual(['B', 'C'])
    await s.client.baskets.delete({ body: [{ email: 'b@example.com' }] })
    expect(await s.client.baskets.list({ email: 'b@example.com' })).toEqual([])
  })

  it('upserts orders by orderId and keeps the status through an update', async () => {
    const s = setup()
    const order = {
      orderId: 4711,
      email: 'o@example.com',
      orderDate: '2026-03-14 12:00:00',
      totalPrice: '100.50',
      products: [{ productCode: 'X', quantity: 1, price: 100.5 }],
    }
    await s.raw('POST', '/orders/add', { body: JSON.stringify([order]) })
    await s.client.orders.updateStatus({ body: [{ orderId: '4711', status: 'shipped' }] })
    const again = await s.raw('POST', '/orders/add', {
      body: JSON.stringify([{ ...order, totalPrice: 90 }]),
    })
    expect(again.body).toMatchObject({
      data: { results: [{ orderId: '4711', status: 'updated' }] },
    })
    expect(await s.client.orders.list({ email: 'o@example.com' })).toMatchObject([
      { orderId: '4711', status: 'shipped', totalPrice: 90, currency: 'TRY' },
    ])
  })

  it('answers an unknown address with empty lists, not an error', async () => {
    const s = setup()
    expect(await s.client.favorites.list({ email: 'nobody@example.com' })).toEqual([])
    expect(await s.client.baskets.list({ email: 'nobody@example.com' })).toEqual([])
    expect(await s.client.orders.list({ email: 'nobody@example.com' })).toEqual([])
  })
})
