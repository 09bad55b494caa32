import { describe, expect, it } from 'vitest'
import {
  parseAmount,
  parseNarwooTime,
  parseOrderDetail,
  toProductList,
} from '../../../src/apis/narwoo/parse.ts'
import type { WireOrderDetail } from '../../../src/apis/narwoo/schemas.ts'
import { client, emulator } from './support.ts'

describe('parseAmount', () => {
  it.each([
    ['20,00', 20],
    ['1.234,56', 1234.56],
    ['12.345.678,90', 12345678.9],
    ['3,5', 3.5],
    ['180.00', 180],
    ['25.00', 25],
    ['35', 35],
    [' 0.00 ', 0],
  ])('reads %s as %d', (text, value) => {
    expect(parseAmount(text)).toBe(value)
  })

  it.each(['', 'abc', '1,2,3', '12.34.56', null])('reads %s as NaN', (text) => {
    expect(parseAmount(text)).toBeNaN()
  })
})

it('reads Narwoo times as wall-clock dates', () => {
  expect(parseNarwooTime('2020-08-28 14:24:46')).toEqual(new Date('2020-08-28T14:24:46Z'))
  expect(parseNarwooTime('2020-08-28 14:24')).toEqual(new Date('2020-08-28T14:24:00Z'))
  expect(parseNarwooTime('28.08.2020')).toBeUndefined()
})

describe('parseOrderDetail', () => {
  it('reads the document’s own example, a line without a variant', () => {
    const wire: WireOrderDetail = {
      order_number: '123456789123',
      order_total_price: '25.00',
      order_currency: 'TRY',
      order_date: '2020-08-28 14:24:46',
      order_payment_type: '0',
      order_payment_status: '2',
      order_canceled: '0',
      customer: { name: 'Ad', surname: 'Soyad', email: 'ad@example.com' },
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
          product_image_link: 'https://www.narwoo.com/imgbuffer?src=/x.png&w=80&h=60',
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
    }
    const order = parseOrderDetail(wire)
    expect(order).toMatchObject({ total: 25, paid: true, paymentType: 0, canceled: false })
    expect(order.lines[0]).toMatchObject({
      unitPrice: 20,
      oldPrice: 0,
      cargoPrice: 3,
      total: 23,
      stock: 835,
      variant: null,
    })
  })

  it('reads a detail from the emulator with its variant options', async () => {
    const e = emulator()
    const order = e.state.orders.find((o) => o.lines.some((l) => l.variant))!
    const detail = await client(e).orders.detail(order.orderNumber)
    const line = detail.lines.find((l) => l.variant)!
    const stored = order.lines.find((l) => l.sku === line.sku)!
    expect(line.variant!.options).toEqual(stored.variant!.options)
    expect(line.unitPrice).toBe(stored.unitPrice)
    expect(detail.total).toBeCloseTo(
      detail.lines.reduce((sum, l) => sum + l.total, 0),
      2,
    )
  })
})

describe('toProductList', () => {
  it('puts the main product first, then its variants, and marks the first image prime', () => {
    const list = toProductList({
      title: 'Kupa',
      brandName: 'Paşabahçe',
      categoryId: 5,
      quantity: 3,
      currency: 1,
      price: 99.9,
      cargoOption: 0,
      images: ['https://a.test/1.jpg', 'https://a.test/2.jpg'],
      attributes: [{ name: 'Renk', value: 'Beyaz' }],
      variants: [{ price: 99.9, quantity: 2, attributes: [{ name: 'Renk', value: 'Mavi' }] }],
    })
    expect(list.map((item) => item.type)).toEqual(['mainProduct', 'variant'])
    expect(list[0]).toMatchObject({
      images: [
        { url: 'https://a.test/1.jpg', prime: 1 },
        { url: 'https://a.test/2.jpg', prime: 0 },
      ],
      attributes: [{ attributeName: 'Renk', attributeValue: 'Beyaz' }],
    })
  })

  it('keeps the image the caller marks prime', () => {
    const [main] = toProductList({
      title: 'Kupa',
      brandName: 'Paşabahçe',
      categoryId: 5,
      quantity: 3,
      currency: 1,
      price: 99.9,
      cargoOption: 0,
      images: ['https://a.test/1.jpg', { url: 'https://a.test/2.jpg', prime: true }],
    })
    expect(main!.type === 'mainProduct' && main!.images.map((i) => i.prime)).toEqual([0, 1])
  })
})
