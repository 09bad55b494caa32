/**
 * Contacts on the wire: `ReadContactDto` and the create, update (PUT), patch and batch-patch
 * bodies of the Help Page's resource models. Every body and answer also carries the account's
 * dynamic contact fields as flat keys (`Contacts/DynamicFields` lists them), hence loose objects.
 */
import { z } from 'zod'
import { documented } from '../../../core/openapi.ts'
import { dateTimeInput, dateTimeOffset, enumInput, jsonInt, versionText } from '../codecs.ts'

/** `UpdateContactKeyType` of the .NET client: how the keys of a batch PATCH name contacts. */
export const UpdateContactKeyType = { Id: 1, Secret: 2, Email: 3, Phone: 4 } as const
export type UpdateContactKeyType = keyof typeof UpdateContactKeyType

const text = (max: number) => z.string().max(max)
const email = documented(text(250), { format: 'email' })

export const readContact = z
  .looseObject({
    Id: z.number().int(),
    Secret: z.string().describe('hard-to-guess public id, used in links (?s={Secret})'),
    RegistrationDateTime: dateTimeOffset,
    RegistrationSource: z.string(),
    RegistrationIp: z.string().nullable(),
    LastModified: dateTimeOffset,
    Version: z.string().describe('row version (byte[] as base64): send it back on PUT and PATCH'),
    RegistrationStoreId: z.number().int().nullable(),
    Email: z.string().nullable(),
    PhoneCountryCode: z.string().nullable(),
    Phone: z.string().nullable(),
    FirstName: z.string().nullable(),
    LastName: z.string().nullable(),
    LimitMailsPermanently: z.boolean(),
    LimitMailsTemporarilyUntil: dateTimeOffset.nullable(),
    ProfileLastUpdated: dateTimeOffset.nullable(),
    PreferredStoreId: z.number().int().nullable(),
    ContactCompanyId: z.number().int().nullable(),
    LatestPermissionSource: z.string().nullable(),
  })
  .describe('ReadContactDto, with the dynamic contact fields as further keys (null when unset)')
  .meta({
    examples: [
      {
        Id: 1042,
        Secret: 'k7Hq2mPxW9aZ4vTe',
        RegistrationDateTime: '2025-11-07T14:47:53.1724565+01:00',
        RegistrationSource: 'Webshop',
        RegistrationIp: '87.62.101.14',
        LastModified: '2026-01-12T09:03:11.5038226+01:00',
        Version: 'AAAAAAAB9k8=',
        RegistrationStoreId: null,
        Email: 'mette.hansen@gmail.com',
        PhoneCountryCode: '+45',
        Phone: '20123456',
        FirstName: 'Mette',
        LastName: 'Hansen',
        LimitMailsPermanently: false,
        LimitMailsTemporarilyUntil: null,
        ProfileLastUpdated: null,
        PreferredStoreId: 3,
        ContactCompanyId: null,
        LatestPermissionSource: 'Webshop tilmelding',
        MemberLevel: 'Sølv',
        PermissionEmail: true,
      },
    ],
  })

const editable = {
  Email: email.nullish(),
  PhoneCountryCode: text(10).nullish(),
  Phone: text(20).nullish(),
  FirstName: text(50).nullish(),
  LastName: text(50).nullish(),
  LimitMailsPermanently: z.boolean().nullish(),
  LimitMailsTemporarilyUntil: dateTimeInput().nullish(),
  PreferredStoreId: jsonInt().nullish(),
  ContactCompanyId: jsonInt().nullish().describe('null: no company'),
  LatestPermissionSource: z.string().nullish(),
}

/** `CreateContactDto`, dynamic fields as further keys. */
export const createContact = z.looseObject({
  RegistrationSource: z.string().min(1).max(50),
  RegistrationDateTime: dateTimeInput().nullish().describe('now when omitted'),
  RegistrationIp: text(16).nullish(),
  RegistrationStoreId: jsonInt().nullish(),
  ...editable,
})

/**
 * `UpdateContactDto` (PUT): the static fields left out become null; dynamic fields left out keep
 * their values. `Version` must be the one last read.
 */
export const updateContact = z.looseObject({
  Version: versionText,
  NewPassword: z.string().min(1).max(100).nullish(),
  ...editable,
})

/**
 * `PatchContactDto`: only the fields given (not null) change; `""` clears PhoneCountryCode, Phone
 * and Email. `Version` must be the one last read.
 */
export const patchContact = z.looseObject({
  Version: versionText,
  NewPassword: z.string().min(1).max(100).nullish(),
  ProfileLastUpdated: dateTimeInput().nullish(),
  ...editable,
})

/** `PatchContactsDto`: the same `Fields` on every contact the `Keys` name. */
export const patchContacts = z.object({
  KeyType: enumInput(UpdateContactKeyType).describe('Id, Secret, Email or Phone (names or 1–4)'),
  Keys: z.array(z.string()).describe('the contacts, as ids, secrets, e-mail addresses or phones'),
  Fields: z
    .record(z.string(), z.unknown())
    .describe('field name → value; names from Contacts/PatchFields, dynamic fields included'),
})

/** `PatchContactsResultDto`: the keys given, split by whether they named a contact. */
export const patchContactsResult = z.object({
  Updated: z.array(z.string()),
  NotFound: z.array(z.string()),
})

/** `LoginContactDto` */
export const loginContact = z.object({
  Password: z.string().min(1),
  Ip: z.string().min(1).max(16),
  Source: z.string().min(1).max(50),
})

export const setPassword = z.object({ NewPassword: z.string().min(1).max(100) })

export const contactBaseInfo = z.object({
  Id: z.number().int(),
  Secret: z.string(),
  Email: z.string().nullable(),
  Phone: z.string().nullable(),
  FirstName: z.string().nullable(),
  LastName: z.string().nullable(),
})

/** `ReadRegisteredContactDto` */
export const registeredContact = z.object({
  Id: z.number().int(),
  RegistrationDateTime: dateTimeOffset,
  RegistrationSource: z.string(),
  RegistrationIp: z.string().nullable(),
})
