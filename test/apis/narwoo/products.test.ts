/**
 * add-product, edit-product, delete-product and product-list round trips with variants, the
 * catalogue rules each answered in `errList`, and the shapes a real client sends them in.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { ProductDraft } from '../../../src/apis/narwoo/parse.ts'
import { categoryForPath } from '../../../src/apis/narwoo/emulator/catalogue.ts'
import {
  client,
  emulator,
  login,
  narwooError,
  raw,
  wireProductList,
  type NarwooEmulator,
} from './support.ts'

const kazak = categoryForPath(['Giyim', 'Erkek', 'Sweatshirt']).id

/** A sweatshirt in two colours and two sizes: the main product is Siyah/M. */
function sweatshirt(overrides: Partial<ProductDraft> = {}): ProductDraft {
  return {
    title: 'Erkek Pamuklu Kapüşonlu Sweatshirt',
    brandName: 'Mavi',
    categoryId: kazak,
    quantity: 12,
    sku: 'MV-SW-SIY-M',
    barcode: '8690000000017',
    description: 'Yumuşak dokulu pamuklu sweatshirt.',
    currency: 1,
    price: 899.9,
    salePrice: 749.9,
    cargoOption: 1,
    cargoCompanyName: 'Aras Kargo',
    cargoPrice: 39.9,
    minSaleQuantity: 1,
    maxCargoTime: 2,
    maxProductQuantityForCargoPrice: 3,
    images: ['https://cdn.magaza.test/sw-1.jpg', 'https://cdn.magaza.test/sw-2.jpg'],
    attributes: [
      { name: 'Kumaş Cinsi', value: 'Pamuklu' },
      { name: 'Renk', value: 'Siyah' },
      { name: 'Beden', value: 'M' },
    ],
    variants: [
      variant('MV-SW-SIY-L', 'Siyah', 'L', 8),
      variant('MV-SW-GRI-M', 'Gri', 'M', 5),
      variant('MV-SW-GRI-L', 'Gri', 'L', 0),
    ],
    ...overrides,
  }
}

function variant(sku: string, renk: string, beden: string, quantity: number) {
  return {
    sku,
    barcode: `869${sku.replace(/\D/g, '').padEnd(9, '1')}${quantity}`.slice(0, 13),
    price: 929.9,
    quantity,
    image: `https://cdn.magaza.test/${sku}.jpg`,
    attributes: [
      { name: 'Renk', value: renk },
      { name: 'Beden', value: beden },
    ],
  }
}

let e: NarwooEmulator
let n: ReturnType<typeof client>
beforeEach(() => {
  e = emulator()
  n = client(e)
})

async function problems(draft: ProductDraft): Promise<string[]> {
  const error = await narwooError(n.products.save(draft))
  expect(error.errCode).toBe(0)
  expect(error.body).toMatchObject({ o: { status: 'error' }, error: 0 })
  return error.errList
}

