/**
 * The mass-mailing operations: templates, campaigns (both list forms), dispatchers, generator
 * executions and marketing e-mails with their opens and clicks.
 */
import { z } from 'zod'
import { textInt } from '../../core/schema.ts'
import { defineOps } from './define.ts'
import {
  campaignDetail,
  campaignInput,
  campaignListItem,
  campaignUpdate,
  dispatcher,
  generatorExecution,
  marketingClick,
  marketingEmail,
  marketingOpen,
  template,
} from './schemas-mailing.ts'
import { empty, page, pagination, paging, queryBool, queryId, wrapped } from './schemas.ts'

const byExecution = z.object({
  generatorExecutionId: queryId('ID of a generator execution'),
  ...paging,
})

export const mailingOps = defineOps({
  'templates.list': {
    method: 'GET',
    path: '/templates',
    summary: 'Returns available templates in your account.',
    query: z.object({ templateId: queryId('ID of a template').optional(), ...paging }),
    response: page(template),
    pagination: pagination(),
    retrySafe: true,
  },

  // --- /campaigns: one path, two reads told apart by campaignId ----------------------------
  'campaigns.list': {
    method: 'GET',
    path: '/campaigns',
    summary: 'Returns available campaigns in your account.',
    query: z.object({
      campaignGroupId: queryId('campaign group the campaigns belong to').optional(),
      name: z.string().max(250).optional().describe('part of a campaign name'),
      ...paging,
    }),
    response: page(campaignListItem),
    pagination: pagination(),
    retrySafe: true,
  },
  'campaigns.get': {
    method: 'GET',
    path: '/campaigns',
    summary: 'Returns campaign detail for given campaign ID.',
    query: z.object({ campaignId: queryId('ID of a campaign you want to get') }),
    match: { query: ['campaignId'] },
    response: wrapped(campaignDetail),
    unwrap: 'data',
    retrySafe: true,
    examples: {
      summary: "The seed's example answer",
      query: { campaignId: '30264' },
      response: {
        data: {
          campaignId: 30264,
          campaignGroupId: null,
          name: 'odhlaseni 2',
          description: null,
          webTrackParam: null,
          senderDisplayName: 'Sender name',
          senderEmail: 'sender@webkomplet.cz',
          mailFromDisplayName: 'Mail from name',
          mailFromAddress: 'mail.from@webkomplet.cz',
          replyToDisplayName: null,
          replyToAddress: null,
          insertTrackingImage: true,
          ignoreExcludeList: false,
          autoLinkTracking: true,
          unsubscribeTypeId: 2,
          dispatcherId: 1858,
          templateId: 103111,
          useWysiwyg: true,
          campaignType: 1,
        },
      },
    },
  },
  'campaigns.create': {
    method: 'POST',
    path: '/campaigns',
    summary: 'Creates new campaing in the system',
    body: campaignInput,
    response: z.object({ campaignId: z.number().int() }),
    status: 201,
    errors: ['badRequest'],
    retrySafe: false,
  },
  'campaigns.update': {
    method: 'PUT',
    path: '/campaigns/{campaignId}',
    summary:
      'Updates an already created campaign. Replace the variable {campaignId} in URL with an ID o',
    params: z.object({ campaignId: textInt({ min: 1 }).describe('campaign ID') }),
    body: campaignUpdate,
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },
  'campaigns.delete': {
    method: 'DELETE',
    path: '/campaigns',
    summary: 'Deletes a campaign based on an ID',
    query: z.object({ id: queryId('ID of a campaign you want to delete') }),
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },

  'dispatchers.list': {
    method: 'GET',
    path: '/dispatchers',
    summary: 'Returns domain redirects which are available in your account.',
    query: z.object({ dispatcherId: queryId('ID of a domain redirect').optional(), ...paging }),
    response: page(dispatcher),
    pagination: pagination(),
    retrySafe: true,
  },

  'generatorExecutions.list': {
    method: 'GET',
    path: '/generatorExecutions',
    summary: 'Returns distributions which are available based on chosen parameters.',
    query: z.object({
      campaignId: queryId('campaign of the distributions').optional(),
      isTesting: queryBool('only testing distributions').optional(),
      status: textInt({ min: 0, max: 99 }).optional().describe('status of the distribution'),
      phase: textInt({ min: 0, max: 99 }).optional().describe('phase of the distribution'),
      ...paging,
    }),
    response: page(generatorExecution),
    pagination: pagination(),
    retrySafe: true,
  },

  // --- /marketingEmails: the list's heading prints …/marketing (README.md) -----------------
  'marketingEmails.list': {
    method: 'GET',
    path: '/marketing',
    summary: 'Returns a list of marketing emails which are available based on chosen parameters.',
    query: byExecution,
    response: page(marketingEmail),
    pagination: pagination(),
    retrySafe: true,
  },
  'marketingEmails.listOpens': {
    method: 'GET',
    path: '/marketingEmails/opens',
    summary: 'Returns all opens actions of marketing emails by distribution',
    query: byExecution,
    response: page(marketingOpen),
    pagination: pagination(),
    retrySafe: true,
  },
  'marketingEmails.listClicks': {
    method: 'GET',
    path: '/marketingEmails/clicks',
    summary: 'Returns all clicks actions of marketing emails by distribution',
    query: byExecution,
    response: page(marketingClick),
    pagination: pagination(),
    retrySafe: true,
  },
})
