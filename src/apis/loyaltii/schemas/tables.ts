/**
 * Dynamic tables and their entities on the wire. A table is declared per account with typed fields
 * (`DynamicFields/{id}?owner=DynamicTable`); its entities carry those fields as flat keys beside
 * `Id`, `Secret`, `Created`, `LastModified`, `ExternalId` and `Name`.
 */
import { z } from 'zod'
import { dateTimeOffset, queryInt } from '../codecs.ts'

/** `TableOwner` of the .NET client: whose dynamic fields `DynamicFields/{id}?owner=` lists. */
export const TableOwner = {
  Orders: 1,
  OrderLines: 2,
  ContactCompanies: 3,
  Contacts: 4,
  Stores: 5,
  DynamicTable: 6,
} as const

/** The most entities one page (`take`) or one bulk insert holds. */
export const ENTITY_PAGE = 1000

/** A dynamic table (v1 answers a part of v2's `DynamicTable`; assumed, README.md). */
export const readDynamicTable = z
  .object({
    Id: z.number().int(),
    Name: z.string().describe('the {tableName} of api/v1/table/{tableName}'),
    Label: z.string(),
    Description: z.string().nullable(),
    LastModified: dateTimeOffset,
  })
  .meta({
    examples: [
      {
        Id: 1,
        Name: 'Tilbud',
        Label: 'Butikstilbud',
        Description: 'Ugens tilbud i butikkerne',
        LastModified: '2026-01-05T08:30:00.0000000+01:00',
      },
    ],
  })

export const readEntity = z
  .looseObject({
    Id: z.number().int(),
    Secret: z.string().describe('hard to guess, unique in the table'),
    Created: dateTimeOffset,
    LastModified: dateTimeOffset,
    ExternalId: z.string().nullable().describe('your unique id, or null'),
    Name: z.string().nullable(),
  })
  .describe('ReadDynamicTableEntityDto, with the table’s fields as further keys')
  .meta({
    examples: [
      {
        Id: 12,
        Secret: 'Qm3xT7pLw2ZrK9vA',
        Created: '2026-02-02T10:15:00.1234567+01:00',
        LastModified: '2026-02-02T10:15:00.1234567+01:00',
        ExternalId: 'TILBUD-2026-07',
        Name: 'Uldplaid til halv pris',
        Title: 'Uldplaid, grå',
        DiscountPercent: 50,
      },
    ],
  })

/** `PostDynamicTableEntityDto`, the table's fields as further keys. */
export const createEntity = z.looseObject({
  Secret: z.string().min(1).max(30).nullish().describe('made up when left out'),
  ExternalId: z.string().max(100).nullish(),
  Name: z.string().max(250).nullish(),
})

/** `PatchDynamicTableEntityDto`: the fields given change, the table's fields included. */
export const patchEntity = z.looseObject({
  ExternalId: z.string().max(100).nullish(),
  Name: z.string().max(250).nullish(),
})

/** `BulkImportItemStatus`: what became of one item of a bulk insert. */
export const bulkImportItemStatus = z.object({
  Reaction: z.enum(['Created', 'Updated', 'Failed']),
  Id: z.number().int().describe('0 when it failed'),
  MatchValue: z.string().nullable().describe('the ExternalId the item was matched by'),
})

const tableName = z.string().min(1).max(100).describe('the table’s Name (DynamicTables)')
export const tableParam = z.object({ tableName })
export const entityParams = z.object({ tableName, id: queryInt().describe('the entity id') })
