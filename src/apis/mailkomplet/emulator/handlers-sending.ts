/** Handlers of transactional e-mails and SMS, and of sale coupons. */
import { created, noBody, notFound } from './answers.ts'
import * as coupons from './coupons.ts'
import { sim, type MkHandlers } from './handlers-audience.ts'
import { pageOf, within } from './store.ts'
import { sendEmails, sendSms } from './transactional.ts'

export const sendingHandlers = {
  'transactionalEmails.list': ({ query: q }, { state }) => {
    const part = q.toAddress?.toLowerCase()
    const emails = state.data.transactionalEmails.filter(
      (e) =>
        (q.emailId === undefined || e.emailId === q.emailId) &&
        within(e.created, q.createdFrom, q.createdTo) &&
        (part === undefined || e.toAddress.toLowerCase().includes(part)) &&
        (q.state === undefined || e.state === q.state) &&
        (q.isOpened === undefined || (e.opened !== null) === q.isOpened) &&
        (q.isClicked === undefined || (e.clicked !== null) === q.isClicked) &&
        (q.guid === undefined || e.guid.toLowerCase() === q.guid.toLowerCase()) &&
        (q.tags === undefined ||
          (e.tags ?? '')
            .split(/[,;]/)
            .map((t) => t.trim())
            .includes(q.tags)),
    )
    return pageOf(
      emails.map(({ campaignId, trackOpens, trackClicks, links, ...wire }) => {
        void [campaignId, trackOpens, trackClicks, links]
        return wire
      }),
      q,
    )
  },
  // 200, never 201: the best-known client counts anything else as a failure (reference §4.2)
  'transactionalEmails.send': ({ body }, ctx) => ({ data: sendEmails(sim(ctx), body.email) }),
  'transactionalEmails.listOpens': ({ query: q }, { state }) =>
    pageOf(
      state.data.transactionalOpens.filter(
        (o) =>
          (q.openId === undefined || o.openId === q.openId) &&
          (q.emailId === undefined || o.emailId === q.emailId) &&
          within(o.created, q.from, q.to),
      ),
      q,
    ),
  'transactionalEmails.listClicks': ({ query: q }, { state }) =>
    pageOf(
      state.data.transactionalClicks.filter(
        (c) =>
          (q.clickId === undefined || c.clickId === q.clickId) &&
          (q.emailId === undefined || c.emailId === q.emailId) &&
          within(c.created, q.from, q.to),
      ),
      q,
    ),
  'transactionalEmails.bounceInfo': ({ query }, { state }) => {
    if (!state.data.transactionalEmails.some((e) => e.emailId === query.emailId))
      throw notFound(`transactional email ${query.emailId}`)
    return {
      data: state.data.deliveryInfos
        .filter((d) => d.emailId === query.emailId)
        .map(({ bounceTypeId, ...info }) => {
          void bounceTypeId
          return info
        }),
    }
  },

  'transactionalSms.list': ({ query: q }, { state }) =>
    pageOf(
      state.data.sms.filter(
        (s) =>
          (q.smsId === undefined || s.smsId === q.smsId) &&
          within(s.created, q.createdFrom, q.createdTo) &&
          (q.to === undefined || s.to.includes(q.to.replace(/\s+/g, ''))) &&
          (q.guid === undefined || s.guid.toLowerCase() === q.guid.toLowerCase()),
      ),
      q,
      false,
    ),
  'transactionalSms.send': ({ body }, ctx) => ({ data: sendSms(sim(ctx), body.sms) }),

  'saleCouponGroups.list': ({ query }, { state }) => pageOf(state.data.couponGroups, query, false),
  'saleCouponGroups.create': ({ body }, { state }) =>
    created({ couponGroupId: coupons.createGroup(state, body).couponGroupId }),
  'saleCouponGroups.update': ({ body }, { state }) => coupons.updateGroup(state, body),
  'saleCouponGroups.delete': ({ query }, { state }) => {
    coupons.deleteGroup(state, query.id)
    return noBody()
  },

  'saleCoupons.list': ({ query: q }, { state }) => {
    const code = q.coupon?.toLowerCase()
    return pageOf(
      state.data.coupons.filter(
        (c) =>
          (q.couponGroupId === undefined || c.couponGroupId === q.couponGroupId) &&
          (code === undefined || c.coupon.toLowerCase() === code) &&
          (q.sent === undefined || (c.sent !== null) === q.sent),
      ),
      q,
      false,
    )
  },
  'saleCoupons.create': ({ body }, { state, now }) => {
    coupons.addCoupons(state, body, now)
    return noBody(201)
  },
  'saleCoupons.delete': ({ params }, { state }) => {
    coupons.deleteCoupon(state, params.id)
    return noBody()
  },
} satisfies Partial<MkHandlers>