describe('round trips', () => {
  it('adds a product with variants: pending, listed by sku with its variants and prices as text', async () => {
    expect(await n.products.save(sweatshirt())).toEqual({ status: 'success', errList: [] })
    const { productList } = await n.products.list({ type: 'bySku', sku: 'MV-SW-GRI-M' })
    expect(productList).toHaveLength(1)
    expect(productList[0]).toMatchObject({
      title: 'Erkek Pamuklu Kapüşonlu Sweatshirt',
      categoryId: String(kazak),
      sku: 'MV-SW-SIY-M',
      price: '899.90',
      currency: '1',
      stock: '12',
      brandName: 'Mavi',
      cargoOption: '1',
      cargoCompanyName: 'Aras Kargo',
      cargoPrice: '39.90',
      status: 'pending',
    })
    expect(productList[0]!.variants!.map((v) => [v.sku, v.stock, v.price])).toEqual([
      ['MV-SW-SIY-L', '8', '929.90'],
      ['MV-SW-GRI-M', '5', '929.90'],
      ['MV-SW-GRI-L', '0', '929.90'],
    ])
  })

  it('gives the new product a fresh id after the seller’s last one and parses it back whole', async () => {
    const lastId = Math.max(...e.state.products.map((p) => p.productId))
    await n.products.save(sweatshirt())
    const found = await n.products.findBySku('MV-SW-SIY-M')
    expect(found!.productId).toBeGreaterThan(lastId)
    expect(found).toMatchObject({ price: 899.9, stock: 12, cargoPrice: 39.9, currencyName: 'TRY' })
    expect(found!.variants[1]).toEqual({
      sku: 'MV-SW-GRI-M',
      barcode: expect.any(String),
      price: 929.9,
      stock: 5,
      attributes: [
        { name: 'Renk', value: 'Gri' },
        { name: 'Beden', value: 'M' },
      ],
    })
  })

  it('edits a product: new price, a variant dropped, one added; the variants sent replace the old', async () => {
    await n.products.save(sweatshirt())
    const { productId } = (await n.products.findBySku('MV-SW-SIY-M'))!
    const draft = sweatshirt({
      productId,
      price: 949.9,
      salePrice: undefined,
      variants: [
        variant('MV-SW-SIY-L', 'Siyah', 'L', 3),
        variant('MV-SW-LAC-M', 'Lacivert', 'M', 7),
      ],
    })
    await n.products.save(draft)
    const edited = (await n.products.findBySku('MV-SW-SIY-M'))!
    expect(edited.productId).toBe(productId)
    expect(edited.price).toBe(949.9)
    expect(edited.variants.map((v) => [v.sku, v.stock])).toEqual([
      ['MV-SW-SIY-L', 3],
      ['MV-SW-LAC-M', 7],
    ])
    expect(await n.products.findBySku('MV-SW-GRI-M')).toBeUndefined()
  })

  it('keeps what product-list does not show when an edit leaves it out: images, description, discount, variant images', async () => {
    await n.products.save(sweatshirt())
    const { productId } = (await n.products.findBySku('MV-SW-SIY-M'))!
    const before = structuredClone(e.state.product(productId)!)
    const [main, ...sent] = wireProductList(sweatshirt())
    const { images: _images, description: _description, salePrice: _sale, ...rest } = main!
    const variants = sent.map(({ image: _image, ...v }) => ({
      ...v,
      quantity: String(Number(v.quantity) + 1),
    }))
    const productList = JSON.stringify([{ ...rest, productId: String(productId) }, ...variants])
    const answer = await raw(e, 'POST', '/edit-product', { productList }, { token: await login(e) })
    expect(answer.body.o).toEqual({ status: 'success', errList: [] })
    const after = e.state.product(productId)!
    expect(after.images).toEqual(before.images)
    expect([after.description, after.salePrice]).toEqual([before.description, 749.9])
    expect(after.variants.map((v) => [v.image, v.stock])).toEqual(
      before.variants.map((v) => [v.image, v.stock + 1]),
    )
  })

  it('refuses an edit whose price falls below the discount it keeps', async () => {
    await n.products.save(sweatshirt())
    const { productId } = (await n.products.findBySku('MV-SW-SIY-M'))!
    const { images: _images, salePrice: _sale, ...rest } = wireListOf()
    const productList = JSON.stringify([{ ...rest, productId: String(productId), price: '700.00' }])
    const answer = await raw(e, 'POST', '/edit-product', { productList }, { token: await login(e) })
    expect(answer.body.o).toEqual({
      status: 'error',
      errList: ['productList[0].salePrice: indirimli fiyat satış fiyatından büyük olamaz'],
    })
  })

  it('keeps an active product active on edit and sends a denied one back for approval', async () => {
    const [active, denied] = e.state.liveProducts().slice(0, 2)
    active!.status = 'active'
    denied!.status = 'denied'
    for (const p of [active!, denied!])
      await n.products.save(
        sweatshirt({
          productId: p.productId,
          sku: `SKU-${p.productId}`,
          barcode: '',
          variants: [],
        }),
      )
    expect(e.state.product(active!.productId)!.status).toBe('active')
    expect(e.state.product(denied!.productId)!.status).toBe('pending')
  })

  it('deletes a product; editing it afterwards is refused', async () => {
    await n.products.save(sweatshirt())
    const { productId } = (await n.products.findBySku('MV-SW-SIY-M'))!
    await n.products.delete({ productId: String(productId) })
    expect(await n.products.findBySku('MV-SW-SIY-M')).toBeUndefined()
    expect(await problems(sweatshirt({ productId }))).toEqual([
      `productList[0].productId: ürün bulunamadı (${productId})`,
    ])
  })

  it('pages through every live product with products.iterate, parsed', async () => {
    const live = e.state.liveProducts()
    const all = await n.products.iterate().toArray()
    expect(all.map((p) => p.productId)).toEqual(live.map((p) => p.productId))
    expect(all.every((p) => typeof p.price === 'number' && Number.isFinite(p.price))).toBe(true)
  })
})

