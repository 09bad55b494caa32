/**
 * What every Loyaltii resource shares: the Web API 2 error body, dynamic fields (account-defined
 * properties that travel as flat keys beside the static ones), and a few small wire pieces.
 */
import { z } from 'zod'
import { enumInput, enumName, jsonInt, queryInt } from '../codecs.ts'

/**
 * Web API 2's error body: `{"Message": …}`, with `ModelState` (field → messages) when the input
 * did not validate, and `MessageDetail` on routing refusals. The .NET client reads `Message`.
 */
export const errorBody = z
  .object({
    Message: z.string().describe('the literal text the vendor answers, e.g. "Invalid order type!"'),
    MessageDetail: z.string().optional(),
    ModelState: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('the fields that did not validate, with their messages'),
  })
  .meta({
    examples: [
      { Message: 'Invalid order type!' },
      {
        Message: 'The request is invalid.',
        ModelState: { RegistrationSource: ['The RegistrationSource field is required.'] },
      },
    ],
  })

/** `DynamicFieldType` of the .NET client: String=1, Boolean=2, Number=3, DateTimeOffset=4, Decimal=5. */
export const DynamicFieldType = {
  String: 1,
  Boolean: 2,
  Number: 3,
  DateTimeOffset: 4,
  Decimal: 5,
} as const
export const dynamicFieldTypes = Object.keys(DynamicFieldType) as [
  keyof typeof DynamicFieldType,
  ...(keyof typeof DynamicFieldType)[],
]
export type DynamicFieldTypeName = keyof typeof DynamicFieldType

/** The owners of the account's dynamic fields (`TableOwner` names; a dynamic table keeps its own). */
export const dynamicOwners = ['Contacts', 'Orders', 'OrderLines', 'ContactCompanies'] as const
export type DynamicOwner = (typeof dynamicOwners)[number]

/** A value a dynamic field holds: its type's JSON form, or null when unset. */
export const dynamicValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** `ReadDynamicFieldDto`: one account-defined field; `Values` lists the allowed ones, null for any. */
export const readDynamicField = z
  .object({
    Name: z.string(),
    Type: z.enum(dynamicFieldTypes),
    Label: z.string(),
    Values: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .nullable()
      .describe('the values allowed (null is always allowed); null when any value is'),
  })
  .meta({
    examples: [
      {
        Name: 'MemberLevel',
        Type: 'String',
        Label: 'Medlemsniveau',
        Values: ['Bronze', 'Sølv', 'Guld'],
      },
    ],
  })

/** An id in the path: Int32, as Web API's `{id}` binds it. */
export const idParam = z.object({ id: queryInt().describe('the record id') })

/** `{ "ContactId": 1 }` */
export const contactRef = z.object({ ContactId: z.number().int() })

/** `FieldFilterOperator` of the .NET client: how a search field compares. */
export const FieldFilterOperator = {
  Equal: 1,
  NotEqual: 2,
  MoreThan: 3,
  MoreThanOrEqual: 4,
  LessThan: 5,
  LessThanOrEqual: 6,
  Null: 7,
  NotNull: 8,
  In: 9,
} as const
export type FieldFilterOperator = keyof typeof FieldFilterOperator

/** `SearchFieldDto`: one condition on a field; `Values` for `In`, nothing for `Null`/`NotNull`. */
export const searchField = z.object({
  Field: z.string().min(1).max(100),
  Operator: enumInput(FieldFilterOperator),
  Value: z.string().nullish(),
  Values: z.array(z.string()).nullish(),
})

/** A search field as answers show it: the operator by name. */
export const readSearchField = z.object({
  Field: z.string(),
  Operator: enumName(FieldFilterOperator),
  Value: z.string().nullable(),
  Values: z.array(z.string()).nullable(),
})

/** An id in the body's list of ids, as Newtonsoft reads an Int32. */
export const ids = (max: number) => z.array(jsonInt()).max(max)
