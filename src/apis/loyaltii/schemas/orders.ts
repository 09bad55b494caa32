/**
 * Orders and order lines on the wire (`ReadOrderDto`, `ReadOrderLineDto` and their create and
 * patch bodies), with the account's dynamic order and line fields as flat keys.
 */
import { z } from 'zod'
import { documented } from '../../../core/openapi.ts'
import { dateTimeInput, dateTimeOffset, jsonDecimal, jsonInt } from '../codecs.ts'

const text = (max: number) => z.string().max(max).nullish()

export const readOrderLine = z
  .looseObject({
    Id: z.number().int(),
    OrderId: z.number().int(),
    ExtProductId: z.string().nullable(),
    ImgUrl: z.string().nullable(),
    Name: z.string().nullable(),
    Description: z.string().nullable(),
    Quantity: z.number(),
    Price: z.number(),
    PriceTotal: z.number().describe('Quantity × Price'),
    LastModified: dateTimeOffset,
    ContactId: z.number().int().nullable(),
    ContactRegistrationSource: z.string().nullable(),
    ContactRegistrationDateTime: dateTimeOffset.nullable(),
  })
  .describe('ReadOrderLineDto, with the dynamic order-line fields as further keys')

export const readOrder = z
  .looseObject({
    Id: z.number().int(),
    Type: z.string(),
    ExtOrderId: z.string().nullable(),
    ContactId: z.number().int().nullable(),
    FirstName: z.string().nullable(),
    LastName: z.string().nullable(),
    Address: z.string().nullable(),
    PostCode: z.string().nullable(),
    City: z.string().nullable(),
    Country: z.string().nullable(),
    Company: z.string().nullable(),
    PriceTotal: z.number().describe('the sum of the lines’ PriceTotal'),
    LastModified: dateTimeOffset,
    StoreId: z.number().int().nullable(),
    OriginDate: dateTimeOffset.nullable(),
    StartDate: dateTimeOffset.nullable(),
    EndDate: dateTimeOffset.nullable(),
    Email: z.string().nullable(),
    ContactRegistrationSource: z.string().nullable(),
    ContactRegistrationDateTime: dateTimeOffset.nullable(),
    OrderLines: z.array(readOrderLine).nullable().describe('null with withOrderLines=false'),
  })
  .describe('ReadOrderDto, with the dynamic order fields as further keys')
  .meta({
    examples: [
      {
        Id: 5301,
        Type: 'Webshop',
        ExtOrderId: 'NB-2026-105301',
        ContactId: 1042,
        FirstName: 'Mette',
        LastName: 'Hansen',
        Address: 'Vestergade 12, 2. th.',
        PostCode: '8000',
        City: 'Aarhus C',
        Country: 'Danmark',
        Company: null,
        PriceTotal: 598.5,
        LastModified: '2026-01-12T09:03:11.5038226+01:00',
        StoreId: null,
        OriginDate: '2026-01-12T09:02:58.0000000+01:00',
        StartDate: null,
        EndDate: null,
        Email: 'mette.hansen@gmail.com',
        ContactRegistrationSource: 'Webshop',
        ContactRegistrationDateTime: '2025-11-07T14:47:53.1724565+01:00',
        OrderLines: [
          {
            Id: 16002,
            OrderId: 5301,
            ExtProductId: '40021',
            ImgUrl: null,
            Name: 'Uldplaid, grå',
            Description: null,
            Quantity: 2,
            Price: 299.25,
            PriceTotal: 598.5,
            LastModified: '2026-01-12T09:03:11.5038226+01:00',
            ContactId: 1042,
            ContactRegistrationSource: 'Webshop',
            ContactRegistrationDateTime: '2025-11-07T14:47:53.1724565+01:00',
            Category: 'Tekstiler',
          },
        ],
        DeliveryCompany: 'PostNord',
        PaymentMethod: 'MobilePay',
      },
    ],
  })

const lineFields = {
  ExtProductId: text(100),
  ImgUrl: text(2000),
  Name: text(250),
  Description: z.string().nullish(),
  ContactId: jsonInt().nullish(),
}

/**
 * `CreateOrderLineDto`. Quantity and Price are required, but a line without them is answered
 * with the vendor's own text (`Invalid orderlines!`, `Invalid order line!`), not a model error:
 * optional here, required in the OpenAPI document.
 */
export const createOrderLine = documented(
  z.looseObject({
    ...lineFields,
    Quantity: jsonDecimal().nullish(),
    Price: jsonDecimal().nullish(),
  }),
  { required: ['Quantity', 'Price'] },
)

/** `PatchOrderLineDto`: only the fields given change; PriceTotal follows. */
export const patchOrderLine = z.looseObject({
  ...lineFields,
  Quantity: jsonDecimal().nullish(),
  Price: jsonDecimal().nullish(),
})

const orderFields = {
  ExtOrderId: text(100),
  ContactId: jsonInt().nullish(),
  FirstName: text(50),
  LastName: text(50),
  Address: text(250),
  PostCode: text(32),
  City: text(100),
  Country: text(100),
  Company: text(250),
  StoreId: jsonInt().nullish(),
  OriginDate: dateTimeInput().nullish(),
  StartDate: dateTimeInput().nullish(),
  EndDate: dateTimeInput().nullish(),
  Email: text(250),
}

/**
 * `CreateOrderDto`: `Type` one of `Orders/Types`; at least one line (the vendor's
 * `Invalid orderlines!` otherwise, so not a schema minimum).
 */
export const createOrder = z.looseObject({
  Type: z.string().min(1).max(32),
  ...orderFields,
  OrderLines: documented(z.array(createOrderLine).nullish(), { minItems: 1 }),
})

/** `PatchOrderDto`: the order's fields without lines; `Type`, when given, one of `Orders/Types`. */
export const patchOrder = z.looseObject({
  Type: z.string().min(1).max(32).nullish(),
  ...orderFields,
})
