/**
 * add-product and edit-product: a list of main products, each followed by its variants, checked
 * against the marketplace's catalogue. Every problem becomes one `errList` entry and nothing is
 * saved unless there is none.
 */
import type {
  AttributeInput,
  EditedMainProduct,
  NewMainProduct,
  VariantInput,
  WireProduct,
} from '../schemas.ts'
import {
  categoryById,
  findBrand,
  findCargoCompany,
  findOption,
  findValue,
  isLeaf,
  type Category,
} from './catalogue.ts'
import { dotMoney, foldName, sameName, turkeyTime } from './format.ts'
import type { NameValue, NarwooStore, StoredProduct, StoredVariant } from './store.ts'

type Main = NewMainProduct | EditedMainProduct
type Item = Main | VariantInput
interface Group {
  main: Main
  at: number
  variants: { variant: VariantInput; at: number }[]
}

/** Checks and saves; the answer's `errList`, empty when everything was saved. */
export function saveProducts(store: NarwooStore, items: readonly Item[], now: Date): string[] {
  const problems: string[] = []
  const groups = groupItems(items, problems)
  const drafts = groups.map((group) => draft(store, group, now, problems))
  checkUnique(store, groups, problems)
  if (problems.length) return problems
  for (const product of drafts) {
    if (!product) continue
    if (product.productId === 0) product.productId = store.nextProductId++
    store.putProduct(product)
  }
  return []
}

function groupItems(items: readonly Item[], problems: string[]): Group[] {
  const groups: Group[] = []
  items.forEach((item, at) => {
    if (item.type === 'mainProduct') groups.push({ main: item, at, variants: [] })
    else if (groups.length) groups[groups.length - 1]!.variants.push({ variant: item, at })
    else
      problems.push(
        `productList[${at}].type: varyanttan önce bir ana ürün (mainProduct) gelmelidir`,
      )
  })
  return groups
}

function draft(
  store: NarwooStore,
  { main, at, variants }: Group,
  now: Date,
  problems: string[],
): StoredProduct | undefined {
  const where = `productList[${at}]`
  const before = problems.length
  const existing = 'productId' in main ? store.product(main.productId) : undefined
  if ('productId' in main && (!existing || existing.deleted))
    problems.push(`${where}.productId: ürün bulunamadı (${main.productId})`)
  const category = categoryById.get(main.categoryId)
  if (!category) problems.push(`${where}.categoryId: kategori bulunamadı (${main.categoryId})`)
  else if (!isLeaf(category))
    problems.push(
      `${where}.categoryId: ürünler yalnızca en alt kategoriye eklenebilir (${main.categoryId})`,
    )
  else if (!findBrand(category, main.brandName))
    problems.push(`${where}.brandName: marka bu kategoride bulunamadı (${main.brandName})`)
  checkCargo(main, where, problems)
  // an edit keeps what product-list does not show when it leaves it out (README.md, Assumed)
  const kept = existing && !existing.deleted ? existing : undefined
  const images = main.images
    ? main.images.map((image) => ({ url: image.url, prime: image.prime === 1 }))
    : (kept?.images ?? [])
  if ((main.images || kept) && images.filter((image) => image.prime).length !== 1)
    problems.push(`${where}.images: tam olarak bir öne çıkarılmış fotoğraf (prime 1) olmalıdır`)
  const salePrice = main.salePrice ?? kept?.salePrice ?? 0
  if (salePrice > main.price)
    problems.push(`${where}.salePrice: indirimli fiyat satış fiyatından büyük olamaz`)
  const attributes = main.attributes ?? []
  if (category && isLeaf(category)) {
    checkAttributes(category, attributes, `${where}.attributes`, false, problems)
    const axes = variantAxes(category, attributes)
    const seen = new Set([combination(category, attributes)])
    for (const { variant, at: vat } of variants) {
      const vwhere = `productList[${vat}]`
      checkAttributes(category, variant.attributes, `${vwhere}.attributes`, true, problems)
      const names = variantAxes(category, variant.attributes)
      if (names.join() !== axes.join())
        problems.push(
          `${vwhere}.attributes: varyant özellikleri ana ürününkilerle aynı olmalıdır (${axes.join(', ') || 'yok'})`,
        )
      const key = combination(category, variant.attributes)
      if (seen.has(key))
        problems.push(`${vwhere}.attributes: bu varyant kombinasyonu zaten var (${key})`)
      seen.add(key)
    }
  }
  if (problems.length > before || !category) return undefined
  const stamp = turkeyTime(now)
  return {
    productId: existing?.productId ?? 0,
    categoryId: category.id,
    title: main.title,
    description: main.description ?? kept?.description ?? '',
    brandName: findBrand(category, main.brandName)!.name,
    sku: main.sku ?? '',
    barcode: main.barcode ?? '',
    price: main.price,
    salePrice,
    currency: main.currency as StoredProduct['currency'],
    stock: main.quantity,
    cargoOption: main.cargoOption as 0 | 1,
    cargoCompanyName:
      main.cargoOption === 1 ? findCargoCompany(main.cargoCompanyName ?? '')!.name : '',
    cargoPrice: main.cargoOption === 1 ? (main.cargoPrice ?? 0) : 0,
    minSaleQuantity: main.minSaleQuantity ?? kept?.minSaleQuantity ?? 1,
    maxCargoTime: main.maxCargoTime ?? kept?.maxCargoTime ?? 1,
    maxProductQuantityForCargoPrice:
      main.maxProductQuantityForCargoPrice ?? kept?.maxProductQuantityForCargoPrice ?? 1,
    images,
    attributes: attributes.map(toNameValue),
    variants: variants.map(({ variant }) => toVariant(variant, kept)),
    // a new product waits for approval; a refused or expired one is sent for approval again
    status:
      !existing || existing.status === 'denied' || existing.status === 'expired'
        ? 'pending'
        : existing.status,
    deleted: false,
    createdAt: existing?.createdAt ?? stamp,
    updatedAt: stamp,
  }
}

