/**
 * Softtr's five documented operations (seed 001, "Softtr E-Ticaret Sistemleri", version 0.1.0b).
 * Everything else about Softtr (client, emulator routes, OpenAPI, inventory) is derived from here.
 */
import { z } from 'zod'
import { defineApi } from '../../core/operation.ts'
import { dateText, textInt } from '../../core/schema.ts'
import { softtrErrors } from './errors.ts'
import {
  MAX_ITEMS,
  MAX_PAGE_SIZE,
  acknowledgement,
  envelope,
  errorBody,
  orderDetail,
  ordersPage,
  productsPage,
  statusUpdate,
  stockAndPriceUpdate,
} from './schemas.ts'
import { softtrAbout } from './about.ts'

const day = dateText('dd-mm-yyyy')
/** The seed's answer to a successful update (`Başarılı İşlem Cevabı`). */
const acknowledged = {
  status: 200,
  message: { code: 200, detail: { requestID: '7045997c8e1cf4a3448e79b5a9ae0276' } },
}
const paging = {
  page: textInt({ min: 1 }).optional().describe('Görüntülenecek sayfa numarası'),
  pageSize: textInt({ min: 1, max: MAX_PAGE_SIZE })
    .optional()
    .describe('Bir sayfada görüntülenecek adet (Max 100, Varsayılan 100)'),
}

