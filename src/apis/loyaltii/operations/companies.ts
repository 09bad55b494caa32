/**
 * Stores (5), ContactCompanies (9) and ContactEvents (3). Stores and companies are patched with
 * their id in the body (`PATCH api/v1/Stores`), as the Help Page shows.
 */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { dateTimeInput, queryBool, queryInt } from '../codecs.ts'
import { contactRef, idParam } from '../schemas/common.ts'
import {
  createContactCompany,
  createContactEvent,
  createStore,
  patchContactCompany,
  patchStore,
  readContactCompany,
  readContactEvent,
  readStore,
} from '../schemas/companies.ts'
import { readContact } from '../schemas/contacts.ts'
import { PAGE_SIZE } from '../schemas/points.ts'

const STORES = '/api/v1/Stores'
const COMPANIES = '/api/v1/ContactCompanies'
const EVENTS = '/api/v1/ContactEvents'

export const storeOperations = {
  'stores.getByNumber': {
    method: 'GET',
    path: STORES,
    summary: 'Will return speciffic store by number',
    query: z.object({ number: z.string() }),
    match: { query: ['number'] },
    response: readStore,
    errors: ['notFound'],
    retrySafe: true,
  },
  'stores.list': {
    method: 'GET',
    path: STORES,
    summary: 'Get all Stores for an account.',
    query: z.object({
      withoutJsonString: queryBool()
        .optional()
        .describe('true: JsonString null, for a lighter list'),
    }),
    response: z.array(readStore),
    retrySafe: true,
  },
  'stores.get': {
    method: 'GET',
    path: `${STORES}/{id}`,
    summary: 'Will return speciffic store by id',
    params: idParam,
    response: readStore,
    errors: ['notFound'],
    retrySafe: true,
  },
  'stores.create': {
    method: 'POST',
    path: STORES,
    summary: 'Will create a new store',
    description: 'Number is unique.',
    body: createStore,
    response: readStore,
    errors: ['duplicateValue'],
    retrySafe: false,
  },
  'stores.update': {
    method: 'PATCH',
    path: STORES,
    summary: 'Patch Store by id, only fields in the request are updated',
    body: patchStore,
    response: readStore,
    errors: ['notFound', 'duplicateValue'],
    retrySafe: true,
  },
} as const satisfies Record<string, OperationDef>

export const companyOperations = {
  'contactCompanies.list': {
    method: 'GET',
    path: COMPANIES,
    summary: 'Get all ContactCompanies',
    response: z.array(readContactCompany),
    retrySafe: true,
  },
  'contactCompanies.listByPrimaryContactEmail': {
    method: 'GET',
    path: COMPANIES,
    summary:
      'A list of ContactCompanies where the Contact with the provided email address is primary contact.',
    query: z.object({ primaryContactEmail: z.string() }),
    match: { query: ['primaryContactEmail'] },
    response: z.array(readContactCompany),
    retrySafe: true,
  },
  'contactCompanies.getByNumber': {
    method: 'GET',
    path: COMPANIES,
    summary:
      'Get a ContactCompany using ContactCompanyNumber (An external unique identifier of the company)',
    query: z.object({ contactCompanyNumber: z.string() }),
    match: { query: ['contactCompanyNumber'] },
    response: readContactCompany,
    errors: ['notFound'],
    retrySafe: true,
  },
  'contactCompanies.get': {
    method: 'GET',
    path: `${COMPANIES}/{id}`,
    summary: 'Get a ContactCompany',
    params: idParam,
    response: readContactCompany,
    errors: ['notFound'],
    retrySafe: true,
  },
  'contactCompanies.listContacts': {
    method: 'GET',
    path: `${COMPANIES}/{id}/Contacts`,
    summary:
      'Gets a list of Contacts associated with the ContactCompany If the ContactCompany has no Contacts associated a HTTP 404 is returned',
    params: idParam,
    response: z.array(readContact),
    errors: ['notFound'],
    retrySafe: true,
  },
  'contactCompanies.create': {
    method: 'POST',
    path: COMPANIES,
    summary: 'Creates a ContactCompany',
    description: 'Number is unique; a parent may not have a parent of its own (two levels).',
    body: createContactCompany,
    response: readContactCompany,
    errors: [
      'duplicateValue',
      'invalidContact',
      'invalidContactCompany',
      'invalidHierarchy',
      'invalidFieldValue',
    ],
    retrySafe: false,
  },
  'contactCompanies.addContact': {
    method: 'POST',
    path: `${COMPANIES}/{id}/AddContact`,
    summary: 'Associates a Contact with a ContactCompany',
    description: 'The contact’s ContactCompanyId becomes the company (a contact has one company).',
    params: idParam,
    body: contactRef,
    response: z.undefined(),
    errors: ['notFound'],
    retrySafe: true,
  },
  'contactCompanies.removeContact': {
    method: 'POST',
    path: `${COMPANIES}/{id}/RemoveContact`,
    summary: "Removes a Contact's association with a ContactCompany",
    params: idParam,
    body: contactRef,
    response: z.undefined(),
    errors: ['notFound'],
    retrySafe: true,
  },
  'contactCompanies.update': {
    method: 'PATCH',
    path: COMPANIES,
    summary: 'Patch ContactCompany by id, only fields in the request are updated',
    body: patchContactCompany,
    response: readContactCompany,
    errors: [
      'notFound',
      'duplicateValue',
      'invalidContact',
      'invalidContactCompany',
      'invalidHierarchy',
      'invalidFieldValue',
    ],
    retrySafe: true,
  },
} as const satisfies Record<string, OperationDef>

export const eventOperations = {
  'contactEvents.list': {
    method: 'GET',
    path: EVENTS,
    summary:
      'Retrieve array of events with id higher than provided lastId and specified type. A maximum of 1000 events are returned',
    query: z.object({ type: z.string(), lastId: queryInt() }),
    match: { query: ['lastId'] },
    response: z.array(readContactEvent),
    pagination: { style: 'lastId', cursor: 'lastId', idField: 'Id', items: '', maxSize: PAGE_SIZE },
    retrySafe: true,
  },
  'contactEvents.filter': {
    method: 'GET',
    path: EVENTS,
    summary: 'Will get events by type.',
    description: 'From (included) and to (left out) filter on Created.',
    query: z.object({
      type: z.string(),
      subtype: z.string().optional(),
      from: dateTimeInput().optional(),
      to: dateTimeInput().optional(),
      contactId: queryInt().optional(),
    }),
    response: z.array(readContactEvent),
    retrySafe: true,
  },
  'contactEvents.create': {
    method: 'POST',
    path: EVENTS,
    summary:
      'Will create new events for contacts with specified information. Will return HTTP 404 if a contact with given Id is not found.',
    description:
      'A JSON array of events, all or none. An unknown contact answers 404 unless ignoreUnknownContacts, which skips its events. Answers a JSON string.',
    query: z.object({ ignoreUnknownContacts: queryBool().optional() }),
    body: z.array(createContactEvent).max(10_000),
    response: z.string(),
    errors: ['notFound', 'duplicateValue'],
    retrySafe: false,
  },
} as const satisfies Record<string, OperationDef>
