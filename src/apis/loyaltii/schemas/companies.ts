/**
 * Stores, contact companies and contact events on the wire. Stores and companies are patched with
 * their id in the body, not the path.
 */
import { z } from 'zod'
import { dateTimeOffset, jsonInt } from '../codecs.ts'

const text = (max: number) => z.string().max(max).nullish()

export const readStore = z
  .object({
    Id: z.number().int(),
    Number: z.string().describe('your unique store number'),
    LastModified: dateTimeOffset,
    Name: z.string().nullable(),
    Phone: z.string().nullable(),
    Address: z.string().nullable(),
    ZipCode: z.string().nullable(),
    City: z.string().nullable(),
    Email: z.string().nullable(),
    JsonString: z.string().nullable().describe('free JSON text for extra data'),
  })
  .meta({
    examples: [
      {
        Id: 3,
        Number: '103',
        LastModified: '2025-08-01T10:00:00.0000000+02:00',
        Name: 'Nordlys Bolig Aarhus',
        Phone: '86 12 34 56',
        Address: 'Søndergade 21',
        ZipCode: '8000',
        City: 'Aarhus C',
        Email: 'aarhus@nordlysbolig.dk',
        JsonString: '{"OpeningHours":"Man-Fre 10-18, Lør 10-16"}',
      },
    ],
  })

const storeFields = {
  Name: text(100),
  Phone: text(20),
  Address: text(100),
  ZipCode: text(10),
  City: text(50),
  Email: text(250),
  JsonString: z.string().nullish(),
}

export const createStore = z.object({ Number: z.string().min(1).max(25), ...storeFields })

/** `PatchStoreDto`: `Id` names the store; only the fields given change. */
export const patchStore = z.object({
  Id: jsonInt(),
  Number: z.string().min(1).max(25).nullish(),
  ...storeFields,
})

export const readContactCompany = z.looseObject({
  Id: z.number().int(),
  Name: z.string(),
  PrimaryContactId: z.number().int().nullable(),
  ContactCompanyId: z.number().int().nullable().describe('the parent company (two levels at most)'),
  EmailDomains: z.string().nullable().describe('comma-separated'),
  Logo: z.string().nullable(),
  Number: z.string().nullable().describe('your unique id of the company, or null'),
  LastModified: dateTimeOffset,
})

const companyFields = {
  PrimaryContactId: jsonInt().nullish(),
  EmailDomains: text(2000),
  Logo: text(500),
  Number: text(25),
}

export const createContactCompany = z.looseObject({
  Name: z.string().min(1).max(255),
  ContactCompanyId: jsonInt().nullish().describe('the parent; null for none'),
  ...companyFields,
})

/** `PatchContactCompanyDto`: `Id` names the company; `ContactCompanyId: 0` removes the parent. */
export const patchContactCompany = z.looseObject({
  Id: jsonInt(),
  Name: z.string().min(1).max(255).nullish(),
  ContactCompanyId: jsonInt().nullish().describe('the parent; 0 removes it'),
  ...companyFields,
})

export const readContactEvent = z.object({
  Id: z.number().int(),
  Created: dateTimeOffset,
  ContactId: z.number().int(),
  Type: z.string(),
  SubType: z.string().nullable(),
  ParentId: z.string().nullable(),
  ParentType: z.string().nullable(),
  UniqueExtId: z.string().nullable(),
  InfoJson: z.unknown().describe('any JSON the event was created with, or null'),
})

/** `CreateContactEventDto`: the contact by `ContactId` or by `ContactSecret`. */
export const createContactEvent = z.object({
  ContactId: jsonInt().nullish(),
  ContactSecret: z.string().nullish(),
  Type: z.string().min(1).max(50),
  SubType: z.string().min(1).max(50),
  ParentId: text(100),
  ParentType: text(50),
  UniqueExtId: text(100).describe('unique among all events, or null'),
  InfoJson: z.unknown().optional(),
})
