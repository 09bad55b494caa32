/**
 * Narwoo's inputs and answers, from the seed's examples and field lists (descriptions are the
 * seed's words). Answers are the wire as it is: ids, prices and stock as text, comma decimals where
 * the document shows them; `parse.ts` turns them into numbers for callers who want that.
 */
import { z } from 'zod'
import { documented, integerPattern } from '../../core/openapi.ts'
import { formatDateText, parseDateText, type DateFormat } from '../../core/schema.ts'

/** "limit: varsayılan 20'dir. En fazla 100 olabilir." */
export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
/** order-list without dates: "istek atılan tarihten 3 ay öncesi" */
export const DEFAULT_ORDER_MONTHS = 3

export const currencies = { 1: 'TRY', 2: 'USD', 3: 'EUR', 4: 'GBP', 5: 'JPY' } as const
export type CurrencyCode = keyof typeof currencies
export const productStatuses = ['active', 'passive', 'pending', 'denied', 'expired'] as const
export type ProductStatus = (typeof productStatuses)[number]

// --- input building blocks -----------------------------------------------------------------

/** What the input checks say, in Turkish, for a product answer's `errList`. */
export const inputMessages = {
  integer: 'tam sayı olmalıdır',
  decimalPoint: 'Kuruş ayrımı için nokta(.) kullanınız',
  url: 'http(s) adresi olmalıdır',
  json: 'geçerli bir JSON değil',
  date: 'Tarih formatı olmalıdır, örn. 2021-01-01 15:35',
} as const

const INTEGER = /^\s*-?\d{1,15}\s*$/
/** `129.99`, `15`, `0.5`: the document asks for a dot before the kuruş */
const MONEY = /^\s*\d{1,12}(\.\d{1,2})?\s*$/
/** MONEY above zero, for the documents: `129.99`, `0.5`; not `0` or `0.00`. */
const POSITIVE_MONEY = '^\\s*(?:[1-9]\\d{0,11}(?:\\.\\d{1,2})?|0\\.(?:[1-9]\\d?|0[1-9]))\\s*$'

/** Text the caller may give as a number too (`"38"` or `38`), as a JSON client sends it. */
export function text({ min = 0 }: { min?: number } = {}) {
  const codec = z.codec(z.union([z.string(), z.number()]), z.string().trim().min(min), {
    decode: (value) => String(value),
    encode: (value) => value,
  })
  // the length is checked once trimmed: some text besides blanks (OpenAPI only)
  if (min === 0) return codec
  return documented(
    codec,
    {
      anyOf: [{ type: 'string', minLength: min, pattern: '\\S' }, { type: 'number' }],
    },
    { replace: true },
  )
}

/** A whole number on the wire as text (`"50"`), also read from a JSON number; sent as text. */
export function intText({ min, max }: { min?: number; max?: number } = {}) {
  let int = z.number().int()
  if (min !== undefined) int = int.min(min)
  if (max !== undefined) int = int.max(max)
  const codec = z.codec(
    z.union([z.string().regex(INTEGER, inputMessages.integer), z.number().int()]),
    int,
    {
      decode: (value) => Number(value),
      encode: (value) => String(value),
    },
  )
  // the bounds are checked on the decoded number; the document shows them on both wire forms
  const number = {
    type: 'integer',
    ...(min !== undefined ? { minimum: min } : {}),
    ...(max !== undefined ? { maximum: max } : {}),
  }
  const text = { type: 'string', pattern: integerPattern({ min, max }) }
  return documented(codec, { anyOf: [text, number] }, { replace: true })
}

/** An amount with a dot before the kuruş (`"129.99"`), also read from a JSON number; sent as text. */
export function money({ positive = false }: { positive?: boolean } = {}) {
  const amount = positive ? z.number().positive() : z.number().min(0)
  const codec = z.codec(
    z.union([z.string().regex(MONEY, inputMessages.decimalPoint), z.number().min(0).finite()]),
    amount,
    { decode: (value) => Number(value), encode: (value) => value.toFixed(2) },
  )
  if (!positive) return codec
  // above zero, in both wire forms: the check is on the decoded amount (OpenAPI only)
  return documented(
    codec,
    {
      anyOf: [
        { type: 'string', pattern: POSITIVE_MONEY },
        { type: 'number', exclusiveMinimum: 0 },
      ],
    },
    { replace: true },
  )
}

/**
 * A paging number read as leniently as a PHP endpoint reads it (assumed): text that does not
 * start with a whole number reads as absent, so the default applies.
 */