export const softtrApi = defineApi({
  name: 'softtr',
  title: softtrAbout.title,
  seed: 'shared/seeds/001_db11385c74946233.txt',
  baseUrl: 'https://www.domain.com/api',
  auth: { type: 'basic' },
  secrets: { headers: ['authorization'] },
  unwrap: 'data',
  errorBody,
  errors: softtrErrors,
  operations: {
    'orders.list': {
      method: 'GET',
      path: '/orders',
      summary: 'Siparişleri listeleme',
      description: 'Siparişlerinizi listeler; en yeni sipariş önce (assumed).',
      query: z
        .object({
          ...paging,
          startDate: day
            .optional()
            .describe('Siparişlerin listeleneceği tarih, örn. 01-10-2022 (endDate ile zorunlu)'),
          endDate: day.optional().describe('Siparişlerin listeleneceği tarih, örn. 01-10-2022'),
        })
        // "startDate … Opsiyonel (endDate parametresi ile zorunlu)": an endDate needs a startDate
        .refine((q) => q.endDate === undefined || q.startDate !== undefined, {
          path: ['startDate'],
          message: 'startDate is required with endDate',
        }),
      response: envelope(ordersPage),
      errors: ['invalidParameter'],
      pagination: {
        style: 'page',
        page: 'page',
        size: 'pageSize',
        items: 'content',
        totalPages: 'pageCount',
        total: 'orderCount',
        maxSize: MAX_PAGE_SIZE,
      },
      retrySafe: true,
      examples: {
        summary: "The seed's example endpoint and answer (its `...` left out)",
        query: { pageSize: '10', page: '2', startDate: '01-09-2022' },
        response: {
          status: 200,
          message: { code: 200, detail: { requestID: 'b668ea650cec4e7d4d5bde6c6f0af8a4' } },
          data: {
            orderCount: 25,
            pageCount: 3,
            size: 10,
            page: 3,
            content: [
              {
                orderno: '01092022001221-AIK',
                orderAmount: 87.89,
                invoiceName: 'Test Kullanıcısı Adı Soyadı',
                invoiceTitle: 'Test Kullanıcısı Fatura Ünvanı',
                invoiceTaxOffice: 'ATIŞALANI',
                invoiceTaxID: 1111111111,
                invoiceCivID: '',
                invoiceAddress: 'Test kullanıcısı fatura adresi',
                invoiceDistrict: 'Şişli',
                invoiceCity: 'İstanbul',
                shipmentName: 'Test Kullanıcısı Adı Soyadı',
                shipmentAddress: 'Test kullanıcısı teslimat adresi',
                shipmentDistrict: 'Çerkezköy',
                shipmentCity: 'İstanbul',
                orderSource: 'WEBSITE',
              },
            ],
          },
        },
      },
    },
    'orders.get': {
      method: 'GET',
      path: '/order/{orderno}',
      summary: 'Sipariş Detayı',
      params: z.object({ orderno: z.string().min(1).describe('Sipariş numarası') }),
      response: envelope(z.object({ content: orderDetail })),
      retrySafe: true,
      examples: {
        summary: "The seed's example answer (its `...` left out)",
        params: { orderno: '28092022133621-AYD' },
        response: {
          status: 200,
          message: { code: 200, detail: { requestID: '72f0769ee515d8fa9c23b4e6bfe7159e' } },
          data: {
            content: {
              orderno: '28092022133621-AYD',
              orderAmount: 219.9,
              cargoCharge: 15.0,
              taxAmount: 16.29,
              discount_coupon: 'SOFTTR1',
              partner_code: 'SOFTTR',
              orderSource: 'WEBSITE',
              paymentType: 'Kredi Kartı',
              shipmentDetails: {
                shipmentName: 'Alıcı Adı Soyadı',
                shipmentAddress: 'Alıcı Adresi',
                shipmentDistrict: 'Çerkezköy',
                shipmentCity: 'İstanbul',
                shipmentGsm: '08503073393',
              },
              // the seed swaps invoiceTaxID and invoiceTaxOffice; kept as printed
              invoiceDetails: {
                invoiceName: 'Fatura Adı Soyadı',
                invoiceCompanyTitle: 'Fatura Ünvanı',
                invoiceTaxID: 'ATIŞALANI',
                invoiceTaxOffice: '111111111',
                invoiceAddress: 'Fatura Adresi',
                invoiceDistrict: 'Şişli',
                invoiceCity: 'İstanbul',
                invoiceGsm: '08503073393',
                invoicePhone: '08503073393',
                invoiceMail: 'destek@softtr.com',
              },
              items: [
                {
                  itemTitle: 'Ürün Adı',
                  itemBrand: 'Marka',
                  itemCode: 'A111111',
                  itemTaxRate: 8,
                  itemQuantity: 1,
                  itemUnitPrice: 219.9,
                },
              ],
            },
          },
        },
      },
    },
    'orders.updateStatus': {
      method: 'POST',
      path: '/orders/updateOrderStatus',
      summary: 'Sipariş Durumu Güncelleme',
      description:
        'Bir seferde en fazla 100 sipariş. Bilinmeyen bir sipariş numarası tüm isteği reddeder (assumed).',
      body: z.array(statusUpdate).min(1).max(MAX_ITEMS),
      response: acknowledgement,
      unwrap: null,
      errors: ['invalidRequest', 'invalidParameter', 'limitExceeded'],
      limits: { maxItems: MAX_ITEMS },
      batch: { items: 'body' },
      // a status change may notify the shopper (shipped, cancelled): never sent twice by a retry
      retrySafe: false,
      examples: {
        summary: "The seed's example request (its `...` left out) and success answer",
        body: [
          { orderno: '01092022001821-DIK', status: 'WAITING' },
          { orderno: '01092022002448-ZKB', status: 'PREPARING' },
          { orderno: '01092022130509-SHE', status: 'PENDING' },
        ],
        response: acknowledged,
      },
    },
    'products.list': {
      method: 'GET',
      path: '/products/list',
      summary: 'Ürün Listeleme',
      description: 'Parametreleri ve cevabı belgede yok: orders ile aynı sayfalama (assumed).',
      query: z.object({
        ...paging,
        size: textInt({ min: 1, max: MAX_PAGE_SIZE })
          .optional()
          .describe('pageSize ile aynı; pageSize önceliklidir (assumed)'),
      }),
      response: envelope(productsPage),
      errors: ['invalidParameter'],
      pagination: {
        style: 'page',
        page: 'page',
        size: 'pageSize',
        items: 'content',
        totalPages: 'pageCount',
        total: 'productCount',
        maxSize: MAX_PAGE_SIZE,
      },
      retrySafe: true,
      // the seed gives none: a public integrator's connection test (shared/reference/softtr.md)
      examples: { summary: "An integrator's connection test", query: { page: '1', pageSize: '1' } },
    },
    'products.updateStockAndPrice': {
      method: 'POST',
      path: '/products/updateStokAndPrice',
      summary: 'Stok ve Fiyat Güncelleme',
      description:
        'Bir seferde en fazla 100 ürün, barkod ile. Bilinmeyen bir barkod tüm isteği reddeder (assumed).',
      body: z.array(stockAndPriceUpdate).min(1).max(MAX_ITEMS),
      response: acknowledgement,
      unwrap: null,
      errors: ['invalidRequest', 'invalidParameter', 'limitExceeded'],
      limits: { maxItems: MAX_ITEMS },
      batch: { items: 'body' },
      // absolute stock and prices: a repeat leaves the same state
      retrySafe: true,
      examples: {
        summary: "The seed's example request (its `...` left out) and success answer",
        body: [
          {
            barcode: '8341101923840',
            mainProductPrice: 239.76,
            variantPrice: 0.0,
            stockAmount: 50,
          },
          {
            barcode: '8341101924244',
            mainProductPrice: 239.76,
            variantPrice: 0.0,
            stockAmount: 50,
          },
          {
            barcode: '8341101924648',
            mainProductPrice: 239.76,
            variantPrice: 0.0,
            stockAmount: 50,
          },
        ],
        response: acknowledged,
      },
    },
  },
})

export type SofttrApi = typeof softtrApi
