/**
 * Setrow's entities, inputs and envelope. The seed hides every body: only the IYS value tables, the
 * allow statuses and the query examples are the document's; every field name and shape beyond them is
 * assumed and listed in README.md.
 */
import { z } from 'zod'
import { documented, integerPattern } from '../../core/openapi.ts'
import { dateText, dateTextSchema, looseInt, textInt } from '../../core/schema.ts'
import { areaFilter, areaList, areaName, areaShape, looseNumber, looseText } from './codecs.ts'

/** "With a single request, you can perform bulk transactions with a maximum of 1000 …" */
export const MAX_ITEMS = 1000
/** E123: startDate and lastDate at most 30 days apart. */
export const MAX_WINDOW_DAYS = 30
/** E135/E136: IYS look-backs of at most 96 hours. */
export const MAX_HOURS = 96

// --- the seed's value tables ---------------------------------------------------------------

/** "Allow status values": Y allowed, N not allowed, L legally allowed, X unsubscribed. */
export const AllowStatus = {
  Allowed: 'Y',
  NotAllowed: 'N',
  LegallyAllowed: 'L',
  Unsubscribed: 'X',
} as const
export type AllowStatus = (typeof AllowStatus)[keyof typeof AllowStatus]
export const allowStatuses = ['Y', 'N', 'L', 'X'] as const satisfies readonly AllowStatus[]

/** "List of IYS OPT-IN source values." */
export const IysOptInSource = {
  HS_FIZIKSELORTAM: 1,
  HS_ISLAKIMZA: 2,
  HS_WEB: 3,
  HS_CAGRIMERKEZI: 4,
  HS_SOSYALMEDYA: 5,
  HS_MOBIL: 6,
  HS_EORTAM: 7,
  HS_ETKINLIK: 8,
  HS_2015: 9,
  HS_ATM: 10,
  HS_KARAR: 11,
  IYS_3338: 12,
  IYS_CM: 13,
  IYS_WEB: 14,
  IYS_MOBIL: 15,
  IYS_KISA_LINK: 16,
} as const
export type IysOptInSource = (typeof IysOptInSource)[keyof typeof IysOptInSource]

/** "List of IYS OPT-OUT source values." */
export const IysOptOutSource = {
  HS_EPOSTA: 1,
  HS_MESAJ: 2,
  HS_WEB: 3,
  HS_MOBIL: 4,
  HS_KARAR: 5,
  HS_CAGRIMERKEZI: 6,
  HS_EORTAM: 7,
  HS_SOSYALMEDYA: 8,
  HS_ATM: 9,
  IYS_3338: 10,
  IYS_CM: 11,
  IYS_WEB: 12,
  IYS_MOBIL: 13,
  IYS_KISA_LINK: 14,
} as const
export type IysOptOutSource = (typeof IysOptOutSource)[keyof typeof IysOptOutSource]

const optInNames = Object.fromEntries(Object.entries(IysOptInSource).map(([k, v]) => [v, k]))
const optOutNames = Object.fromEntries(Object.entries(IysOptOutSource).map(([k, v]) => [v, k]))

/**
 * The name of an IYS source value: opt-in table for Y and L, opt-out table for N and X (assumed:
 * one `iysSource` field read against the table the allow status implies).
 */
export function iysSourceName(status: AllowStatus, value: number): string | undefined {
  return (isOptIn(status) ? optInNames : optOutNames)[value]
}

/** Y and L read `iysSource` in the opt-in table, N and X in the opt-out table. */
export function isOptIn(status: AllowStatus): boolean {
  return status === 'Y' || status === 'L'
}

// --- envelope ------------------------------------------------------------------------------

/** Success: `{"status": "success", "data": …}` (assumed). */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ status: z.literal('success'), data })
}

/** Error: `{"status": "error", "code": "E113", "message": "<the table's text>"}` (assumed). */
export const errorBody = z
  .object({
    status: z.literal('error'),
    code: z.string().describe('E100 … E146, E401, E403, E404'),
    message: z.string().describe("the error table's text, verbatim"),
    detail: z.string().optional().describe('which parameter or item, when one is to blame'),
  })
  .meta({
    examples: [
      {
        status: 'error',
        code: 'E113',
        message: 'There is no group with this group_id.',
        detail: 'groupId',
      },
    ],
  })

