/**
 * Email builder campaigns on the wire: the campaign (Help Page), its blocks with their input
 * values and display condition, and the schedule that turns it into a dispatch.
 */
import { z } from 'zod'
import { dateTimeInput, enumInput, enumName, jsonInt } from '../codecs.ts'
import { ids, readSearchField, searchField } from './common.ts'
import { DispatchBatchDelaySec } from './dispatches.ts'

/** `EmailBuilderCampaignType` of the .NET client. */
export const EmailBuilderCampaignType = { Newsletter: 0, Transactional: 1 } as const

/**
 * How fast a scheduled campaign sends: the Help Page types it as `DispatchBatchDelaySec`, the
 * .NET client as `DispatchBatchSpeed` (`_20` … `_600`); both name sets are read (reference §12).
 */
export const SendingSpeed = { ...DispatchBatchDelaySec, _20: 20 } as const

const dynamic = z.record(z.string(), z.unknown())

export const createEmailBuilderCampaign = z.object({
  Type: enumInput(EmailBuilderCampaignType),
  Name: z.string().min(1).max(255),
  Subject: z.string().min(1).max(500),
  Preheader: z.string().max(500).nullish(),
  EmailTemplateId: jsonInt(),
  Dynamic: dynamic.nullish().describe('only for trigger messages'),
})

export const readEmailBuilderCampaign = z
  .object({
    Id: z.number().int(),
    EmailCampaignId: z
      .number()
      .int()
      .describe('the e-mail campaign behind it: for trigger and test mails (EmailDispatches)'),
    Type: enumName(EmailBuilderCampaignType),
    Name: z.string(),
    Subject: z.string(),
    Preheader: z.string().nullable(),
    EmailTemplateId: z.number().int(),
    Dynamic: dynamic.nullable(),
  })
  .meta({
    examples: [
      {
        Id: 3,
        EmailCampaignId: 14,
        Type: 'Newsletter',
        Name: 'Påskeudsalg',
        Subject: 'Påskens tilbud er her',
        Preheader: 'Op til 30 % på tekstiler',
        EmailTemplateId: 1,
        Dynamic: null,
      },
    ],
  })

const inputValues = z.record(z.string(), z.object({ Value: z.string().nullish() }))

export const createBlock = z.object({
  EmailBuilderBlockId: jsonInt(),
  InputValues: inputValues.nullish().describe('the block’s inputs by name'),
  Settings: z
    .object({ Condition: searchField.nullish().describe('shown only to contacts it holds for') })
    .nullish(),
})

export const readBlock = z.object({
  Id: z.number().int(),
  EmailBuilderBlockId: z.number().int(),
  InputValues: z.record(z.string(), z.object({ Value: z.string().nullable() })),
  Settings: z.object({ Condition: readSearchField.nullable() }),
})

export const scheduleCampaign = z.object({
  IncludeSegments: ids(1000).nullish().describe('the contacts must be in one of these'),
  ExcludeSegments: ids(1000).nullish().describe('the contacts must be in none of these'),
  LimitContacts: jsonInt()
    .refine((n) => n > 0, 'must be at least 1')
    .nullish()
    .describe('at most this many receivers; null for no limit'),
  LimitSendingSpeed: enumInput(SendingSpeed)
    .nullish()
    .describe('seconds between batches of 500; null for no limit'),
  StartSending: dateTimeInput().nullish().describe('null: now'),
})