describe('catalogue rules', () => {
  it.each<[string, Partial<ProductDraft>, string]>([
    [
      'an unknown brand',
      { brandName: 'Zara' },
      'productList[0].brandName: marka bu kategoride bulunamadı (Zara)',
    ],
    [
      'an unknown category',
      { categoryId: 1 },
      'productList[0].categoryId: kategori bulunamadı (1)',
    ],
    [
      'a category with sub-categories',
      { categoryId: 249 },
      'productList[0].categoryId: ürünler yalnızca en alt kategoriye eklenebilir (249)',
    ],
    [
      'an unknown cargo company',
      { cargoCompanyName: 'Kargocu' },
      'productList[0].cargoCompanyName: kargo firması bulunamadı (Kargocu)',
    ],
    [
      'seller-paid cargo with a company',
      { cargoOption: 0, cargoPrice: 0 },
      'productList[0].cargoCompanyName: satıcı ödemeli üründe kargo firması boş olmalıdır',
    ],
    [
      'seller-paid cargo with a price',
      { cargoOption: 0, cargoCompanyName: '' },
      'productList[0].cargoPrice: satıcı ödemeli üründe kargo fiyatı 0 olmalıdır',
    ],
    [
      'buyer-paid cargo without a company',
      { cargoCompanyName: '' },
      'productList[0].cargoCompanyName: alıcı ödemeli üründe kargo firması zorunludur',
    ],
    [
      'a sale price above the price',
      { salePrice: 999 },
      'productList[0].salePrice: indirimli fiyat satış fiyatından büyük olamaz',
    ],
    [
      'an attribute the category lacks',
      { attributes: [{ name: 'Hafıza', value: '64 GB' }] },
      'productList[0].attributes[0].attributeName: özellik bu kategoride bulunamadı (Hafıza)',
    ],
    [
      'an unknown attribute value',
      {
        attributes: [
          { name: 'Renk', value: 'Mor' },
          { name: 'Beden', value: 'M' },
        ],
      },
      'productList[0].attributes[0].attributeValue: özellik değeri bulunamadı (Renk: Mor)',
    ],
    [
      'a variant on a non-variant option',
      {
        variants: [
          {
            ...variant('V1', 'Gri', 'M', 1),
            attributes: [{ name: 'Kumaş Cinsi', value: 'Keten' }],
          },
        ],
      },
      'productList[1].attributes[0].attributeName: varyant özelliği değil (Kumaş Cinsi)',
    ],
    [
      'a repeated combination',
      { variants: [variant('V1', 'Siyah', 'M', 1)] },
      'productList[1].attributes: bu varyant kombinasyonu zaten var (Beden: M, Renk: Siyah)',
    ],
    [
      'variants that vary other options',
      {
        variants: [
          { ...variant('V1', 'Gri', 'M', 1), attributes: [{ name: 'Renk', value: 'Gri' }] },
        ],
      },
      'productList[1].attributes: varyant özellikleri ana ürününkilerle aynı olmalıdır (Beden, Renk)',
    ],
    [
      'a stock code in use',
      { sku: 'X', variants: [variant('X', 'Gri', 'M', 1)] },
      'productList[1].sku: stok kodu zaten kullanılıyor (X)',
    ],
  ])('refuses %s', async (_, change, expected) => {
    const errList = await problems(sweatshirt(change))
    expect(errList.some((entry) => entry.startsWith(expected))).toBe(true)
    expect(await n.products.findBySku('MV-SW-SIY-M')).toBeUndefined()
  })

  it('accepts names in any case, dotted or dotless, and stores the catalogue’s brand name', async () => {
    const draft = sweatshirt({
      brandName: 'MAVİ',
      attributes: [
        { name: 'KUMAŞ CİNSİ', value: 'pamuklu' },
        { name: 'renk', value: 'SIYAH' },
        { name: 'Beden', value: 'm' },
      ],
    })
    expect(await n.products.save(draft)).toMatchObject({ status: 'success' })
    expect((await n.products.findBySku('MV-SW-SIY-M'))!.brandName).toBe('Mavi')
  })

  it('lists every problem at once and saves nothing', async () => {
    const errList = await problems(
      sweatshirt({ brandName: 'Zara', cargoCompanyName: 'Kargocu', salePrice: 5000 }),
    )
    expect(errList).toHaveLength(3)
  })

  it('refuses a stock code another product of the seller already uses', async () => {
    const taken = e.state.liveProducts()[0]!.sku
    expect(await problems(sweatshirt({ sku: taken }))).toEqual([
      `productList[0].sku: stok kodu zaten kullanılıyor (${taken})`,
    ])
  })

  // Turkish lower-casing alone turns I into ı but keeps i: the check and bySku must fold alike
  it.each([
    ['MV-SW-SIY-M', 'mv-sw-siy-m'],
    ['mv-sw-siy-m', 'MV-SW-SIY-M'],
    ['MV-SW-SIY-M', 'mv-sw-sıy-m'],
    ['MV-SW-SİY-M', 'MV-SW-SIY-M'],
    ['mv-sw-sıy-m', 'Mv-Sw-SİY-m'],
  ])('refuses stock code %s spelt %s, which bySku finds as one', async (stored, sent) => {
    expect(await n.products.save(sweatshirt({ sku: stored }))).toMatchObject({ status: 'success' })
    const again = sweatshirt({ sku: sent, barcode: '8690000000099', variants: [] })
    expect(await problems(again)).toEqual([
      `productList[0].sku: stok kodu zaten kullanılıyor (${sent})`,
    ])
    const found = await raw(
      e,
      'GET',
      '/product-list',
      { type: 'bySku', sku: sent },
      {
        token: await login(e),
      },
    )
    expect((found.body.o!.productList as { sku: string }[]).map((p) => p.sku)).toEqual([stored])
  })

  it.each([
    ['no prime image', ['0', '0']],
    ['two prime images', ['1', '1']],
  ])('refuses %s', async (_, primes) => {
    const [main, ...rest] = wireProductList(sweatshirt())
    const images = (main!.images as { url: string }[]).map((image, i) => ({
      ...image,
      prime: primes[i],
    }))
    const productList = JSON.stringify([{ ...main, images }, ...rest])
    const answer = await raw(e, 'POST', '/add-product', { productList }, { token: await login(e) })
    expect(answer.body.o?.errList).toEqual([
      'productList[0].images: tam olarak bir öne çıkarılmış fotoğraf (prime 1) olmalıdır',
    ])
  })

  it('refuses an attributeType that contradicts the option', async () => {
    const token = await login(e)
    const [main, ...rest] = wireProductList(sweatshirt())
    const attributes = [
      { attributeName: 'Kumaş Cinsi', attributeValue: 'Pamuklu', attributeType: '1' },
    ]
    const answer = await raw(
      e,
      'POST',
      '/add-product',
      {
        productList: JSON.stringify([
          { ...main, attributes: [...attributes, ...(main!.attributes as object[]).slice(1)] },
          ...rest,
        ]),
      },
      { token },
    )
    expect(answer.body.o?.errList).toEqual([
      'productList[0].attributes[0].attributeType: Kumaş Cinsi varyant özelliği değildir (0)',
    ])
  })
})

