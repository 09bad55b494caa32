/**
 * Points (`ReadPointDto`, `CreatePointDto`) and what is computed from the ledger: sums per contact,
 * totals per type, sums per store and per contact company.
 */
import { z } from 'zod'
import { dateTimeOffset, jsonDecimal, jsonInt } from '../codecs.ts'

/** The most points (and contact events) one `lastId` page holds. */
export const PAGE_SIZE = 1000

export const readPoint = z
  .object({
    Id: z.number().int(),
    ContactId: z.number().int(),
    ContactCompanyId: z.number().int().nullable(),
    Type: z.string(),
    Amount: z.number(),
    Sum: z
      .number()
      .describe('the running total of the contact’s points of this type, this one included'),
    DateTime: dateTimeOffset.describe('when the point was created'),
    Description: z.string().nullable(),
    SourceId: z.string().nullable(),
    SourceDescription: z.string().nullable(),
    StoreId: z.number().int().nullable(),
    AdministratorId: z.number().int().nullable(),
    BookValue: z.number().nullable(),
    SubType: z.string().nullable(),
    PointCalculationBase: z.number().nullable(),
    ConverterTransactionId: z.number().int().nullable(),
    IsCanceller: z.boolean().describe('true on the negative point a cancel creates'),
    CancellerPointId: z
      .number()
      .int()
      .nullable()
      .describe('on a cancelled point, its canceller; on a canceller, the point it cancels'),
  })
  .meta({
    examples: [
      {
        Id: 88104,
        ContactId: 1042,
        ContactCompanyId: null,
        Type: 'Bonuspoint',
        Amount: 59,
        Sum: 1240,
        DateTime: '2026-01-12T09:03:11.6120354+01:00',
        Description: 'Point for køb',
        SourceId: 'NB-2026-105301',
        SourceDescription: 'Webshop ordre',
        StoreId: null,
        AdministratorId: null,
        BookValue: 598.5,
        SubType: 'Køb',
        PointCalculationBase: 598.5,
        ConverterTransactionId: null,
        IsCanceller: false,
        CancellerPointId: null,
      },
    ],
  })

/** `CreatePointDto`. Description is marked required on the Help Page but not enforced (observed). */
export const createPoint = z.object({
  ContactId: jsonInt(),
  ContactCompanyId: jsonInt().nullish().describe('the contact’s company when omitted'),
  Type: z.string().min(1).max(32),
  Amount: jsonDecimal(),
  Description: z.string().nullish(),
  SourceId: z.string().max(255).nullish(),
  SourceDescription: z.string().nullish(),
  StoreId: jsonInt().nullish(),
  BookValue: jsonDecimal().nullish(),
  SubType: z.string().max(32).nullish(),
  PointCalculationBase: jsonDecimal().nullish(),
})

/** `ReadPointSumDto`: a contact's balance of one type, from the ledger. */
export const readPointSum = z.object({
  ContactId: z.number().int(),
  Type: z.string(),
  Sum: z.number(),
  LastModified: dateTimeOffset.describe('when the latest point of the two was created'),
})

/** A total per point type over the whole ledger. */
export const readPointTotal = z.object({
  Type: z.string(),
  Sum: z.number(),
  Count: z.number().int().describe('points counted'),
})

/** A sum per store (points with a store only). */
export const readPointStoreSum = z.object({
  StoreId: z.number().int(),
  Type: z.string(),
  Sum: z.number(),
})

/** A sum per contact company (points with a company only). */
export const readPointCompanySum = z.object({
  ContactCompanyId: z.number().int(),
  Type: z.string(),
  Sum: z.number(),
})

/** The store ids a `SEARCH` body lists. */
export const storeIds = z.array(jsonInt()).max(1000).describe('store ids')