export function pagingInt(documentedBounds: { min?: number; max?: number } = {}) {
  const codec = z.codec(z.string(), z.number().int().optional(), {
    decode: (value) => {
      const match = /^\s*(-?\d{1,9})/.exec(value)
      return match ? Number(match[1]) : undefined
    },
    encode: (value) => String(value ?? ''),
  })
  // what the document allows; anything else reads as the default or is capped (OpenAPI only)
  return documented(
    codec,
    { type: 'string', pattern: integerPattern(documentedBounds) },
    { replace: true },
  )
}

const dateFormats: DateFormat[] = ['yyyy-mm-dd hh:mm', 'yyyy-mm-dd hh:mm:ss', 'yyyy-mm-dd']

/**
 * `"2021-01-01 15:35"`, the document's format; seconds or a bare day are read too (assumed). A
 * wall-clock time in Türkiye: the text's fields are the UTC fields of the `Date` (README.md).
 */
export function narwooDate() {
  return z.codec(
    z
      .string()
      .refine(
        (value) => dateFormats.some((f) => parseDateText(value.trim(), f)),
        inputMessages.date,
      ),
    z.union([z.date(), z.string()]),
    {
      decode: (value) => dateFormats.map((f) => parseDateText(value.trim(), f)).find(Boolean)!,
      encode: (value) =>
        typeof value === 'string' && dateFormats.some((f) => parseDateText(value, f))
          ? value
          : formatDateText(new Date(value), 'yyyy-mm-dd hh:mm'),
    },
  )
}

/**
 * A list the document writes as a set (`"images": { {…}, {…}, }`). A real client sends a JSON
 * list, or an object keyed by position (a PHP array with gaps): both are read as the list.
 */
export function collection<T extends z.ZodType>(item: T) {
  const codec = z.codec(
    z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]),
    z.array(item),
    {
      decode: (value) => (Array.isArray(value) ? value : Object.values(value)) as z.input<T>[],
      encode: (value) => value,
    },
  )
  // the items are checked once decoded: the document shows them in the list form a client sends
  return documented(codec, z.array(item))
}

// --- productList (add-product, edit-product) -----------------------------------------------

export const imageInput = z.object({
  url: z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+$/, inputMessages.url)
    .describe('Fotoğrafın linki'),
  prime: intText({ min: 0, max: 1 }).describe('1: öne çıkarılmış fotoğraf (yalnızca bir tane)'),
})

export const attributeInput = z.object({
  attributeName: text({ min: 1 }).describe('Özelliğin adı'),
  attributeValue: text({ min: 1 }).describe('Özellik değerinin adı'),
  attributeType: intText({ min: 0, max: 1 })
    .optional()
    .describe('1: varyant özelliği olabilir, 0: olamaz'),
})

const mainFields = {
  type: z.literal('mainProduct').describe('Ürün tipi'),
  title: documented(z.string().trim().min(1).max(250), { pattern: '\\S' }).describe('Ürün başlığı'),
  brandName: text({ min: 1 }).describe('Ürün markasının adı'),
  categoryId: intText({ min: 1 }).describe('Ürün kategorisinin ID bilgisi (en alt kategori)'),
  quantity: intText({ min: 0 }).describe('Ürünün stok sayısı'),
  sku: text().optional().describe('Stok kodu bilgisi'),
  barcode: text().optional().describe('Barkod bilgisi'),
  description: z.string().optional().describe('Ürün açıklaması'),
  currency: intText({ min: 1, max: 5 }).describe('1 TRY, 2 USD, 3 EUR, 4 GBP, 5 JPY'),
  price: money({ positive: true }).describe('Ürünün satış fiyatı, örn. 2756.89'),
  salePrice: money().optional().describe('Ürünün indirimli satış fiyatı, örn. 1935.00'),
  cargoOption: intText({ min: 0, max: 1 }).describe('0 Satıcı Ödemeli, 1 Alıcı Ödemeli'),
  minSaleQuantity: intText({ min: 1 }).optional().describe('Satın alınabilecek minimum ürün adedi'),
  maxCargoTime: intText({ min: 0, max: 30 }).optional().describe('Kargoya verme süresi, gün'),
  cargoCompanyName: z
    .string()
    .trim()
    .optional()
    .describe('Kargo firmasının adı (satıcı ödemeliyse boş)'),
  cargoPrice: money().optional().describe('Kargo fiyatı (satıcı ödemeliyse 0), örn. 15.00'),
  maxProductQuantityForCargoPrice: intText({ min: 1 })
    .optional()
    .describe('Belirtilen kargo ücreti ile gönderilebilecek max. ürün adedi'),
  images: collection(imageInput).describe('Ürüne ait fotoğraflar'),
  attributes: collection(attributeInput).optional().describe('Ürünün özellikleri'),
}

