/**
 * E-mail dispatches on the wire: `CreateEmailDispatchDto` and `ReadEmailDispatchDto`, the Email2
 * dispatch with its scope (exactly one of Contacts, Emails, Segments), the receivers, and the
 * enums of the .NET client (`EmailDispatchStatus`, `EmailDispatchType`, `DispatchBatchDelaySec`).
 */
import { z } from 'zod'
import { dateTimeInput, dateTimeOffset, enumInput, enumName, jsonInt } from '../codecs.ts'
import { ids } from './common.ts'

export const EmailDispatchLogLevel = { None: 0, SmtpNoData: 1, SmtpWithData: 2 } as const
export const EmailDispatchType = { Test: 1, Transactional: 2, Newsletter: 3 } as const
export type EmailDispatchType = keyof typeof EmailDispatchType

/** `EmailDispatchStatus`: the life cycle (100–125) and the end states of a failed dispatch (5xx). */
export const EmailDispatchStatus = {
  Waiting: 100,
  Preparing: 105,
  ReadyForStarting: 110,
  SmtpStarting: 112,
  Sending: 115,
  Finished: 120,
  Cancelled: 125,
  EndedByUnknown: 500,
  EndedByInvalidSegment: 501,
  EndedByHtmlAndText: 502,
  EndedByVersionFound: 503,
  EndedByBounceMarkedContact: 504,
  EndedByOrderNotFound: 505,
  EndedByPointNotFound: 506,
  EndedByStoresNotFound: 507,
  EndedByUpdateByCampaign: 508,
  EndedBySmtpProvider: 509,
  EndedBySmtpApi: 510,
  EndedByTemplate: 511,
  EndedByCompileTemplate: 512,
  EndedByNoReceiver: 513,
  EndedBySqlException: 514,
  EndedBySmtpStartingFail: 515,
  EndedByOperationCancelled: 516,
} as const
export type EmailDispatchStatus = keyof typeof EmailDispatchStatus

/** `DispatchBatchDelaySec`: seconds between batches, named `_1` … `_600` on the wire. */
export const DispatchBatchDelaySec = {
  _1: 1,
  _2: 2,
  _3: 3,
  _4: 4,
  _5: 5,
  _6: 6,
  _9: 9,
  _12: 12,
  _18: 18,
  _30: 30,
  _40: 40,
  _60: 60,
  _90: 90,
  _120: 120,
  _180: 180,
  _300: 300,
  _450: 450,
  _600: 600,
} as const

const dynamic = z
  .record(z.string(), z.unknown())
  .describe('values the mail’s template reads, by name')

export const createEmailDispatch = z.object({
  EmailCampaignId: jsonInt(),
  ContactId: jsonInt().nullish().describe('one contact; or SegmentIds and/or StoreIds'),
  SegmentIds: ids(1000).nullish().describe('the contacts in any of the segments'),
  OrderId: jsonInt().nullish(),
  Order2Id: jsonInt().nullish(),
  PointId: jsonInt().nullish(),
  Dynamic: dynamic.nullish(),
  StoreIds: ids(1000).nullish().describe('the contacts whose preferred store is one of these'),
  DateTime: dateTimeInput().nullish().describe('when to send; now when omitted'),
  IsTest: z.boolean().nullish(),
  TakeRandom: jsonInt()
    .refine((n) => n > 0, 'must be at least 1')
    .nullish()
    .describe('at most this many of the receivers, chosen at random'),
  LogLevel: enumInput(EmailDispatchLogLevel).nullish(),
})

export const readEmailDispatch = z
  .object({
    Id: z.number().int(),
    Planned: dateTimeOffset,
    PlannedUtc: dateTimeOffset,
    EmailCampaignId: z.number().int(),
    EmailCampaignName: z.string(),
    Subject: z.string(),
    Preheader: z.string().nullable(),
    Status: enumName(EmailDispatchStatus),
    Type: enumName(EmailDispatchType),
    Sent: z.number().int(),
    Delivered: z.number().int(),
    Opens: z.number().int(),
    Clicks: z.number().int(),
    DeliveryRatio: z.number().describe('Delivered / Sent'),
    OpenedRatio: z.number().describe('Opens / Delivered'),
    ClickRatio: z.number().describe('Clicks / Delivered'),
    BaseSegment: z.string().nullable(),
    InSegments: z.array(z.string()),
    NotInSegments: z.array(z.string()),
  })
  .describe('ReadEmailDispatchDto; counts and status as they are at the moment of the call')
  .meta({
    examples: [
      {
        Id: 31,
        Planned: '2026-03-01T09:00:00.0000000+01:00',
        PlannedUtc: '2026-03-01T08:00:00.0000000+00:00',
        EmailCampaignId: 7,
        EmailCampaignName: 'Nyhedsbrev marts',
        Subject: 'Forår i stuen',
        Preheader: 'Nye farver, nye puder',
        Status: 'Finished',
        Type: 'Newsletter',
        Sent: 1904,
        Delivered: 1904,
        Opens: 781,
        Clicks: 150,
        DeliveryRatio: 1,
        OpenedRatio: 0.4102,
        ClickRatio: 0.0788,
        BaseSegment: 'Alle med e-mail-samtykke',
        InSegments: ['Alle med e-mail-samtykke'],
        NotInSegments: [],
      },
    ],
  })

/** The receivers of a v1 dispatch (no DTO is known; assumed, README.md). */
export const readEmailDispatchReceiver = z.object({
  Id: z.number().int(),
  EmailDispatchId: z.number().int(),
  ContactId: z.number().int(),
  Email: z.string(),
  Created: dateTimeOffset.describe('when the dispatch was prepared'),
  Sent: dateTimeOffset.nullable().describe('null until its batch is sent'),
  Opened: dateTimeOffset.nullable(),
  Clicked: dateTimeOffset.nullable(),
})

// --- Email2 ---------------------------------------------------------------------------------

const email2Settings = z.object({ Dynamic: dynamic.nullish() })
const unused = z.null().optional().describe('null or left out: one scope only')

/** Exactly one of the three, the others null or left out (as the .NET client sends them). */
export const email2Scope = z.union([
  z.object({
    Contacts: z.record(z.string().regex(/^\d{1,10}$/, 'a contact id'), email2Settings),
    Emails: unused,
    Segments: unused,
  }),
  z.object({
    Contacts: unused,
    Emails: z.record(z.string().max(250), email2Settings),
    Segments: unused,
  }),
  z.object({
    Contacts: unused,
    Emails: unused,
    Segments: z.object({
      InSegmentIds: ids(1000),
      NotInSegmentIds: ids(1000).nullish(),
      TakeRandom: jsonInt()
        .refine((n) => n > 0, 'must be at least 1')
        .nullish(),
      Dynamic: dynamic.nullish(),
    }),
  }),
])

export const createEmail2Dispatch = z.object({
  TriggerId: z.string().min(1).max(100).describe('the trigger id of an Email2 message'),
  Schedule: dateTimeInput().nullish().describe('when to send; now when omitted'),
  IsTest: z.boolean().nullish(),
  BatchDelaySec: enumInput(DispatchBatchDelaySec).nullish(),
  Scope: email2Scope,
})

/** The sentence a dispatch to contacts or addresses answers (observed). */
export const EMAIL2_QUEUED = 'A new dispatch is successfully queued, but an id cannot be returned.'
