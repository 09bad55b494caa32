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
  text,
} from './schemas.ts'

const orderNumber = text().describe('Sipariş numarası')
const paging = {
  offset: pagingInt().optional().describe('Varsayılan 0; dönen değerler üzerinden saymaya başlar'),
  limit: pagingInt().optional().describe("Varsayılan 20; en fazla 100 (fazlası 100'e iner)"),
}
const orderOnly = z.object({ order_number: orderNumber })
const form = ['form', 'json'] as const
const productRules =
  'Marka, kargo firması, özellik ve özellik değerleri adıyla verilir ve kategoride bulunmalıdır; tam bir öne çıkarılmış fotoğraf; satıcı ödemeli kargoda (cargoOption 0) kargo firması boş, kargo fiyatı 0; para birimi 1–5. Sorunlar errList ile döner, hiçbir şey kaydedilmez.'

export const narwooApi = defineApi({
  name: 'narwoo',
  title: 'Narwoo',
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
    },
    'categories.list': {
      method: 'GET',
      path: '/category-list',
      summary: 'Kategorileri Listele',
      description:
        'ID ile anahtarlanmış iç içe kategori ağacı; anahtarı belgedeki gibi `optionList`.',
      response: categoryListAnswer,
      retrySafe: true,
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
    },
    'brands.list': {
      method: 'GET',
      path: '/brand-list',
      summary: 'Markaları Listele',
      query: z.object({ categoryId: text().describe('Kategori ID') }),
      response: brandListAnswer,
      errors: ['missingParameter'],
      retrySafe: true,
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
    },
    'cargoCompanies.list': {
      method: 'GET',
      path: '/cargo-company-list',
      summary: 'Kargo Şirketleri',
      description: 'Cevap `o` zarfı olmadan `cargo_companies_list` döner.',
      response: cargoCompaniesAnswer,
      unwrap: 'cargo_companies_list',
      retrySafe: true,
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
    },
  },
})

export type NarwooApi = typeof narwooApi