export const newMainProduct = z.object(mainFields)
/**
 * On an edit, `images` may be left out like the other fields product-list does not show: they keep
 * their stored values (assumed, README.md), or no client could edit a product it did not create.
 */
export const editedMainProduct = z.object({
  productId: intText({ min: 1 }).describe("Düzenlenen ürünün Narwoo'daki ID bilgisi"),
  ...mainFields,
  images: mainFields.images
    .optional()
    .describe('Ürüne ait fotoğraflar; gönderilmezse kayıtlı fotoğraflar kalır'),
})

export const variantInput = z.object({
  type: z.literal('variant').describe('Ürün tipi'),
  quantity: intText({ min: 0 }).describe('Varyantın stok sayısı'),
  sku: text().optional().describe('Stok kodu bilgisi'),
  barcode: text().optional().describe('Barkod bilgisi'),
  price: money({ positive: true }).describe('Varyantın satış fiyatı'),
  image: z.string().trim().optional().describe('Varyantın fotoğraf linki'),
  attributes: collection(attributeInput).describe('Varyantın özellikleri (varyant özellikleri)'),
})

/**
 * `productList`: a main product, then its variants. A form sends it as JSON text (as a PHP client
 * does), a JSON body as text or as the list itself. The document's examples wrap the list in
 * `"o": […], "error": 0`; that wrapper is read too (assumed).
 */
function productList<M extends z.ZodObject>(main: M, example: unknown[]) {
  const item = z.discriminatedUnion('type', [main, variantInput])
  // the items are checked once decoded: the document shows the text and list forms with them
  const wire = z.union([
    z.string().describe('the list as JSON text, as a form sends it'),
    z.array(item).min(1),
  ])
  const codec = z
    .codec(
      // the example sits on the wire side: zod shows a codec's own examples as decoded values
      z
        .union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
        .meta({ examples: [example] }),
      z.array(item).min(1),
      {
        decode: (value, payload) => {
          let parsed: unknown = value
          if (typeof value === 'string') {
            try {
              parsed = JSON.parse(value)
            } catch {
              payload.issues.push({ code: 'custom', message: inputMessages.json, input: value })
              return []
            }
          }
          const wrapped = (parsed as { o?: unknown } | null)?.o
          if (wrapped !== undefined && typeof parsed === 'object' && !Array.isArray(parsed))
            parsed = wrapped
          if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
            parsed = Object.values(parsed)
          return parsed as z.input<typeof item>[]
        },
        encode: (list) => JSON.stringify(list),
      },
    )
    .describe(
      'Ana ürün ve ardından varyantları: form ile JSON metni olarak, JSON gövdede metin ya da liste olarak',
    )
  return documented(codec, wire)
}

/** The document's "Varyantlı" example, well-formed: lists in `[ ]`, no trailing commas. */
const documentExample = [
  {
    title: 'Kadın Beli Lastikli Duble Paça Kumuş Pantolon',
    type: 'mainProduct',
    brandName: 'Zara',
    categoryId: '2477',
    quantity: '50',
    sku: 'ZR98-mavi-s',
    barcode: 'ABC6743948',
    description: 'Ürün açıklama bilgisi',
    currency: '1',
    price: '129.99',
    salePrice: '79.99',
    cargoOption: '1',
    minSaleQuantity: '1',
    maxCargoTime: '1',
    cargoCompanyName: 'Aras Kargo',
    cargoPrice: '9.99',
    maxProductQuantityForCargoPrice: '1',
    images: [
      { url: 'https://www.youradress/path/folder/image_1.jpg', prime: '1' },
      { url: 'https://www.youradress/path/folder/image_2.jpg', prime: '0' },
    ],
    attributes: [
      { attributeName: 'Renk', attributeValue: 'Kırmızı', attributeType: '1' },
      { attributeName: 'Beden', attributeValue: 'L', attributeType: '1' },
    ],
  },
  {
    type: 'variant',
    quantity: '10',
    sku: '-lacivert-XXL',
    barcode: 'ABC674343',
    price: '89.99',
    image: 'https://www.youradress/path/folder/image_3.jpg',
    attributes: [
      { attributeName: 'Renk', attributeValue: 'Lacivert' },
      { attributeName: 'Beden', attributeValue: 'XXL' },
    ],
  },
]