/** Seller-paid cargo: no company, price 0. Buyer-paid: a known company and a price. */
function checkCargo(main: Main, where: string, problems: string[]): void {
  const company = main.cargoCompanyName ?? ''
  if (main.cargoOption === 0) {
    if (company !== '')
      problems.push(`${where}.cargoCompanyName: satıcı ödemeli üründe kargo firması boş olmalıdır`)
    if ((main.cargoPrice ?? 0) !== 0)
      problems.push(`${where}.cargoPrice: satıcı ödemeli üründe kargo fiyatı 0 olmalıdır`)
    return
  }
  if (company === '')
    problems.push(`${where}.cargoCompanyName: alıcı ödemeli üründe kargo firması zorunludur`)
  else if (!findCargoCompany(company))
    problems.push(`${where}.cargoCompanyName: kargo firması bulunamadı (${company})`)
  if (main.cargoPrice === undefined)
    problems.push(`${where}.cargoPrice: alıcı ödemeli üründe kargo fiyatı zorunludur`)
}

function checkAttributes(
  category: Category,
  attributes: readonly AttributeInput[],
  where: string,
  variantOnly: boolean,
  problems: string[],
): void {
  const names = new Set<string>()
  attributes.forEach((attribute, i) => {
    const at = `${where}[${i}]`
    const option = findOption(category, attribute.attributeName)
    if (!option) {
      problems.push(
        `${at}.attributeName: özellik bu kategoride bulunamadı (${attribute.attributeName})`,
      )
      return
    }
    if (names.has(option.name))
      problems.push(`${at}.attributeName: özellik iki kez verilmiş (${option.name})`)
    names.add(option.name)
    if (!findValue(option, attribute.attributeValue))
      problems.push(
        `${at}.attributeValue: özellik değeri bulunamadı (${option.name}: ${attribute.attributeValue})`,
      )
    if (variantOnly && !option.variantStatus)
      problems.push(`${at}.attributeName: varyant özelliği değil (${option.name})`)
    if (
      attribute.attributeType !== undefined &&
      attribute.attributeType !== Number(option.variantStatus)
    )
      problems.push(
        `${at}.attributeType: ${option.name} ${option.variantStatus ? 'bir varyant özelliğidir (1)' : 'varyant özelliği değildir (0)'}`,
      )
  })
}

/** The variant options an item sets, by their catalogue names, sorted. */
function variantAxes(category: Category, attributes: readonly AttributeInput[]): string[] {
  return attributes
    .map((a) => findOption(category, a.attributeName))
    .filter((o) => o?.variantStatus)
    .map((o) => o!.name)
    .sort()
}

