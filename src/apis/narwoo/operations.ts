/**
 * Narwoo's eighteen documented operations (seed 002, "Narwoo API Dökümantasyonu"). Everything else
 * about Narwoo (client, emulator routes, OpenAPI, inventory) is derived from here.
 *
 * Every call but login carries `token`: in the query for GET, as a form field or JSON field for
 * POST. The client adds it; the records name only the documented parameters.
 */
import { z } from 'zod'
import { defineApi } from '../../core/operation.ts'
import { narwooErrors } from './errors.ts'
import {
  MAX_LIMIT,
  brandListAnswer,
  cargoCompaniesAnswer,
  cargoDetailAnswer,
  categoryListAnswer,
  deleteAnswer,
  editedProductList,
  errorBody,
  integrationCargoAnswer,
  loginAnswer,
  narwooDate,
  newProductList,
  optionListAnswer,
  orderDetail,
  orderListAnswer,
  outcome,
  pagingInt,
  productListAnswer,
  productWriteAnswer,
  seedEditedProductList,
  seedProductList,
  text,
} from './schemas.ts'
import { narwooAbout } from './about.ts'

const orderNumber = text().describe('Sipariş numarası')
const paging = {
  offset: pagingInt({ min: 0 })
    .optional()
    .describe('Varsayılan 0; dönen değerler üzerinden saymaya başlar'),
  limit: pagingInt({ min: 1, max: MAX_LIMIT })
    .optional()
    .describe("Varsayılan 20; en fazla 100 (fazlası 100'e iner)"),
}
const orderOnly = z.object({ order_number: orderNumber })
/** The seed's `order_number` and its answer to a write that went through. */
const order = { order_number: '123456789123' }
const done = { o: { errCode: 0, message: 'İşlem Başarılı' }, error: 0 }
const productSaved = { o: { status: 'success', errList: [] }, error: 0 }
const form = ['form', 'json'] as const
const productRules =
  'Marka, kargo firması, özellik ve özellik değerleri adıyla verilir ve kategoride bulunmalıdır; tam bir öne çıkarılmış fotoğraf; satıcı ödemeli kargoda (cargoOption 0) kargo firması boş, kargo fiyatı 0; para birimi 1–5. Sorunlar errList ile döner, hiçbir şey kaydedilmez.'