/** The document's "Varyantlı" examples, well-formed, as a client sends them. */
export const seedProductList = documentExample
export const seedEditedProductList = [
  { productId: '123', ...documentExample[0] },
  ...documentExample.slice(1),
]

export const newProductList = productList(newMainProduct, seedProductList)
export const editedProductList = productList(editedMainProduct, seedEditedProductList)

// --- answers -------------------------------------------------------------------------------

const errCode = z.number().int().describe('0 işlem başarılı; 1 veya üstü başarısız')

/** `{"o": …, "error": 0}` */
export function envelope<T extends z.ZodType>(o: T) {
  return z.object({ o, error: z.number().int() })
}

export const errorBody = envelope(z.object({ errCode, message: z.string() }))

/** The answer of order and cargo writes: `{"o":{"errCode":0,"message":"İşlem Başarılı"},"error":0}` */
export const outcome = envelope(z.object({ errCode, message: z.string() }))

export const loginAnswer = envelope(
  z.object({ errCode, token: z.string().describe('her işlemde gönderilecek uzun şifre') }),
)

export interface CategoryNode {
  id: string
  parent_id: string
  name: string
  sub: Record<string, CategoryNode> | never[]
}

export const categoryNode: z.ZodType<CategoryNode> = z
  .lazy(() =>
    z.object({
      id: z.string().describe('Kategorinin ID bilgisi'),
      parent_id: z.string().describe('Bir üst kategorinin ID bilgisi; 0 en üst'),
      name: z.string().describe('Kategorinin adı'),
      // PHP's json_encode writes an empty array for a leaf and an id-keyed object otherwise
      sub: z.union([z.record(z.string(), categoryNode), z.array(z.never()).max(0)]),
    }),
  )
  .meta({ id: 'NarwooCategory' })

/** The category tree; the document names its key `optionList` here too. */
export const categoryListAnswer = envelope(
  z.object({ optionList: z.record(z.string(), categoryNode), errCode }),
)

export const optionValue = z.object({ id: z.string(), name: z.string() })
export const option = z.object({
  id: z.string().describe('Özelliğin ID bilgisi'),
  name: z.string().describe('Özelliğin adı'),
  variantStatus: z.boolean().describe('true: özellik aynı zamanda varyant özelliğidir'),
  values: z.record(z.string(), optionValue).describe('Değerler, ID ile anahtarlanmış'),
})
export const optionListAnswer = envelope(
  z.object({ optionList: z.record(z.string(), option), errCode }),
)

export const brand = z.object({ id: z.string(), name: z.string() })
export const brandListAnswer = envelope(z.object({ brandList: z.array(brand), errCode }))

export const attribute = z.object({ attributeName: z.string(), attributeValue: z.string() })

export const productVariant = z.object({
  sku: z.string(),
  barcode: z.string(),
  price: z.string().describe('örn. "219.99"'),
  stock: z.string(),
  attributes: z.array(attribute),
})

export const product = z.object({
  productId: z.string(),
  categoryId: z.string(),
  title: z.string(),
  sku: z.string(),
  barcode: z.string(),
  price: z.string().describe('örn. "180.00"'),
  currency: z.string().describe('1 TRY, 2 USD, 3 EUR, 4 GBP, 5 JPY'),
  stock: z.string(),
  brandName: z.string(),
  cargoOption: z.string().describe('0 Satıcı Ödemeli, 1 Alıcı Ödemeli'),
  cargoCompanyName: z.string().optional().describe('cargoOption 1 ise döner'),
  cargoPrice: z.string().optional().describe('cargoOption 1 ise döner'),
  status: z.enum(productStatuses),
  attributes: z.array(attribute),
  variants: z.array(productVariant).optional().describe('yalnızca varyantlı ürünlerde'),
})

export const productListAnswer = envelope(z.object({ productList: z.array(product) }))

export const productWriteAnswer = envelope(
  z.object({
    status: z.enum(['success', 'error']),
    errList: z.array(z.string()).describe('her sorun için bir kayıt'),
  }),
)

export const deleteAnswer = envelope(
  z.object({ status: z.enum(['deleted', 'error']), errCode, message: z.string().optional() }),
)

