/**
 * E-mail dispatches (EmailDispatches 2, Email2Dispatches 1, EmailDispatchReceiver 2) and the email
 * builder campaigns (4) whose schedule makes a dispatch. A dispatch moves on by the emulator's
 * clock: Waiting until it is due, then Preparing, ReadyForStarting, SmtpStarting, Sending and
 * Finished, or an `EndedBy…` state.
 */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { dateTimeInput, enumInput, queryInt } from '../codecs.ts'
import { idParam } from '../schemas/common.ts'
import {
  createBlock,
  createEmailBuilderCampaign,
  readBlock,
  readEmailBuilderCampaign,
  scheduleCampaign,
} from '../schemas/campaigns.ts'
import {
  EmailDispatchStatus,
  EmailDispatchType,
  createEmail2Dispatch,
  createEmailDispatch,
  readEmailDispatch,
  readEmailDispatchReceiver,
} from '../schemas/dispatches.ts'
import { PAGE_SIZE } from '../schemas/points.ts'

const DISPATCHES = '/api/v1/EmailDispatches'
const RECEIVERS = '/api/v1/EmailDispatchReceiver'
const CAMPAIGNS = '/api/v1/EmailBuilderCampaigns'

export const dispatchOperations = {
  'emailDispatches.list': {
    method: 'GET',
    path: DISPATCHES,
    summary: 'Will return an array of email dispatches',
    description:
      'The newest `take` (at most and by default 1000) of the type and statuses given, planned from `from` (included) to `to` (left out), newest first. Statuses as an indexed list (`status[0]=Sending&status[1]=Finished`).',
    query: z.object({
      type: enumInput(EmailDispatchType).optional(),
      status: z.array(enumInput(EmailDispatchStatus)).max(30).optional(),
      from: dateTimeInput().optional(),
      to: dateTimeInput().optional(),
      take: queryInt()
        .refine((n) => n >= 1 && n <= 1000, 'from 1 to 1000')
        .optional(),
    }),
    queryLists: 'indexed',
    response: z.array(readEmailDispatch),
    retrySafe: true,
  },
  'emailDispatches.create': {
    method: 'POST',
    path: DISPATCHES,
    summary: 'Will create an email dispatch',
    description:
      'To one contact (ContactId), or to the contacts of segments and/or stores. Receivers are made when it has been prepared: contacts with an e-mail address, not bounced, and for a newsletter with permission and no mail limit.',
    body: createEmailDispatch,
    response: readEmailDispatch,
    errors: ['notFound', 'invalidEmailCampaign', 'invalidDispatchScope'],
    retrySafe: false,
  },
  'email2Dispatches.create': {
    method: 'POST',
    path: '/api/v1/Email2Dispatches',
    summary:
      'Will create an email2 dispatch. An id will only be returned if the scope is using segments.',
    description:
      'Answers a JSON string: the dispatch id (a GUID) for a Segments scope, else the sentence "A new dispatch is successfully queued, but an id cannot be returned."',
    body: createEmail2Dispatch,
    response: z.string(),
    errors: ['invalidTrigger'],
    retrySafe: false,
  },
  'emailDispatchReceivers.list': {
    method: 'GET',
    path: RECEIVERS,
    summary:
      'Retrieve array of EmailDispatchReceivers with ids created after the provided lastId. A maximum of around 1000 are returned - so if you get 1000 or more back you should ask again with your new lastId',
    query: z.object({ lastId: queryInt() }),
    match: { query: ['lastId'] },
    response: z.array(readEmailDispatchReceiver),
    pagination: { style: 'lastId', cursor: 'lastId', idField: 'Id', items: '', maxSize: PAGE_SIZE },
    retrySafe: true,
  },
  'emailDispatchReceivers.get': {
    method: 'GET',
    path: RECEIVERS,
    summary: 'Retrieve a EmailDispatchReceiver with matching email dispatch id and contact id',
    query: z.object({ emailDispatchId: queryInt(), contactId: queryInt() }),
    match: { query: ['emailDispatchId', 'contactId'] },
    response: readEmailDispatchReceiver,
    errors: ['notFound'],
    retrySafe: true,
  },
  'emailBuilderCampaigns.create': {
    method: 'POST',
    path: CAMPAIGNS,
    summary: 'Create an Email Builder Campaign',
    body: createEmailBuilderCampaign,
    response: readEmailBuilderCampaign,
    errors: ['invalidEmailTemplate'],
    retrySafe: false,
  },
  'emailBuilderCampaigns.cancel': {
    method: 'POST',
    path: `${CAMPAIGNS}/{id}/Cancel`,
    summary: 'Cancel a scheduled EmailBuilderCampaign',
    description: 'Its dispatch is Cancelled, while it has not started sending.',
    params: idParam,
    response: z.undefined(),
    errors: ['notFound', 'invalidOperationOnCampaign'],
    retrySafe: true,
  },
  'emailBuilderCampaigns.addBlock': {
    method: 'POST',
    path: `${CAMPAIGNS}/{id}/AddBlock`,
    summary: 'Add an Email Builder Block to an Email Builder Campaign',
    description: 'While the campaign is not scheduled. A condition names a contact field.',
    params: idParam,
    body: createBlock,
    response: readBlock,
    errors: ['notFound', 'invalidBlock', 'invalidField', 'invalidOperationOnCampaign'],
    retrySafe: false,
  },
  'emailBuilderCampaigns.schedule': {
    method: 'POST',
    path: `${CAMPAIGNS}/{id}/Schedule`,
    summary: 'Schedule an Email Builder Campaign',
    description:
      'Makes the campaign’s dispatch (EmailDispatches shows it): to the contacts in the included segments (all contacts without) and none of the excluded.',
    params: idParam,
    body: scheduleCampaign,
    response: z.undefined(),
    errors: ['notFound', 'invalidOperationOnCampaign'],
    retrySafe: false,
  },
} as const satisfies Record<string, OperationDef>