export const itemStatuses = [
  'added',
  'updated',
  'transferred',
  'deleted',
  'saved',
  'error',
] as const
export type ItemStatus = (typeof itemStatuses)[number]

/** A bulk call's answer: one result per item, in request order (assumed shape). */
export function bulkAnswer<K extends z.ZodRawShape>(keys: K) {
  return z.object({
    total: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int().describe('position of the item in the request'),
        ...keys,
        status: z.enum(itemStatuses),
        code: z.string().optional().describe('the E-code when status is error'),
        message: z.string().optional(),
      }),
    ),
  })
}

// --- shared pieces -------------------------------------------------------------------------

const dateTime = dateText('yyyy-mm-dd hh:mm:ss')
export const day = dateText('yyyy-mm-dd')
const groupId = looseInt({ min: 1 }).describe('group id (a number, or numeric text)')
// answers carry the emulator's stamps; the client does not check their form (OpenAPI only)
const stamp = documented(z.string(), {
  pattern: dateTextSchema('yyyy-mm-dd hh:mm:ss').pattern,
}).describe('yyyy-mm-dd hh:mm:ss')
/**
 * Examples of the answers' entities for the documents (a mock server answers with them): the seed
 * hides every body, so these are the assumed shapes filled with the values of its example URIs.
 */
const sample = {
  group: { groupId: 123456, groupName: 'Bülten Aboneleri' },
  stamp: '2022-02-06 22:36:48',
  person: {
    name: 'Ayşe',
    surname: 'Yılmaz',
    allowStatus: 'Y',
    iysSource: 3,
    iysSourceName: 'HS_WEB',
    consentDate: '2022-01-05 10:30:00',
    createdAt: '2022-01-05 10:30:00',
    updatedAt: '2022-02-06 22:36:48',
    spArea1: 'Y',
    spArea2: 'HS_WEB',
  },
}

/** An address the emulator refuses with E103 when it is not one (OpenAPI only: checked in code). */
export const emailText = documented(z.string(), { format: 'email' })

const personInput = {
  name: z.string().max(100).optional(),
  surname: z.string().max(100).optional(),
  allowStatus: z.enum(allowStatuses).optional().describe('Y, N, L or X'),
  iysSource: looseInt({ min: 1, max: 16 })
    .optional()
    .describe('IYS source value: opt-in table for Y/L, opt-out table for N/X'),
  consentDate: dateTime.optional().describe('when consent was given or withdrawn'),
  ...areaShape(() => looseText().optional()),
}

/**
 * A contact item keeps the fields it does not name: clients send fields Setrow ignores (the legacy
 * API's `isim`, `sehir`), and the emulator must see an area outside spArea1 … spArea20 to refuse
 * its item (E103). The client's type stays the named fields.
 */
function contactInput<S extends z.ZodRawShape>(shape: S) {
  const named = z.object(shape)
  return named.loose() as unknown as typeof named
}

export const emailContactInput = contactInput({
  email: emailText.describe('e-mail address'),
  groupId,
  ...personInput,
})
export const phoneContactInput = contactInput({
  number: looseText(20).describe('GSM number, e.g. 5448848919'),
  groupId,
  ...personInput,
})
export const whatsappContactInput = contactInput({
  number: looseText(20).describe('WhatsApp number with country code, e.g. 905448848919'),
  groupId,
  ...personInput,
})

export const emailTransfer = z.object({
  email: emailText,
  fromGroupId: groupId,
  toGroupId: groupId,
})
export const phoneTransfer = z.object({
  number: looseText(20),
  fromGroupId: groupId,
  toGroupId: groupId,
})
export const emailRemoval = z.object({
  email: emailText,
  groupId: groupId.optional().describe('every group when omitted'),
})
export const phoneRemoval = z.object({
  number: looseText(20),
  groupId: groupId.optional().describe('every group when omitted'),
})

const person = {
  name: z.string(),
  surname: z.string(),
  allowStatus: z.enum(allowStatuses),
  iysSource: z.number().int().nullable(),
  iysSourceName: z.string().nullable(),
  consentDate: stamp.nullable(),
  createdAt: stamp,
  updatedAt: stamp,
}
const areasOut = areaShape(() => z.string().optional())