export const orderSummary = z.object({
  order_number: z.string().describe('sipariş numarası'),
  order_price: z.string().describe('siparişin toplam tutarı, örn. "25.00"'),
  order_currency: z.string(),
  order_date: z.string().describe('"2020-08-28 14:24:46", Türkiye saati'),
  order_payment_status: z.string().describe('0 ödenmemiş, 1 hata oluştu, 2 ödenmiş'),
})

export const orderListAnswer = z.object({ order_list: z.array(orderSummary) })

const nullable = z.string().nullable()
export const selectedVariant = z.object({
  variant_name: nullable,
  variant_price: nullable,
  variant_stock: nullable,
  variant_type: nullable,
  variant_sku: nullable,
  variant_barcode: nullable,
  // `[null]` for a product bought without a variant, as the document shows
  variant_option_list: z.array(
    z.object({ option_name: z.string(), option_value: z.string() }).nullable(),
  ),
})

export const orderProduct = z.object({
  product_name: z.string(),
  product_link: z.string(),
  product_image_link: z.string(),
  product_category: z.string(),
  product_barcode: z.string(),
  product_code: z.string(),
  product_quantity: z.string(),
  product_single_price: z.string().describe('virgüllü, örn. "20,00"'),
  product_single_old_price: z.string().describe('noktalı, örn. "0.00"'),
  product_cargo_price: z.string().describe('virgüllü, örn. "3,00"'),
  product_total_price: z.string().describe('virgüllü, örn. "23,00"'),
  product_currency_symbol: z.string(),
  product_stock: z.string(),
  product_cargo_option: z.string(),
  product_sku: z.string(),
  product_selected_variant: selectedVariant,
})

export const invoiceAddress = z.object({
  invoice_recipient_name: z.string(),
  invoice_recipient_surname: z.string(),
  invoice_country: z.string(),
  invoice_zone: z.string().describe('il'),
  invoice_town: z.string().describe('ilçe'),
  invoice_address: z.string(),
  invoice_zipcode: z.string(),
})

export const deliveryAddress = z.object({
  delivery_recipient_name: z.string(),
  delivery_recipient_surname: z.string(),
  delivery_country: z.string(),
  delivery_zone: z.string().describe('il'),
  delivery_town: z.string().describe('ilçe'),
  delivery_address: z.string(),
  delivery_zipcode: z.string(),
})

/** The order detail comes flat, without the `o` envelope, as the document shows it. */
export const orderDetail = z.object({
  order_number: z.string(),
  order_total_price: z.string(),
  order_currency: z.string(),
  order_date: z.string(),
  order_payment_type: z.string().describe('0 EFT/Havale, 1 Kredi Kartı'),
  order_payment_status: z.string().describe('0 ödenmemiş, 1 hata oluştu, 2 ödenmiş'),
  order_canceled: z.string().describe('0 aktif, 1 iptal edilmiş'),
  customer: z.object({ name: z.string(), surname: z.string(), email: z.string() }),
  order_addresses: z.object({ invoice: invoiceAddress, delivery: deliveryAddress }),
  order_products: z.array(orderProduct),
})

export const cargoCompany = z.object({ cargo_id: z.string(), cargo_name: z.string() })
export const cargoCompaniesAnswer = z.object({ cargo_companies_list: z.array(cargoCompany) })

export const integrationCargoAnswer = envelope(
  z.object({
    errCode,
    message: z.string(),
    cargoKey: z.string().describe('kargo anahtarı'),
    cargoLabelLink: z.string().describe('barkod çıkarmak için kargo firmasının linki'),
  }),
)

export const cargoDetails = z.object({
  cargo_status: z.string(),
  cargo_number: z.string(),
  cargo_company_name: z.string(),
  cargo_link: z.string(),
  cargo_integration: z.string().describe('0 Manuel kargo sistemi, 1 Entegrasyon kargo sistemi'),
})
export const cargoDetailAnswer = envelope(
  z.object({ errCode, message: z.string(), cargo_details: cargoDetails }),
)

export type WireOrderSummary = z.output<typeof orderSummary>
export type WireOrderDetail = z.output<typeof orderDetail>
export type WireOrderProduct = z.output<typeof orderProduct>
export type WireProduct = z.output<typeof product>
export type WireProductVariant = z.output<typeof productVariant>
export type NewMainProduct = z.output<typeof newMainProduct>
export type EditedMainProduct = z.output<typeof editedMainProduct>
export type VariantInput = z.output<typeof variantInput>
export type AttributeInput = z.output<typeof attributeInput>
