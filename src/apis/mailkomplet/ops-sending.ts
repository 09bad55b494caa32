/** The sending operations (transactional e-mails and SMS) and the sale coupons. */
import { z } from 'zod'
import { textInt } from '../../core/schema.ts'
import { defineOps } from './define.ts'
import {
  coupon,
  couponGroup,
  couponGroupInput,
  couponGroupUpdate,
  couponsInput,
} from './schemas-coupons.ts'
import {
  bounceInfo,
  sendEmailInput,
  sendSmsInput,
  sentEmail,
  sentSms,
  transactionalClick,
  transactionalEmail,
  transactionalOpen,
  transactionalSms,
} from './schemas-transactional.ts'
import { timeInput } from './time.ts'
import { empty, page, pagination, paging, queryBool, queryId, wrapped } from './schemas.ts'

const window = {
  from: timeInput.optional().describe('date of creation from'),
  to: timeInput.optional().describe('date of creation to'),
}

export const sendingOps = defineOps({
  'transactionalEmails.list': {
    method: 'GET',
    path: '/transactionalEmails',
    summary:
      'Returns a list of transactional emails which are available based on chosen parameters.',
    query: z.object({
      emailId: queryId('ID of a transactional email').optional(),
      createdFrom: timeInput.optional().describe('Date of creation from'),
      createdTo: timeInput.optional().describe('Date of creation to'),
      toAddress: z.string().max(254).optional().describe('recipient (a part will do)'),
      state: textInt({ min: 1, max: 99 }).optional().describe('state (README.md)'),
      isOpened: queryBool('only opened emails').optional(),
      isClicked: queryBool('only clicked emails').optional(),
      guid: z.string().max(64).optional().describe('Transactional email GUID'),
      tags: z.string().max(200).optional().describe('Tags'),
      ...paging,
    }),
    response: page(transactionalEmail),
    pagination: pagination(),
    retrySafe: true,
  },
  'transactionalEmails.send': {
    method: 'POST',
    path: '/transactionalEmails',
    summary: 'Sending a transactional email.',
    description:
      'Answers 200 (the best-known client takes any other status as a failure). A recipient on the exclude list is not mailed; `[[coupon:<groupId>]]` in the body draws a coupon of that group for each recipient (assumed).',
    body: sendEmailInput,
    response: wrapped(z.array(sentEmail)),
    unwrap: 'data',
    errors: ['badRequest', 'tooLarge'],
    retrySafe: false,
    examples: {
      summary: "The seed's example",
      body: {
        email: {
          fromAddress: 'jan@webkomplet.cz',
          fromDisplayName: 'Mail Komplet',
          to: [
            {
              address: 'jana@webkomplet.cz',
              variables: {
                nothingVariable1: 'variable text 1 for this email',
                nothingHtml: 'Hi, dear recipient',
              },
            },
          ],
          subject: 'Your first email message.',
          bodyHtml: 'Hello world.',
          bodyText: 'Hello world.',
          attachments: [
            { contentType: 'text/plain', name: 'file.txt', content: 'VGhpcyBpcyB0ZXN0' },
          ],
          variables: {
            nothingVariable: 'variable text 1 fro all emails',
            nothingText: 'text 1 fro all emails',
          },
          trackOpens: true,
          trackClicks: true,
          campaignId: 2525,
        },
      },
      response: {
        data: [{ email: 'jan@webkomplet.cz', guid: '2a84821c-2344-ea11-aeff-00155d012d0b' }],
      },
    },
  },
  'transactionalEmails.listOpens': {
    method: 'GET',
    path: '/transactionalEmails/opens',
    summary:
      "Returns a list of transactional emails's open rate which is available based on specified p",
    query: z.object({
      openId: queryId('ID of an open').optional(),
      emailId: queryId('ID of a transactional email').optional(),
      ...window,
      ...paging,
    }),
    response: page(transactionalOpen),
    pagination: pagination(),
    retrySafe: true,
  },
  'transactionalEmails.listClicks': {
    method: 'GET',
    path: '/transactionalEmails/clicks',
    summary:
      'Returns a list of clicks of transactional emails which are available based on chosen param',
    query: z.object({
      clickId: queryId('ID of a click').optional(),
      emailId: queryId('ID of a transactional email').optional(),
      ...window,
      ...paging,
    }),
    response: page(transactionalClick),
    pagination: pagination(),
    retrySafe: true,
  },
  'transactionalEmails.bounceInfo': {
    method: 'GET',
    path: '/transactionalEmails/bounceInfo',
    summary: 'Returns an object with bounce info for transactional email, specified via emailId',
    query: z.object({ emailId: queryId('ID of a transactional email') }),
    response: wrapped(z.array(bounceInfo)),
    unwrap: 'data',
    retrySafe: true,
  },

  'transactionalSms.list': {
    method: 'GET',
    path: '/transactionalSms',
    summary: 'Returns a list of transactional SMS which are available based on chosen parameters.',
    query: z.object({
      smsId: queryId('ID of a transactional SMS').optional(),
      createdFrom: timeInput.optional().describe('date of creation from'),
      createdTo: timeInput.optional().describe('date of creation to'),
      to: z.string().max(30).optional().describe('number of a recipient (a part will do)'),
      guid: z.string().max(64).optional().describe('GUID returned when the SMS was sent'),
      ...paging,
    }),
    response: page(transactionalSms),
    pagination: pagination(false),
    retrySafe: true,
  },
  'transactionalSms.send': {
    method: 'POST',
    path: '/transactionalSms',
    summary: 'Sending a transactional SMS.',
    body: sendSmsInput,
    response: wrapped(z.array(sentSms)),
    unwrap: 'data',
    errors: ['badRequest'],
    retrySafe: false,
  },

  // --- /saleCouponGroups: create and update share POST, told apart by couponGroupId -------
  'saleCouponGroups.list': {
    method: 'GET',
    path: '/saleCouponGroups',
    summary: 'Returns sale coupon groups.',
    query: z.object({ ...paging }),
    response: page(couponGroup),
    pagination: pagination(false),
    retrySafe: true,
  },
  'saleCouponGroups.create': {
    method: 'POST',
    path: '/saleCouponGroups',
    summary: 'Creates a new sale coupon group.',
    body: couponGroupInput,
    response: z.object({ couponGroupId: z.number().int() }),
    status: 201,
    errors: ['badRequest'],
    retrySafe: false,
    examples: {
      summary: "The seed's example",
      body: { color: '#3E50B4', name: 'treti' },
      response: { couponGroupId: 4 },
    },
  },
  'saleCouponGroups.update': {
    method: 'POST',
    path: '/saleCouponGroups',
    summary: 'Updates a sale coupons group.',
    body: couponGroupUpdate,
    match: { query: [], body: ['couponGroupId'] },
    response: z.object({ couponGroupId: z.number().int() }),
    errors: ['badRequest'],
    retrySafe: true,
  },
  'saleCouponGroups.delete': {
    method: 'DELETE',
    path: '/saleCouponGroups',
    summary: 'Deletes a sale coupons group from your account',
    query: z.object({ id: queryId('ID of a sale coupon group') }),
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },

  'saleCoupons.list': {
    method: 'GET',
    path: '/saleCoupons',
    summary: 'Returns sale coupons which are available based on chosen parameters.',
    query: z.object({
      couponGroupId: queryId('ID of a sale coupon group').optional(),
      coupon: z.string().max(100).optional().describe('Name of sale coupon'),
      sent: queryBool('only sent / not sent coupons').optional(),
      ...paging,
    }),
    response: page(coupon),
    pagination: pagination(false),
    retrySafe: true,
  },
  'saleCoupons.create': {
    method: 'POST',
    path: '/saleCoupons',
    summary: 'Creates new sale coupons.',
    description: 'A code already in the group is refused with 400, the whole call unchanged.',
    body: couponsInput,
    response: empty,
    status: 201,
    errors: ['badRequest'],
    retrySafe: false,
  },
  'saleCoupons.delete': {
    method: 'DELETE',
    path: '/saleCoupons/{id}',
    summary: 'Deletes a sale coupon based on an ID',
    params: z.object({ id: textInt({ min: 1 }).describe('sale coupon ID') }),
    response: empty,
    errors: ['badRequest'],
    retrySafe: true,
  },
})