export const groupRef = z
  .object({ groupId: z.number().int(), groupName: z.string() })
  .meta({ examples: [sample.group] })
export const iysTransaction = z.object({
  requestId: z.string(),
  transactionId: z.string(),
  savedAt: stamp,
})

function contactInfo<K extends 'email' | 'number'>(key: K, address: string) {
  const example = {
    [key]: address,
    ...sample.person,
    groups: [sample.group],
    iysTransactions: [{ requestId: 'r-1001', transactionId: 't-1001', savedAt: sample.stamp }],
  }
  return z
    .object({
      ...({ [key]: z.string() } as { [P in K]: z.ZodString }),
      ...person,
      ...areasOut,
      groups: z.array(groupRef),
      iysTransactions: z.array(iysTransaction),
    })
    .meta({ examples: [example] })
}
export const emailInfo = contactInfo('email', 'test@setrow.com')
export const phoneInfo = contactInfo('number', '5448848919')

function member<K extends 'email' | 'number'>(key: K) {
  return z.object({
    ...({ [key]: z.string() } as { [P in K]: z.ZodString }),
    ...person,
    ...areasOut,
  })
}
export const emailMember = member('email')
export const phoneMember = member('number')

export const group = z
  .object({
    groupId: z.number().int(),
    groupName: z.string(),
    memberCount: z.number().int(),
    createdAt: stamp,
  })
  .meta({ examples: [{ ...sample.group, memberCount: 1520, createdAt: '2022-01-05 10:30:00' }] })
export function groupData<M extends z.ZodType>(members: M) {
  return z.object({
    groupId: z.number().int(),
    groupName: z.string(),
    memberCount: z.number().int().describe('members returned'),
    members: z.array(members),
  })
}

/**
 * E107 below 3 characters and E103 above 100, counted once blanks are trimmed and runs of them
 * made one (emulator/groups.ts); a schema rule would answer E103 for both (OpenAPI only).
 */
export const groupCreate = z.object({
  groupName: documented(z.string(), {
    minLength: 3,
    maxLength: 100,
    pattern: '\\S(?:\\s*\\S){2}',
  }).describe('at least 3 characters'),
})

/** `?_filter=spArea1:Y&getAreas=spArea1,spArea2&updateDateArea=spArea3&lastUpdateDate=…` */
export const groupFilterQuery = z.object({
  _filter: areaFilter(':').optional().describe('spAreaN:value pairs, comma-separated'),
  _filters: areaFilter('=').optional().describe('spAreaN=value pairs (the SMS examples)'),
  getAreas: areaList().optional().describe('custom areas to include, comma-separated'),
  updateDateArea: areaName.optional().describe('the custom area holding an update date'),
  lastUpdateDate: dateTime.optional().describe('members whose updateDateArea is at or after this'),
})
export const groupFilterKeys = Object.keys(groupFilterQuery.shape)

// --- reports and dated lists ---------------------------------------------------------------

export const windowQuery = z.object({
  startDate: day.describe('first day, yyyy-mm-dd'),
  lastDate: day.describe('last day, yyyy-mm-dd; at most 30 days after startDate'),
})

export const reportQuery = z.object({
  reportType: textInt({ min: 1, max: 3 })
    .optional()
    .describe('1 every message (default), 2 delivered, 3 not delivered (assumed)'),
  number: z.string().optional(),
  startDate: day.optional(),
  lastDate: day.optional(),
})

export const report = z
  .object({
    number: z.string(),
    sender: z.string(),
    message: z.string(),
    status: z.enum(['DELIVERED', 'UNDELIVERED', 'WAITING']),
    sendDate: stamp,
    reportDate: stamp.nullable(),
  })
  .meta({
    examples: [
      {
        number: '5448848919',
        sender: 'SETROW',
        message: 'Sepetinizde ürün kaldı, %10 indirimle tamamlayın.',
        status: 'DELIVERED',
        sendDate: '2022-01-05 10:30:00',
        reportDate: '2022-01-05 10:30:12',
      },
    ],
  })

export const emailListEntry = z.object({ email: z.string(), date: stamp })
export const phoneListEntry = z.object({ number: z.string(), date: stamp })

