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

const day = dateText('dd-mm-yyyy')
const paging = {
  page: textInt({ min: 1 }).optional().describe('Görüntülenecek sayfa numarası'),
  pageSize: textInt({ min: 1, max: MAX_PAGE_SIZE })
    .optional()
    .describe('Bir sayfada görüntülenecek adet (Max 100, Varsayılan 100)'),
}

export const softtrApi = defineApi({
  name: 'softtr',
  title: 'Softtr',
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
        maxSize: MAX_PAGE_SIZE,
      },
      retrySafe: true,
    },
    'orders.get': {
      method: 'GET',
      path: '/order/{orderno}',
      summary: 'Sipariş Detayı',
      params: z.object({ orderno: z.string().min(1).describe('Sipariş numarası') }),
      response: envelope(z.object({ content: orderDetail })),
      retrySafe: true,
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
        maxSize: MAX_PAGE_SIZE,
      },
      retrySafe: true,
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
    },
  },
})

export type SofttrApi = typeof softtrApi