/** `Beden: S, Renk: Gri`: the variant values an item sets, for telling combinations apart. */
function combination(category: Category, attributes: readonly AttributeInput[]): string {
  return attributes
    .flatMap((a) => {
      const option = findOption(category, a.attributeName)
      const value = option && findValue(option, a.attributeValue)
      return option?.variantStatus && value ? [`${option.name}: ${value.name}`] : []
    })
    .sort()
    .join(', ')
}

function toNameValue(attribute: AttributeInput): NameValue {
  return { name: attribute.attributeName.trim(), value: attribute.attributeValue.trim() }
}

/** A variant left without an image keeps the one its stored namesake (same sku or barcode) had. */
function toVariant(variant: VariantInput, kept: StoredProduct | undefined): StoredVariant {
  const same = kept?.variants.find(
    (v) =>
      (variant.sku && v.sku === variant.sku) || (variant.barcode && v.barcode === variant.barcode),
  )
  return {
    sku: variant.sku ?? '',
    barcode: variant.barcode ?? '',
    price: variant.price,
    stock: variant.quantity,
    image: variant.image ?? same?.image ?? '',
    attributes: variant.attributes.map(toNameValue),
  }
}

/**
 * Stock codes and barcodes name one unit each, across the list and the seller's other products.
 * Stock codes fold as `bySku` finds them, so no two units answer one lookup.
 */
function checkUnique(store: NarwooStore, groups: Group[], problems: string[]): void {
  // a product being edited does not collide with itself, even when its edit has other problems
  const editing = new Set(
    groups.flatMap(({ main }) => ('productId' in main ? [main.productId] : [])),
  )
  const taken = new Map<string, string>()
  for (const product of store.liveProducts()) {
    if (editing.has(product.productId)) continue
    for (const unit of [product, ...product.variants]) {
      if (unit.sku) taken.set(`sku ${foldName(unit.sku)}`, 'stok kodu')
      if (unit.barcode) taken.set(`barcode ${unit.barcode}`, 'barkod')
    }
  }
  for (const { main, at, variants } of groups) {
    for (const { item, at: iat } of [
      { item: main as Item, at },
      ...variants.map((v) => ({ item: v.variant as Item, at: v.at })),
    ]) {
      for (const [field, value, label] of [
        ['sku', item.sku ? `sku ${foldName(item.sku)}` : '', 'stok kodu'],
        ['barcode', item.barcode ? `barcode ${item.barcode}` : '', 'barkod'],
      ] as const) {
        if (!value) continue
        if (taken.has(value))
          problems.push(
            `productList[${iat}].${field}: ${label} zaten kullanılıyor (${item[field]})`,
          )
        taken.set(value, label)
      }
    }
  }
}

/** A product as the product list shows it. */
export function toWireProduct(product: StoredProduct): WireProduct {
  const attributes = (list: NameValue[]) =>
    list.map((a) => ({ attributeName: a.name, attributeValue: a.value }))
  return {
    productId: String(product.productId),
    categoryId: String(product.categoryId),
    title: product.title,
    sku: product.sku,
    barcode: product.barcode,
    price: dotMoney(product.price),
    currency: String(product.currency),
    stock: String(product.stock),
    brandName: product.brandName,
    cargoOption: String(product.cargoOption),
    ...(product.cargoOption === 1
      ? { cargoCompanyName: product.cargoCompanyName, cargoPrice: dotMoney(product.cargoPrice) }
      : {}),
    status: product.status,
    attributes: attributes(product.attributes),
    ...(product.variants.length
      ? {
          variants: product.variants.map((v) => ({
            sku: v.sku,
            barcode: v.barcode,
            price: dotMoney(v.price),
            stock: String(v.stock),
            attributes: attributes(v.attributes),
          })),
        }
      : {}),
  }
}

/** The products `bySku` finds: the one whose own sku, or one of whose variants' sku, matches. */
export function productsBySku(store: NarwooStore, sku: string): StoredProduct[] {
  return store
    .liveProducts()
    .filter((p) => [p.sku, ...p.variants.map((v) => v.sku)].some((s) => s && sameName(s, sku)))
}