export const emailStatus = z.object({
  email: z.string(),
  unsubscribed: z.boolean(),
  date: stamp.nullable(),
})
export const phoneStatus = z.object({
  number: z.string(),
  unsubscribed: z.boolean(),
  date: stamp.nullable(),
})
export const junkStatus = z.object({ email: z.string(), junk: z.boolean(), date: stamp.nullable() })

export const emailOnly = z.object({ email: emailText })
export const numberOnly = z.object({ number: looseText(20) })
export const listChange = z.object({ status: z.enum(['added', 'deleted']), date: stamp })

// --- catalogue and commerce ----------------------------------------------------------------

export const categoryInput = z.object({
  categoryId: looseInt({ min: 1 }),
  categoryName: z.string().min(1).max(255),
  parentCategoryId: looseInt({ min: 0 }).optional().describe('0 or omitted for a top category'),
  categoryUrl: z.string().max(500).optional(),
})
export const category = z
  .object({
    categoryId: z.number().int(),
    categoryName: z.string(),
    parentCategoryId: z.number().int(),
    categoryUrl: z.string(),
  })
  .meta({
    examples: [
      {
        categoryId: 2345,
        categoryName: 'Ayakkabı',
        parentCategoryId: 0,
        categoryUrl: 'https://www.magaza.com/ayakkabi',
      },
    ],
  })

/** E137 without either code or barcode, answered by emulator/catalogue.ts (OpenAPI only). */
const codeOrBarcode = {
  anyOf: ['productCode', 'productBarcode'].map((key) => ({
    required: [key],
    properties: { [key]: { anyOf: [{ type: 'string', pattern: '\\S' }, { type: 'number' }] } },
  })),
}

export const productInput = documented(
  z.object({
    productCode: looseText(100).optional(),
    productBarcode: looseText(100).optional(),
    productName: z.string().max(500).optional().describe('required for a new product'),
    brand: z.string().max(255).optional(),
    price: looseNumber().optional().describe('required for a new product'),
    salePrice: looseNumber().optional(),
    currency: z.string().length(3).optional(),
    stock: looseInt({ min: 0 }).optional(),
    categoryIds: z.array(looseInt({ min: 1 })).optional(),
    productUrl: z.string().max(1000).optional(),
    imageUrl: z.string().max(1000).optional(),
    status: looseInt({ min: 1, max: 2 }).optional().describe('1 active (default), 2 passive'),
  }),
  codeOrBarcode,
)

export const product = z
  .object({
    productCode: z.string(),
    productBarcode: z.string(),
    productName: z.string(),
    brand: z.string(),
    price: z.number(),
    salePrice: z.number(),
    currency: z.string(),
    stock: z.number().int(),
    categoryIds: z.array(z.number().int()),
    productUrl: z.string(),
    imageUrl: z.string(),
    status: documented(
      z.union([z.literal(1), z.literal(2)]),
      { type: 'integer', enum: [1, 2] },
      {
        replace: true,
      },
    ).describe('1 active, 2 passive'),
    createdAt: stamp,
    updatedAt: stamp,
  })
  .meta({
    examples: [
      {
        productCode: 'STRW-01',
        productBarcode: '12345678',
        productName: 'Deri Spor Ayakkabı',
        brand: 'Setrow',
        price: 1299.9,
        salePrice: 999.9,
        currency: 'TRY',
        stock: 25,
        categoryIds: [2345],
        productUrl: 'https://www.magaza.com/urun/strw-01',
        imageUrl: 'https://www.magaza.com/img/strw-01.jpg',
        status: 1,
        createdAt: '2022-01-05 10:30:00',
        updatedAt: sample.stamp,
      },
    ],
  })
export const productSaved = z.object({
  productCode: z.string(),
  productBarcode: z.string(),
  status: z.enum(['added', 'updated']),
})
export const productDeleted = z.object({
  productCode: z.string(),
  productBarcode: z.string(),
  status: z.literal('deleted'),
})

export const favoriteInput = z.object({ email: emailText, productCode: looseText(100) })
export const favorite = z.object({
  productCode: z.string(),
  productName: z.string(),
  addedAt: stamp,
})

