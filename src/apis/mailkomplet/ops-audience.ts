/**
 * The audience operations: mailing lists, contacts (with bulk import and activity), subscribe
 * requests, custom columns and exclude lists. Paths and titles are the seed's headings.
 */
import { z } from 'zod'
import { textInt } from '../../core/schema.ts'
import { defineOps } from './define.ts'
import {
  MAX_BULK_CONTACTS,
  bulkImportRow,
  bulkInfo,
  contact,
  contactActivity,
  contactFields,
  contactInput,
  contactUpdate,
  customColumn,
  customColumnFields,
  emailText,
  empty,
  excludeInput,
  excludeListItem,
  idList,
  mailingList,
  mailingListInput,
  page,
  pagination,
  paging,
  queryBool,
  queryId,
  wrapped,
  bodyId,
} from './schemas.ts'

const idParam = <N extends string>(name: N, description: string) =>
  z.object({ [name]: textInt({ min: 1 }).describe(description) } as {
    [K in N]: ReturnType<typeof textInt>
  })

export const audienceOps = defineOps({
  // --- /mailingLists -----------------------------------------------------------------------
  'mailingLists.list': {
    method: 'GET',
    path: '/mailingLists',
    summary: 'Mailing lists are returned, which are available in your account in our system.',
    query: z.object({
      mailingListId: queryId('mailing list ID you want to find').optional(),
      campaignId: queryId('campaign ID with which the mailing list is connected').optional(),
      contactId: queryId('contact whose assignment the lists report').optional(),
      isTesting: queryBool('only lists marked as testing').optional(),
      ...paging,
    }),
    response: page(mailingList),
    pagination: pagination(),
    retrySafe: true,
    examples: {
      summary: "The seed's example answer",
      response: {
        totalRecordCount: 1,
        pageCount: 1,
        data: [
          {
            mailingListId: 8947,
            name: 'Mailing list name',
            description: 'Mailing list description ',
            created: '2018-03-13T07:10:34.893',
            updated: '2019-04-23T08:05:39.28',
            availableForCampaign: true,
            availableForContact: true,
            contactAssigned: null,
            guid: '196d9ef3-7f86-418d-8326-b1861561bbc3',
            isTest: false,
          },
        ],
      },
    },
  },
  'mailingLists.create': {
    method: 'POST',
    path: '/mailingLists',
    summary: 'Creates a new mailing list within the account.',
    body: mailingListInput,
    response: z.object({ mailingListId: z.number().int() }),
    status: 201,
    errors: ['badRequest'],
    retrySafe: false,
    examples: {
      summary: "The seed's example",
      body: { name: 'Testing mailing list', description: 'Mailing list description', isTest: true },
      response: { mailingListId: 11691 },
    },
  },
  'mailingLists.update': {
    method: 'PUT',
    path: '/mailingLists/{mailingListId}',
    summary:
      'Update of a mailing list where {mailingListId} in URL should be replaced with mailing list',
    params: idParam('mailingListId', 'mailing list ID'),
    body: mailingListInput.partial(),
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },
  'mailingLists.delete': {
    method: 'DELETE',
    path: '/mailingLists',
    summary: 'Deletes a mailing list from the system.',
    query: z.object({
      mailingListIds: idList.describe('IDs separated by comma, semicolon or pipe'),
      unassign: queryBool(
        'true (default): members stay in the database; false: they are deleted too',
      ).optional(),
    }),
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },

  // --- /contacts ---------------------------------------------------------------------------
  'contacts.list': {
    method: 'GET',
    path: '/contacts',
    summary: 'Return recipients which can be found in the system under entered parameters.',
    query: z.object({
      contactId: queryId('ID of a recipient you want to get').optional(),
      mailingListId: queryId('ID of a mailing list in which recipients can be found').optional(),
      email: z
        .string()
        .max(254)
        .optional()
        .describe('email of a wanted recipient (a part will do)'),
      ...paging,
    }),
    response: page(contact),
    pagination: pagination(),
    retrySafe: true,
  },
  'contacts.create': {
    method: 'POST',
    path: '/contacts',
    summary:
      'Creates new recipient. If a recipient with given email already exists it will update an ex',
    description: 'An existing e-mail address is updated instead (by address, case-insensitive).',
    body: contactInput,
    response: z.object({ contactId: z.number().int() }),
    status: 201,
    errors: ['badRequest'],
    // an upsert by e-mail address: repeating it changes nothing more
    retrySafe: true,
    examples: {
      summary: "The seed's example",
      body: {
        email: 'jan@webkomplet.cz',
        name: 'Jan',
        surname: 'Novák',
        sex: true,
        title: null,
        mobilePhone: '775123456',
        company: 'Webkomplet',
        mailingListIds: [1, 2, 3],
        customColumns: { last_order: '2020-01-09T09:46:17' },
      },
      response: { contactId: 8368817 },
    },
  },
  'contacts.update': {
    method: 'PUT',
    path: '/contacts/{contactId}',
    summary:
      'Updates an already existing recipient. Replace variable {contactId} in URL with an ID of t',
    params: idParam('contactId', 'recipient ID'),
    body: contactUpdate,
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },
  'contacts.delete': {
    method: 'DELETE',
    path: '/contacts',
    summary: 'Deletes a recipient from the system',
    description:
      'Without mailingListId the recipients are deleted from the database (irreversible).',
    query: z.object({
      contactIds: idList.describe("recipients' IDs, separated by comma"),
      mailingListId: queryId('mailing list the recipients are removed from').optional(),
    }),
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },
  'contacts.import': {
    method: 'POST',
    path: '/contacts/bulk',
    summary: 'Executes a bulk import based on shown parameters.',
    description:
      'Runs in the background: `getBulkInfo` reports its progress. preImportAction 0 nothing, 1 empty the given lists first; contactOverwriteMode 0 keep existing contacts, 1 update the given fields, 2 replace every field (assumed values).',
    body: z.object({
      preImportAction: z.literal([0, 1]).describe('0 nothing, 1 empty the lists first (assumed)'),
      contactOverwriteMode: z
        .literal([0, 1, 2])
        .describe('0 keep existing, 1 update given fields, 2 replace (assumed)'),
      mailingListIds: contactFields.mailingListIds,
      contacts: z.array(bulkImportRow).min(1).max(MAX_BULK_CONTACTS),
    }),
    response: wrapped(z.object({ operationId: z.string() })),
    unwrap: 'data',
    errors: ['badRequest', 'tooLarge'],
    limits: { maxItems: MAX_BULK_CONTACTS },
    retrySafe: false,
  },
  'contacts.bulkInfo': {
    method: 'GET',
    path: '/contacts/getBulkInfo',
    summary: 'Returns information about the state of the import.',
    query: z.object({ operationId: z.string().min(1).max(100).describe('GUID of the import') }),
    response: wrapped(bulkInfo),
    unwrap: 'data',
    retrySafe: true,
  },
  'contacts.activity': {
    method: 'GET',
    path: '/contacts/getContactActivity',
    summary:
      'Return history of actions of recipient, like mass email sending, transactional email sendi',
    query: z.object({ email: emailText.describe('email of a recipient') }),
    response: wrapped(z.array(contactActivity)),
    unwrap: 'data',
    errors: ['badRequest'],
    retrySafe: true,
  },

  // --- /subscribeContacts --------------------------------------------------------------------
  'contacts.subscribe': {
    method: 'POST',
    path: '/subscribeContacts',
    summary:
      'Creates a new subscribe request for the recipient. JSON object in body could contain all p',
    description:
      "Double opt-in: the dispatcher's subscribe campaign mails a confirmation link; the contact joins the lists when it is followed.",
    body: contactInput.extend({ dispatcherId: bodyId().describe('Domain redirect ID') }),
    response: z.object({ subscribeRequestId: z.number().int() }),
    status: 201,
    errors: ['badRequest'],
    retrySafe: false,
  },

  // --- /customColumns ------------------------------------------------------------------------
  'customColumns.list': {
    method: 'GET',
    path: '/customColumns',
    summary: 'Returns user columns which are available based on chosen parameters.',
    query: z.object({
      customColumnId: queryId('ID of a column you want to get').optional(),
      isSystem: queryBool('true returns only predefined columns').optional(),
      ...paging,
    }),
    response: page(customColumn),
    pagination: pagination(),
    retrySafe: true,
  },
  'customColumns.create': {
    method: 'POST',
    path: '/customColumns',
    summary: 'Creates a new user column.',
    body: z.object(customColumnFields),
    response: z.object({ customColumnId: z.number().int() }),
    status: 201,
    errors: ['badRequest'],
    retrySafe: false,
  },
  'customColumns.update': {
    method: 'PUT',
    path: '/customColumns',
    summary: 'Updates a user column.',
    description: 'The column is found by customColumnId, else by name (assumed).',
    body: z.object({
      customColumnId: bodyId().optional().describe('the column to update (assumed)'),
      ...z.object(customColumnFields).partial().shape,
    }),
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },
  'customColumns.delete': {
    method: 'DELETE',
    // the seed's heading: under /customColumns it prints DELETE …/contacts (README.md)
    path: '/contacts',
    summary: 'Deletes a user column from your account',
    query: z.object({ id: queryId('ID of a user column you want to delete') }),
    match: { query: ['id'] },
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },

  // --- /excludeLists -------------------------------------------------------------------------
  'excludeLists.list': {
    method: 'GET',
    path: '/excludeLists',
    summary: 'Returns unsubscribed recipients which are available based on chosen parameters.',
    query: z.object({
      excludeListId: queryId('ID of an exclude list item').optional(),
      mailingListId: queryId('mailing list the recipient was unsubscribed from').optional(),
      ...paging,
    }),
    response: page(excludeListItem),
    pagination: pagination(),
    retrySafe: true,
  },
  'excludeLists.create': {
    method: 'POST',
    path: '/excludeLists',
    summary:
      'Unsubscribes a recipient based on an email address. If you want to unsubscribe a recipient',
    body: excludeInput,
    response: empty,
    status: 201,
    errors: ['badRequest'],
    retrySafe: true,
  },
  'excludeLists.delete': {
    method: 'DELETE',
    path: '/excludeLists',
    summary: 'Deletes a record about unsubscribing.',
    query: z.object({ id: queryId('ID of the exclude list item') }),
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },
})
