/**
 * Softtr's entities and envelope, from the seed's field tables (descriptions are the seed's own
 * words). Fields the seed does not give are marked assumed here and in README.md.
 */
import { z } from 'zod'
import { documented } from '../../core/openapi.ts'

export const orderSources = ['WEBSITE', 'N11', 'CICEKSEPETI', 'HEPSIBURADA', 'TRENDYOL'] as const
export const orderStatuses = [
  'WAITING',
  'PREPARING',
  'PENDING',
  'SHIPPED',
  'DELIVERED',
  'RETURNED',
  'CANCEL',
] as const
export type OrderSource = (typeof orderSources)[number]
export type OrderStatus = (typeof orderStatuses)[number]

/** Most items one update call accepts ("Bir seferde en fazla 100 … için istek gönderilebilir"). */
export const MAX_ITEMS = 100
export const MAX_PAGE_SIZE = 100

const detail = z.object({
  requestID: z.string().describe("İsteğe ait benzersiz kayıt ID'si"),
  /** assumed: where the error table's text travels */
  message: z.string().optional().describe('Hata mesajı (assumed location)'),
})
const message = z.object({ code: z.number().int().describe('Cevap kodu'), detail })

/** Text with something besides blanks: the emulator trims before it checks (OpenAPI only). */
const filled = { pattern: '\\S' }

/**
 * A success says 200 twice: literals, so an answer saying anything else is never read as one
 * (documented as the integers they are, as before)
 */
const ok = { status: documented(z.literal(200), documented(z.number().int(), { const: 200 })) }
const okMessage = message.extend({
  code: documented(z.literal(200), documented(message.shape.code, { const: 200 })),
})

export const errorBody = documented(
  z.object({
    status: z.number().int().describe('Cevap HTTP Kodu'),
    message: message.extend({
      detail: detail.extend({
        unknown: z
          .array(z.string())
          .optional()
          .describe(
            'assumed: the order numbers or barcodes a refused update names as not found (kopru)',
          ),
      }),
    }),
  }),
  {
    examples: [
      {
        status: 400,
        message: {
          code: 400,
          detail: {
            requestID: '7045997c8e1cf4a3448e79b5a9ae0276',
            message: 'orderno Boş ya da Geçersiz',
            unknown: ['01092022001821-DIK'],
          },
        },
      },
    ],
  },
)

/** `{status, message:{code, detail:{requestID}}, data}` */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ ...ok, message: okMessage, data })
}

/** The answer of the update calls: the envelope without data. */
export const acknowledgement = z.object({ ...ok, message: okMessage })

export const orderSummary = z.object({
  orderno: z.string().describe('Benzersiz sipariş numarası'),
  orderAmount: z.number().describe('Toplam sipariş tutarı'),
  invoiceName: z.string().describe('Fatura isim soyisim'),
  invoiceTitle: z.string().describe('Fatura Ünvanı'),
  invoiceTaxOffice: z.string().describe('Vergi Dairesi'),
  // the table says string, the example shows a number: both are read
  invoiceTaxID: z.union([z.string(), z.number()]).describe('Vergi Numarası'),
  invoiceCivID: z.string().describe('TC Kimlik Numarası'),
  invoiceAddress: z.string().describe('Fatura Adresi'),
  invoiceDistrict: z.string().describe('Fatura İlçe'),
  invoiceCity: z.string().describe('Fatura İl'),
  shipmentName: z.string().describe('Alıcı Adı Soyadı'),
  shipmentAddress: z.string().describe('Alıcı Adresi'),
  shipmentDistrict: z.string().describe('Alıcı ilçe'),
  shipmentCity: z.string().describe('Alıcı Şehir'),
  orderSource: z.enum(orderSources).describe('Sipariş Kaynağı'),
})

export const ordersPage = z.object({
  orderCount: z.number().int().describe('Toplam sipariş adedi'),
  pageCount: z.number().int().describe('Toplam sayfa adedi'),
  size: z.number().int().describe('Sayfada olabilecek maximum sipariş adedi'),
  page: z.number().int().describe('İsteğin sayfa numarası'),
  content: z.array(orderSummary).describe('Siparişler'),
})

export const orderItem = z.object({
  itemTitle: z.string().describe('Ürün Adı'),
  itemBrand: z.string().describe('Ürün markası'),
  itemCode: z.string().describe('Ürün Kodu'),
  itemTaxRate: z.number().int().describe('Ürün KDV Oranı'),
  itemQuantity: z.number().int().describe('Ürün Adedi'),
  itemUnitPrice: z.number().describe('Ürün Birim Fiyatı'),
})

export const shipmentDetails = z.object({
  shipmentName: z.string().describe('Alıcı Adı Soyadı'),
  shipmentAddress: z.string().describe('Alıcı Adresi'),
  shipmentDistrict: z.string().describe('Alıcı ilçe'),
  shipmentCity: z.string().describe('Alıcı il'),
  shipmentGsm: z.string().describe('Alıcı Telefon Numarası'),
})