export const basketInput = z.object({
  email: emailText,
  productCode: looseText(100),
  quantity: looseInt({ min: 1 }).optional().describe('1 when omitted'),
  price: looseNumber().optional().describe("the product's price when omitted"),
})
export const basketRemoval = z.object({
  email: emailText,
  productCode: looseText(100).optional().describe('the whole basket when omitted'),
})
export const basketItem = z.object({
  productCode: z.string(),
  quantity: z.number().int(),
  price: z.number(),
  addedAt: stamp,
})

export const orderLineInput = z.object({
  productCode: looseText(100),
  productName: z.string().max(500).optional(),
  quantity: looseInt({ min: 1 }),
  price: looseNumber(),
})
export const orderInput = z.object({
  orderId: looseText(100),
  email: emailText,
  orderDate: dateTime,
  status: z.string().min(1).max(50).optional().describe('free text; "new" when omitted'),
  totalPrice: looseNumber(),
  currency: z.string().length(3).optional(),
  products: z.array(orderLineInput).min(1),
})
export const orderStatusInput = z.object({
  orderId: looseText(100),
  status: z.string().min(1).max(50),
})
export const orderRef = z.object({ orderId: looseText(100) })
export const order = z
  .object({
    orderId: z.string(),
    orderDate: stamp,
    status: z.string(),
    totalPrice: z.number(),
    currency: z.string(),
    products: z.array(
      z.object({
        productCode: z.string(),
        productName: z.string(),
        quantity: z.number().int(),
        price: z.number(),
      }),
    ),
  })
  .meta({
    examples: [
      {
        orderId: 'SP-1001',
        orderDate: '2022-01-15 14:20:00',
        status: 'new',
        totalPrice: 999.9,
        currency: 'TRY',
        products: [
          { productCode: 'STRW-01', productName: 'Deri Spor Ayakkabı', quantity: 1, price: 999.9 },
        ],
      },
    ],
  })

// --- IYS -----------------------------------------------------------------------------------

/**
 * A look-back of 1 … 96 hours, checked in code: E134 when not a number, E103 below 1, E135 or
 * E136 above 96 (emulator/iys.ts); a bounded schema would answer E134 for all (OpenAPI only).
 */
function hoursText() {
  return documented(
    textInt(),
    { type: 'string', pattern: integerPattern({ min: 1, max: MAX_HOURS }) },
    { replace: true },
  )
}

export const hoursParam = hoursText().describe('look-back in hours, 1 … 96')

export const iysLog = z.object({
  recipient: z.string(),
  recipientType: z.enum(['EPOSTA', 'MESAJ']),
  type: z.enum(['ONAY', 'RET']),
  source: z.string(),
  consentDate: stamp,
  requestId: z.string(),
  transactionId: z.string().nullable(),
  sentAt: stamp,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})

export const iysListQuery = z.object({
  hour: hoursText().describe('members whose consent date is within the last `hour` hours, 1 … 96'),
  groupId: textInt({ min: 1 }),
  consentDateArea: areaName
    .optional()
    .describe('the custom area holding the consent date; the contact consentDate when omitted'),
  getAreas: areaList().optional(),
})

/** Exactly one of email and number: E100 for neither, E103 for both, per item (OpenAPI only). */
export const iysTransactionInput = documented(
  z.object({
    email: emailText.optional().describe('exactly one of email and number'),
    number: looseText(20).optional(),
    requestId: z.string().min(1).max(100),
    transactionId: z.string().min(1).max(100),
  }),
  { oneOf: [{ required: ['email'] }, { required: ['number'] }] },
)

export type EmailContactInput = z.output<typeof emailContactInput>
export type PhoneContactInput = z.output<typeof phoneContactInput>
export type EmailInfo = z.output<typeof emailInfo>
export type PhoneInfo = z.output<typeof phoneInfo>
export type EmailMember = z.output<typeof emailMember>
export type PhoneMember = z.output<typeof phoneMember>
export type Group = z.output<typeof group>
export type Category = z.output<typeof category>
export type Product = z.output<typeof product>
export type ProductInput = z.output<typeof productInput>
export type Order = z.output<typeof order>
export type OrderInput = z.output<typeof orderInput>
export type Report = z.output<typeof report>
export type IysLog = z.output<typeof iysLog>