export const narwooApi = defineApi({
  name: 'narwoo',
  title: narwooAbout.title,
  seed: 'shared/seeds/002_120f91d7ffa90c54.txt',
  baseUrl: 'https://www.narwoo.com/api',
  auth: { type: 'token', in: 'body', name: 'token', loginOperation: 'auth.login' },
  secrets: { query: ['token', 'userPassword'], body: ['token', 'userPassword'] },
  unwrap: 'o',
  errorBody,
  errors: narwooErrors,
  operations: {
    'auth.login': {
      method: 'GET',
      path: '/login',
      summary: "API'ye Giriş Yap (Login)",
      description: 'Token oluşturur; token süresi dolunca 41 döner ve yeniden giriş gerekir.',
      query: z.object({
        userEmail: text().describe('Satıcı e-posta adresi'),
        userPassword: text().describe('Satıcı şifresi'),
      }),
      response: loginAnswer,
      errors: ['unauthorized', 'missingParameter'],
      auth: false,
      retrySafe: true,
      examples: {
        response: {
          o: { errCode: 0, token: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e730' },
          error: 0,
        },
      },
    },
    'orders.list': {
      method: 'GET',
      path: '/order-list',
      summary: 'Gelen Siparişler',
      description:
        'Satıcının gelen siparişleri, en yenisi önce (assumed). Tarihsiz istekte son 3 ay. Cevap `o` zarfı olmadan `order_list` döner.',
      query: z.object({
        ...paging,
        start_date: narwooDate().optional().describe('Varsayılan 3 ay önce; örn. 2021-01-01 15:35'),
        end_date: narwooDate().optional().describe('Varsayılan istek anı; örn. 2021-01-01 15:35'),
      }),
      response: orderListAnswer,
      unwrap: 'order_list',
      pagination: {
        style: 'offset',
        offset: 'offset',
        limit: 'limit',
        items: '',
        maxSize: MAX_LIMIT,
      },
      retrySafe: true,
      examples: {
        summary: "The seed's defaults and date format, and its example answer",
        query: { offset: '0', limit: '20', start_date: '2021-01-01 15:35' },
        response: {
          order_list: [
            {
              order_number: '123456789123',
              order_price: '25.00',
              order_currency: 'TRY',
              order_date: '2020-08-28 14:24:46',
              order_payment_status: '2',
            },
          ],
        },
      },
    },
    'categories.list': {
      method: 'GET',
      path: '/category-list',
      summary: 'Kategorileri Listele',
      description:
        'ID ile anahtarlanmış iç içe kategori ağacı; anahtarı belgedeki gibi `optionList`.',
      response: categoryListAnswer,
      retrySafe: true,
      examples: {
        summary: "The seed's example answer, well-formed",
        response: {
          o: {
            optionList: {
              '249': {
                id: '249',
                parent_id: '0',
                name: 'Din ve Törenler',
                sub: {
                  '250': {
                    id: '250',
                    parent_id: '249',
                    name: 'Anma Töreni Malzemeleri',
                    sub: {
                      '251': { id: '251', parent_id: '250', name: 'Kül Saklama Küpleri', sub: [] },
                    },
                  },
                  '252': {
                    id: '252',
                    parent_id: '249',
                    name: 'Dini Eşyalar',
                    sub: {
                      '253': { id: '253', parent_id: '252', name: 'Başörtüleri', sub: [] },
                      '254': { id: '254', parent_id: '252', name: 'Dini Sunaklar', sub: [] },
                    },
                  },
                },
              },
            },
            errCode: 0,
          },
          error: 0,
        },
      },
    },
    'options.list': {
      method: 'GET',
      path: '/option-list',
      summary: 'Özellikleri Listele',
      description: 'Kategorideki özellikler, `variantStatus` ve değerleriyle.',
      query: z.object({ categoryId: text().describe('Kategori ID') }),
      response: optionListAnswer,
      errors: ['missingParameter'],
      retrySafe: true,
      examples: {
        summary: "The seed's example answer, well-formed (some of its values left out)",
        query: { categoryId: '262' },
        response: {
          o: {
            optionList: {
              '180': {
                id: '180',
                name: 'Renk',
                variantStatus: true,
                values: {
                  '3289': { id: '3289', name: 'Beyaz' },
                  '3299': { id: '3299', name: 'Mavi' },
                  '3301': { id: '3301', name: 'Siyah' },
                },
              },
              '176': {
                id: '176',
                name: 'Dahili Hafıza',
                variantStatus: false,
                values: {
                  '3231': { id: '3231', name: '16 GB' },
                  '3233': { id: '3233', name: '32 GB' },
                  '3235': { id: '3235', name: '64 GB' },
                },
              },
            },
            errCode: 0,
          },
          error: 0,
        },
      },
    },
    'products.delete': {
      method: 'GET',
      path: '/delete-product',
      summary: 'Ürün Sil',
      description: 'Bilinmeyen ya da silinmiş ürün: `status: "error"`, errCode 43.',
      query: z.object({ productId: text().describe("Ürünün Narwoo'daki ID bilgisi") }),
      response: deleteAnswer,
      errors: ['missingParameter', 'deleteFailed'],
      // a second delete of the same product answers 43: not safe to repeat blindly
      retrySafe: false,
      examples: {
        query: { productId: '3185' },
        response: { o: { status: 'deleted', errCode: 0 }, error: 0 },
      },
    },
    'brands.list': {
      method: 'GET',
      path: '/brand-list',
      summary: 'Markaları Listele',
      query: z.object({ categoryId: text().describe('Kategori ID') }),
      response: brandListAnswer,
      errors: ['missingParameter'],
      retrySafe: true,
      examples: {
        summary: "The seed's example answer, well-formed",
        query: { categoryId: '262' },
        response: {
          o: {
            brandList: [
              { id: '103', name: 'Cat' },
              { id: '297', name: 'Motorola' },
              { id: '311', name: 'Odisu' },
              { id: '315', name: 'Zte' },
              { id: '380', name: 'Philips' },
              { id: '1203', name: 'Yota' },
              { id: '1204', name: 'Zopo' },
            ],
            errCode: 0,
          },
          error: 0,
        },
      },
    },
    'products.list': {
      method: 'GET',
      path: '/product-list',
      summary: 'Ürünleri Listele',
      description: 'byUser: satıcının tüm ürünleri (ID sırasıyla); bySku: sku ile eşleşen ürün.',
      query: z.object({
        ...paging,
        type: z.enum(['byUser', 'bySku']).optional().describe('Varsayılan byUser'),
        sku: z.string().optional().describe('bySku için zorunlu, byUser için boş'),
      }),
      response: productListAnswer,
      errors: ['missingParameter'],
      pagination: {
        style: 'offset',
        offset: 'offset',
        limit: 'limit',
        items: 'productList',
        maxSize: MAX_LIMIT,
      },
      retrySafe: true,
      examples: {
        summary:
          "The seed's defaults and example answer, well-formed (two of the first product's four variants)",
        query: { offset: '0', limit: '20', type: 'byUser' },
        response: {
          o: {
            productList: [
              {
                productId: '3185',
                categoryId: '2477',
                title: 'Erkek Pamkuklu Kazak',
                sku: 'ZR76-siyah-xl',
                barcode: 'ABC474639',
                price: '180.00',
                currency: '1',
                stock: '35',
                brandName: 'Zara',
                cargoOption: '0',
                status: 'active',
                attributes: [
                  { attributeName: 'Kumaş Cinsi', attributeValue: 'Pamuklu' },
                  { attributeName: 'Renk', attributeValue: 'beyaz' },
                  { attributeName: 'Beden', attributeValue: 's' },
                ],
                variants: [
                  {
                    sku: '-Kahverengi-s',
                    barcode: 'ABC474643',
                    price: '219.99',
                    stock: '12',
                    attributes: [
                      { attributeName: 'Renk', attributeValue: 'kahverengi' },
                      { attributeName: 'Beden', attributeValue: 's' },
                    ],
                  },
                  {
                    sku: '-Gri-l',
                    barcode: 'ABC474698',
                    price: '224.50',
                    stock: '5',
                    attributes: [
                      { attributeName: 'Renk', attributeValue: 'gri' },
                      { attributeName: 'Beden', attributeValue: 'l' },
                    ],
                  },
                ],
              },
              {
                productId: '219',
                categoryId: '262',
                title: 'Iphone 11 Pro Max',
                sku: 'AP76-128',
                barcode: 'ABC475454',
                price: '12999.00',
                currency: '1',
                stock: '20',
                brandName: 'Apple',
                cargoOption: '1',
                cargoCompanyName: 'UPS',
                cargoPrice: '29.90',
                status: 'pending',
                attributes: [{ attributeName: 'Hafıza', attributeValue: '128 GB' }],
              },
            ],
          },
          error: 0,
        },
      },
    },
    'products.create': {
      method: 'POST',
      path: '/add-product',
      summary: 'Ürün Ekle',
      description: `Ana ürün ve varyantları; yeni ürün onay bekler (pending). ${productRules}`,
      body: z.object({ productList: newProductList }),
      encodings: form,
      response: productWriteAnswer,
      errors: ['missingParameter'],
      retrySafe: false,
      examples: {
        summary: 'The seed\'s "Varyantlı" example, well-formed (one of its variants), and answer',
        body: { productList: seedProductList },
        response: productSaved,
      },
    },
    'products.update': {
      method: 'POST',
      path: '/edit-product',
      summary: 'Ürün Düzenle',
      description: `Ana ürün productId ile; gönderilen varyantlar eskilerinin yerini alır (assumed). ${productRules}`,
      body: z.object({ productList: editedProductList }),
      encodings: form,
      response: productWriteAnswer,
      errors: ['missingParameter'],
      // the whole product is replaced by what is sent: a repeat leaves the same state
      retrySafe: true,
      examples: {
        summary: 'The seed\'s "Varyantlı" example, well-formed (one of its variants), and answer',
        body: { productList: seedEditedProductList },
        response: productSaved,
      },
    },
    'orders.get': {
      method: 'GET',
      path: '/order-detail',
      summary: 'Sipariş Detayı',
      description: 'Cevap `o` zarfı olmadan, düz sipariş nesnesi olarak döner.',
      query: orderOnly,
      response: orderDetail,
      unwrap: null,
      errors: ['orderNumberMissing', 'orderNotFound'],
      retrySafe: true,
      examples: {
        summary: "The seed's example answer (its obfuscated e-mail address replaced)",
        query: order,
        response: {
          order_number: '123456789123',
          order_total_price: '25.00',
          order_currency: 'TRY',
          order_date: '2020-08-28 14:24:46',
          order_payment_type: '0',
          order_payment_status: '2',
          order_canceled: '0',
          // the seed's copy shows "[email protected]", a web page's e-mail obfuscation
          customer: { name: 'Ad', surname: 'Soyad', email: 'ad.soyad@example.com' },
          order_addresses: {
            invoice: {
              invoice_recipient_name: 'Ad',
              invoice_recipient_surname: 'Soyad',
              invoice_country: 'Turkey',
              invoice_zone: 'İstanbul',
              invoice_town: 'Üsküdar',
              invoice_address: 'Örnek Mahallesi. Örnek Caddesi. Örnek NO: 14.',
              invoice_zipcode: '34000',
            },
            delivery: {
              delivery_recipient_name: 'Ad',
              delivery_recipient_surname: 'Soyad',
              delivery_country: 'Turkey',
              delivery_zone: 'İstanbul',
              delivery_town: 'Üsküdar',
              delivery_address: 'Örnek Mahallesi. Örnek Caddesi. Örnek NO: 14.',
              delivery_zipcode: '34000',
            },
          },
          order_products: [
            {
              product_name: 'ERSL01 - Eğitim Yazılım Seti',
              product_link: 'https://www.narwoo.com/detail/ersl01-egitim-yazilim-seti-3211',
              product_image_link:
                'https://www.narwoo.com/imgbuffer?src=/uploads/product/3211-ersl01-egitim-yazilim-seti-3211-9e1ef668aa.png&w=80&h=60',
              product_category: 'Eğitim Yazılımları',
              product_barcode: '',
              product_code: '',
              product_quantity: '1',
              product_single_price: '20,00',
              product_single_old_price: '0.00',
              product_cargo_price: '3,00',
              product_total_price: '23,00',
              product_currency_symbol: '₺',
              product_stock: '835',
              product_cargo_option: '1',
              product_sku: '',
              product_selected_variant: {
                variant_name: null,
                variant_price: null,
                variant_stock: null,
                variant_type: null,
                variant_sku: null,
                variant_barcode: null,
                variant_option_list: [null],
              },
            },
          ],
        },
      },
    },
    'orders.confirm': {
      method: 'POST',
      path: '/order-confirm',
      summary: 'Siparişi Onayla',
      body: orderOnly,
      encodings: form,
      response: outcome,
      errors: [
        'orderNumberMissing',
        'orderNotFound',
        'orderCancelled',
        'notPaid',
        'alreadyConfirmed',
        'hasReturn',
        'notAllConfirmed',
      ],
      retrySafe: false,
      examples: { body: order, response: done },
    },
    'orders.cancel': {
      method: 'POST',
      path: '/order-cancel',
      summary: 'Sipariş İptal',
      body: z.object({
        order_number: orderNumber,
        cancel_reason: text().describe('İptal nedeni (zorunlu)'),
      }),
      encodings: form,
      response: outcome,
      errors: [
        'orderNumberMissing',
        'missingParameter',
        'orderNotFound',
        'orderCancelled',
        'hasReturn',
        'cargoNumberExists',
      ],
      retrySafe: false,
      examples: { response: done },
    },
    'cargoCompanies.list': {
      method: 'GET',
      path: '/cargo-company-list',
      summary: 'Kargo Şirketleri',
      description: 'Cevap `o` zarfı olmadan `cargo_companies_list` döner.',
      response: cargoCompaniesAnswer,
      unwrap: 'cargo_companies_list',
      retrySafe: true,
      examples: {
        response: { cargo_companies_list: [{ cargo_id: '1', cargo_name: 'Aras Kargo' }] },
      },
    },
    'cargo.createManual': {
      method: 'POST',
      path: '/cargo-create/manuel',
      summary: 'Kargo Oluştur (Manuel)',
      body: z.object({
        order_number: orderNumber,
        cargoCompanyName: text().describe('Kargo firmasının adı (cargo-company-list)'),
        cargo_number: text().describe('Kargo takip numarası, en az 6 hane'),
      }),
      encodings: form,
      response: outcome,
      errors: [
        'orderNumberMissing',
        'cargoCompanyNotFound',
        'cargoNumberMissing',
        'cargoNumberTooShort',
        'orderNotFound',
        'orderCancelled',
        'notPaid',
        'integrationInUse',
        'cargoNumberExists',
      ],
      retrySafe: false,
      examples: { response: done },
    },
    'cargo.cancelManual': {
      method: 'POST',
      path: '/cargo-cancel/manuel',
      summary: 'Kargo İptal (Manuel)',
      body: orderOnly,
      encodings: form,
      response: outcome,
      errors: ['orderNumberMissing', 'orderNotFound', 'integrationInUse', 'cargoNotFound'],
      retrySafe: false,
      examples: { body: order, response: done },
    },
    'cargo.createIntegration': {
      method: 'POST',
      path: '/cargo-create/integration',
      summary: 'Kargo Oluştur (Entegrasyon)',
      description: 'Yalnızca UPS. `cargoLabelLink` barkod etiketinin adresidir.',
      body: orderOnly,
      encodings: form,
      response: integrationCargoAnswer,
      errors: [
        'orderNumberMissing',
        'orderNotFound',
        'orderCancelled',
        'notPaid',
        'cargoNumberExists',
        'integrationInUse',
      ],
      retrySafe: false,
      examples: {
        body: order,
        response: {
          o: {
            errCode: 0,
            message: 'İşlem Başarılı',
            cargoKey: '1Z964AX56800000666',
            cargoLabelLink:
              'http://ws.ups.com.tr/UmoWSLabel/Barcode.aspx?ShipmentNo=1Z964AX56800000666&LabelKey=084C3793-5802-42B6-9BC7-48CC627656B4&Type=Print',
          },
          error: 0,
        },
      },
    },
    'cargo.cancelIntegration': {
      method: 'POST',
      path: '/cargo-cancel/integration',
      summary: 'Kargo İptal (Entegrasyon)',
      description:
        'Yalnızca UPS; kargo teslim alındıktan sonra iptal edilemez (errCode 1, assumed).',
      body: orderOnly,
      encodings: form,
      response: outcome,
      errors: ['orderNumberMissing', 'orderNotFound', 'cargoNotFound'],
      retrySafe: false,
      examples: { body: order, response: done },
    },
    'cargo.getIntegration': {
      method: 'GET',
      path: '/cargo-detail/integration',
      summary: 'Kargo Detay (Entegrasyon)',
      description:
        'Entegrasyon ya da manuel kargonun durumu; `cargo_integration` hangisi olduğunu söyler.',
      query: z.object({
        order_number: orderNumber,
        cargo_number: text().describe('Kargo numarası (cargoKey)'),
      }),
      response: cargoDetailAnswer,
      errors: ['orderNumberMissing', 'cargoNumberMissing', 'orderNotFound', 'cargoNotFound'],
      retrySafe: true,
      examples: {
        query: { ...order, cargo_number: '1Z964AX56800000684' },
        response: {
          o: {
            errCode: 0,
            message: 'İşlem Başarılı',
            cargo_details: {
              cargo_status: 'Kargo İşlem Görmemiş',
              cargo_number: '1Z964AX56800000684',
              cargo_company_name: 'UPS',
              cargo_link: '//www.ups.com.tr/WaybillSorgu.aspx?Waybill=1Z964AX56800000684',
              cargo_integration: '1',
            },
          },
          error: 0,
        },
      },
    },
  },
})

export type NarwooApi = typeof narwooApi
