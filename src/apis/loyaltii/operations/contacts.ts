/**
 * The 19 Contacts operations (seed "Contacts — Manage contacts"). Fixed paths come before
 * `Contacts/{id}`, which would otherwise take `PatchFields` for an id.
 */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { queryInt } from '../codecs.ts'
import { idParam, readDynamicField } from '../schemas/common.ts'
import {
  contactBaseInfo,
  createContact,
  loginContact,
  patchContact,
  patchContacts,
  patchContactsResult,
  readContact,
  registeredContact,
  setPassword,
  updateContact,
} from '../schemas/contacts.ts'

const PATH = '/api/v1/Contacts'

export const contactOperations = {
  'contacts.list': {
    method: 'GET',
    path: PATH,
    summary: 'Returns all contactIds in system',
    description: 'Every contact id of the account, ascending.',
    response: z.array(z.number().int()),
    retrySafe: true,
  },
  'contacts.getByEmail': {
    method: 'GET',
    path: PATH,
    summary: 'Will return contact by its email or HTTP 404 if contact is not found.',
    description: 'E-mail addresses are compared without case.',
    query: z.object({ email: z.string() }),
    match: { query: ['email'] },
    response: readContact,
    errors: ['notFound'],
    retrySafe: true,
  },
  'contacts.getByPhone': {
    method: 'GET',
    path: PATH,
    summary: 'Will return contact by its phone or HTTP 404 if contact is not found.',
    query: z.object({ phone: z.string() }),
    match: { query: ['phone'] },
    response: readContact,
    errors: ['notFound'],
    retrySafe: true,
  },
  'contacts.getBySecret': {
    method: 'GET',
    path: PATH,
    summary: 'Will return contact by its secret or HTTP 404 if contact is not found.',
    description:
      'The caller’s IP address (`ip`) counts the secrets that found no contact: too many from one address are refused for an hour (429).',
    query: z.object({ secret: z.string(), ip: z.string().max(45).optional() }),
    match: { query: ['secret'] },
    response: readContact,
    errors: ['notFound', 'tooManyAttempts'],
    retrySafe: true,
  },
  'contacts.listByField': {
    method: 'GET',
    path: PATH,
    summary:
      'Will return array of contacts by dynamic field or empty array if no contacts are found.',
    description: 'A dynamic contact field (Contacts/DynamicFields) and the value it holds.',
    query: z.object({ field: z.string(), value: z.string() }),
    match: { query: ['field'] },
    response: z.array(readContact),
    retrySafe: true,
  },
  'contacts.listPatchFields': {
    method: 'GET',
    path: `${PATH}/PatchFields`,
    summary: 'Will return a list of contact fields which can be PATCHed on a batch of contacts.',
    response: z.array(z.string()),
    retrySafe: true,
  },
  'contacts.listDynamicFields': {
    method: 'GET',
    path: `${PATH}/DynamicFields`,
    summary:
      'Will get Account specific fields. The fields will be valid to use in all requests, but will not be shown in the documentation, because it is account wide documentation.',
    response: z.array(readDynamicField),
    retrySafe: true,
  },
  'contacts.listBaseInfo': {
    method: 'GET',
    path: `${PATH}/GetContactsBaseInfo`,
    summary: 'Returns basic info about all contacts in the system.',
    response: z.array(contactBaseInfo),
    retrySafe: true,
  },
  'contacts.listRegistrations': {
    method: 'GET',
    path: `${PATH}/Registration`,
    summary:
      'Will return array of registered contacts by Registration timespan, RegistrationSource or RegistrationIp (can combine). Will return empty array if nothing is found.',
    query: z.object({
      timespan: queryInt().optional().describe('minutes back from now'),
      source: z.string().optional(),
      ip: z.string().optional(),
    }),
    response: z.array(registeredContact),
    retrySafe: true,
  },
  'contacts.get': {
    method: 'GET',
    path: `${PATH}/{id}`,
    summary: 'Will return contact by its id or HTTP 404 if contact is not found.',
    params: idParam,
    response: readContact,
    errors: ['notFound'],
    retrySafe: true,
  },
  'contacts.getPersonDataFile': {
    method: 'GET',
    path: `${PATH}/{id}/PersonDataFile`,
    summary: 'Will return url of person data file',
    description: 'A JSON string: the URL of the contact’s personal data (GDPR) as one JSON file.',
    params: idParam,
    response: z.string().describe('URL'),
    errors: ['notFound'],
    retrySafe: true,
  },
  'contacts.create': {
    method: 'POST',
    path: PATH,
    summary:
      'Will create new contact with specified information. If contact with same Name or same Phone number exists then HTTP 409 will be returned. If no Store with PreferredStoreId exists then HTTP 409 will be returned.',
    description:
      'E-mail and phone are unique: a taken one answers 409 with the contact that has it. Dynamic fields travel as further keys.',
    body: createContact,
    response: readContact,
    errors: ['contactConflict', 'storeNotFound', 'companyNotFound', 'invalidFieldValue'],
    retrySafe: false,
  },
  'contacts.login': {
    method: 'POST',
    path: `${PATH}/{id}/Login`,
    summary:
      'Validates a password for a specific user. Will return contact or HTTP 404 if contact is not found.',
    params: idParam,
    body: loginContact,
    response: readContact,
    errors: ['notFound', 'wrongPassword'],
    retrySafe: true,
  },
  'contacts.setPassword': {
    method: 'POST',
    path: `${PATH}/{id}/SetPassword`,
    summary:
      'Sets the password for a user. Will return HTTP 200 or HTTP 404 if contact is not found.',
    params: idParam,
    body: setPassword,
    response: z.undefined(),
    errors: ['notFound'],
    retrySafe: true,
  },
  'contacts.unblockEmail': {
    method: 'POST',
    path: `${PATH}/{id}/UnblockEmail`,
    summary:
      'Unblocks a contact that is bounced by email. Returns false if the contact is not bounced by email.',
    params: idParam,
    response: z.boolean(),
    errors: ['notFound'],
    retrySafe: true,
  },
  'contacts.update': {
    method: 'PUT',
    path: `${PATH}/{id}`,
    summary:
      'Will update contact identified by id with specified information. If contact has been modified (concurrent update) since it has been retrieved then HTTP 409 will be returned with latest contact information. If another contact with same Email or Phone is found then HTTP 409 will be returned with latest contact information for specified contact. If no Store with PreferredStoreId exists then HTTP 409 will be returned.',
    description:
      'Static fields left out become null; dynamic fields left out keep their values. Version must be the one last read.',
    params: idParam,
    body: updateContact,
    response: readContact,
    errors: [
      'notFound',
      'contactConflict',
      'storeNotFound',
      'companyNotFound',
      'invalidFieldValue',
    ],
    retrySafe: true,
  },
  'contacts.patchMany': {
    method: 'PATCH',
    path: PATH,
    summary: 'Will PATCH the given {Fields} on contacts by the given {Keys}.',
    description:
      'Answers the keys given, split into Updated and NotFound. Fields from Contacts/PatchFields only.',
    body: patchContacts,
    response: patchContactsResult,
    errors: [
      'invalidField',
      'invalidFieldValue',
      'duplicateValue',
      'storeNotFound',
      'companyNotFound',
    ],
    retrySafe: true,
  },
  'contacts.patch': {
    method: 'PATCH',
    path: `${PATH}/{id}`,
    summary:
      'Will patch contact object with given values. Only updates contact properties that are not null in patchContactDto. All other properties are left unchanged. NOTE: The following properies will be set to null if the patch value is "" (empty string): PhoneCountryCode, Phone and Email',
    params: idParam,
    body: patchContact,
    response: readContact,
    errors: [
      'notFound',
      'contactConflict',
      'storeNotFound',
      'companyNotFound',
      'invalidFieldValue',
    ],
    retrySafe: true,
  },
  'contacts.delete': {
    method: 'DELETE',
    path: `${PATH}/{id}`,
    summary: 'Will delete contact with specified id.',
    description: 'Its points, events and orders go with it.',
    params: idParam,
    response: z.undefined(),
    errors: ['notFound'],
    retrySafe: true,
  },
} as const satisfies Record<string, OperationDef>
