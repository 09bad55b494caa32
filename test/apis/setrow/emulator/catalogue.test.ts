import { describe, expect, it } from 'vitest'
import { codeOf, expectCode, setup } from '../setup.ts'

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
      { productCode, quantity: 3, price: salePrice, addedAt: '2026-03-15 10:00:00' },
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