describe('what a real client sends', () => {
  it('sends a form with productList as JSON text and the token beside it, as a PHP client does', async () => {
    const bodies: string[] = []
    const recording = client(e, {
      fetch: async (input, init) => {
        if (init?.method === 'POST') bodies.push(String(init.body))
        return e.fetch(input, init)
      },
    })
    await recording.products.save(sweatshirt())
    const form = new URLSearchParams(bodies[0])
    expect(form.get('token')).toMatch(/^[0-9a-f]{51}$/)
    const list = JSON.parse(form.get('productList')!) as Record<string, unknown>[]
    expect(list[0]).toMatchObject({
      type: 'mainProduct',
      price: '899.90',
      quantity: '12',
      categoryId: String(kazak),
    })
    expect(list[0]!.images).toEqual([
      { url: 'https://cdn.magaza.test/sw-1.jpg', prime: '1' },
      { url: 'https://cdn.magaza.test/sw-2.jpg', prime: '0' },
    ])
    expect(list.slice(1).map((v) => v.type)).toEqual(['variant', 'variant', 'variant'])
  })

  it.each<[string, (list: Record<string, unknown>[]) => unknown]>([
    ['a JSON list', (list) => list],
    [
      'a JSON list with numbers as numbers',
      (list) =>
        list.map((item) => ({
          ...item,
          price: Number(item.price),
          quantity: Number(item.quantity),
        })),
    ],
    ['JSON text inside JSON', (list) => JSON.stringify(list)],
    [
      'sets as position-keyed objects (a PHP array with gaps)',
      (list) =>
        list.map((item) => ({
          ...item,
          attributes: {
            0: (item.attributes as unknown[])[0],
            2: (item.attributes as unknown[])[1],
            5: (item.attributes as unknown[])[2],
          },
          ...(item.images
            ? { images: { 1: (item.images as unknown[])[0], 3: (item.images as unknown[])[1] } }
            : {}),
        })),
    ],
    ["the document's `o` wrapper", (list) => ({ o: list, error: 0 })],
  ])('accepts productList as %s in a JSON body', async (_, shape) => {
    const token = await login(e)
    const answer = await raw(
      e,
      'POST',
      '/add-product',
      {},
      { json: { token, productList: shape(wireProductList(sweatshirt())) } },
    )
    expect(answer.body).toEqual({ o: { status: 'success', errList: [] }, error: 0 })
    expect((await n.products.findBySku('MV-SW-GRI-L'))!.variants).toHaveLength(3)
  })

  it.each<[string, string, string[]]>([
    [
      'JSON with a trailing comma, as the document writes it',
      '[{"type":"mainProduct",},]',
      ['productList: geçersiz değer (geçerli bir JSON değil)'],
    ],
    ['an empty list', '[]', ['productList: geçersiz değer']],
    [
      'a comma before the kuruş',
      JSON.stringify([{ ...wireListOf(), price: '899,90' }]),
      ['productList[0].price: geçersiz değer (Kuruş ayrımı için nokta(.) kullanınız)'],
    ],
    [
      'a variant first',
      JSON.stringify([wireListOf(1)]),
      ['productList[0].type: varyanttan önce bir ana ürün (mainProduct) gelmelidir'],
    ],
    [
      'a main product without a title or images',
      JSON.stringify([{ ...wireListOf(), title: undefined, images: undefined }]),
      ['productList[0].title: zorunlu alan eksik', 'productList[0].images: zorunlu alan eksik'],
    ],
  ])('answers %s in errList', async (_, productList, errList) => {
    const token = await login(e)
    const answer = await raw(e, 'POST', '/add-product', { productList }, { token })
    expect(answer.body).toEqual({ o: { status: 'error', errList }, error: 0 })
  })

  it('answers 42 when productList is missing, in a form or an unreadable body', async () => {
    const token = await login(e)
    expect((await raw(e, 'POST', '/edit-product', {}, { token })).body.o).toMatchObject({
      errCode: 42,
    })
    const response = await e.fetch(`${e.baseUrl()}/add-product?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"productList": [',
    })
    expect(await response.json()).toMatchObject({ o: { errCode: 42 }, error: 0 })
  })
})

function wireListOf(index = 0): Record<string, unknown> {
  return { ...wireProductList(sweatshirt())[index] }
}