export const invoiceDetails = z.object({
  invoiceName: z.string().describe('Fatura Adı Soyadı'),
  invoiceCompanyTitle: z.string().describe('Fatura Ünvanı'),
  invoiceTaxID: z.string().describe('Vergi Numrası'),
  invoiceTaxOffice: z.string().describe('Vergi Dairesi'),
  invoiceAddress: z.string().describe('Fatura Adresi'),
  invoiceDistrict: z.string().describe('Fatura İlçe'),
  invoiceCity: z.string().describe('Fatura il'),
  invoiceGsm: z.string().describe('Fatura Telefon Numarası'),
  invoicePhone: z.string().describe('Fatura Telefon Numarası'),
  invoiceMail: z.string().describe('Fatura Mail Adresi'),
})

export const orderDetail = z.object({
  orderno: z.string().describe('Sipariş numarası'),
  orderAmount: z.number().describe('Toplam Sipariş Tutarı'),
  cargoCharge: z.number().describe('Kargo Ücreti'),
  taxAmount: z.number().describe('KDV Toplamı'),
  discount_coupon: z.string().describe('Kullanılan kupon kodu'),
  partner_code: z.string().describe('Kullanılan partner kodu'),
  orderSource: z.enum(orderSources).describe('Sipariş Kaynağı'),
  paymentType: z.string().describe('Ödeme yöntemi'),
  shipmentDetails: shipmentDetails.describe('Teslimat Detayları'),
  invoiceDetails: invoiceDetails.describe('Fatura Detayları'),
  items: z.array(orderItem).describe('Ürün Listesi'),
})

export const statusUpdate = z.object({
  orderno: documented(z.string().trim().min(1), filled).describe('Sipariş Numarası'),
  status: z.enum(orderStatuses).describe('Sipariş durumu'),
})

export const stockAndPriceUpdate = z.object({
  barcode: documented(z.string().trim().min(1), filled).describe(
    'Güncellenecek ürünün veya varyanın barkod değeri',
  ),
  mainProductPrice: z.number().min(0).describe('Ana Ürün Fiyatı'),
  variantPrice: z.number().min(0).describe('Varyant Fiyatı (0: ana ürün fiyatı geçerli; assumed)'),
  stockAmount: z.number().int().min(0).describe('Stok Adedi'),
})

// products/list: the seed gives no shape; everything below is assumed (see README.md)

export const productVariant = z.object({
  variantId: z.number().int(),
  barcode: z.string(),
  stockCode: z.string(),
  variantPrice: z.number().describe('0 when the variant sells at the main product price'),
  stockAmount: z.number().int(),
  options: z
    .array(z.object({ name: z.string(), value: z.string() }))
    .describe('e.g. Renk: Siyah, Beden: M'),
})

export const product = z
  .object({
    productId: z.number().int(),
    code: z.string().describe('Stok kodu; order items carry it as itemCode'),
    barcode: z.string().describe('empty when the product has variants: stock lives in them'),
    title_tr: z.string(),
    brandName: z.string(),
    products_cat_associate: z.string().describe('category path, levels joined by " > "'),
    mainProductPrice: z.number(),
    currency: z.string(),
    taxRate: z.number().int(),
    stockAmount: z.number().int().describe('own stock, or the sum over the variants'),
    desi: z.number(),
    picture: z.string(),
    variants: z.array(productVariant),
  })
  .meta({
    // assumed, as the emulator answers (the seed shows no product)
    examples: [
      {
        productId: 14,
        code: 'KP-002507',
        barcode: '',
        title_tr: 'Baseus Kamera Korumalı MagSafe Uyumlu Kılıf',
        brandName: 'Baseus',
        products_cat_associate: 'Elektronik > Telefon Aksesuarları > Kılıf',
        mainProductPrice: 189.99,
        currency: 'TRY',
        taxRate: 20,
        stockAmount: 46,
        desi: 1,
        picture: '/Data/products/kp-002507-1.jpg',
        variants: [
          {
            variantId: 1401,
            barcode: '8695848004468',
            stockCode: 'KP-002507-MAV',
            variantPrice: 0,
            stockAmount: 37,
            options: [{ name: 'Renk', value: 'Mavi' }],
          },
          {
            variantId: 1402,
            barcode: '8695848060143',
            stockCode: 'KP-002507-KAH',
            variantPrice: 0,
            stockAmount: 9,
            options: [{ name: 'Renk', value: 'Kahverengi' }],
          },
        ],
      },
    ],
  })

export const productsPage = z.object({
  productCount: z.number().int(),
  pageCount: z.number().int(),
  size: z.number().int(),
  page: z.number().int(),
  content: z.array(product),
})

export type OrderSummary = z.output<typeof orderSummary>
export type OrderDetail = z.output<typeof orderDetail>
export type Product = z.output<typeof product>
export type ProductVariant = z.output<typeof productVariant>
