/**
 * The 18 Points operations (seed "Points — Manage points"): the ledger, reads of it by id, source,
 * period, contact and company, what is computed from it, and the two `SEARCH` calls whose body
 * lists store ids. Ranges are `from` (included) to `to` (left out).
 */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { dateTimeInput, queryInt } from '../codecs.ts'
import { idParam } from '../schemas/common.ts'
import {
  PAGE_SIZE,
  createPoint,
  readPoint,
  readPointCompanySum,
  readPointStoreSum,
  readPointSum,
  readPointTotal,
  storeIds,
} from '../schemas/points.ts'

const PATH = '/api/v1/Points'
const points = z.array(readPoint)
const type = z.string().describe('point type (Points/Types)')
const from = dateTimeInput().describe('from this moment, included')
const to = dateTimeInput().describe('to this moment, left out')

export const pointOperations = {
  'points.list': {
    method: 'GET',
    path: PATH,
    summary:
      'Retrieve array of points with id higher than provided lastId and with optional specified type. A maximum of 1000 points are returned',
    query: z.object({ lastId: queryInt(), type: type.optional() }),
    match: { query: ['lastId'] },
    response: points,
    pagination: { style: 'lastId', cursor: 'lastId', idField: 'Id', items: '', maxSize: PAGE_SIZE },
    retrySafe: true,
  },
  'points.listBySource': {
    method: 'GET',
    path: PATH,
    summary: 'Retrieve array of points with specified source id.',
    query: z.object({ sourceId: z.string(), type: type.optional() }),
    match: { query: ['sourceId'] },
    response: points,
    retrySafe: true,
  },
  'points.listByPeriod': {
    method: 'GET',
    path: PATH,
    summary:
      'Retrieve array of points within the datetime from(including) and to with specified type and (optional) storeId.',
    query: z.object({ type, from, to, storeId: queryInt().optional() }),
    match: { query: ['from', 'to'], any: true },
    response: points,
    retrySafe: true,
  },
  'points.listByContact': {
    method: 'GET',
    path: PATH,
    summary: 'Retrieve array of points for specified contact.',
    query: z.object({
      contactId: queryInt(),
      type: type.optional(),
      datetimeFrom: from.optional(),
      datetimeTo: to.optional(),
    }),
    match: { query: ['contactId'] },
    response: points,
    retrySafe: true,
  },
  'points.listTypes': {
    method: 'GET',
    path: `${PATH}/Types`,
    summary: 'Retrieve array of valid point types.',
    response: z.array(z.string()),
    retrySafe: true,
  },
  'points.totals': {
    method: 'GET',
    path: `${PATH}/Totals`,
    summary: 'Retrieve array of pointtotals.',
    description: 'One total per point type (or only `type`’s), from the whole ledger.',
    query: z.object({ type: type.optional() }),
    response: z.array(readPointTotal),
    retrySafe: true,
  },
  'points.sums': {
    method: 'GET',
    path: `${PATH}/Sums`,
    summary: 'Retrieve array of pointsums for specified contact.',
    query: z.object({ contactId: queryInt(), type: type.optional() }),
    response: z.array(readPointSum),
    retrySafe: true,
  },
  'points.sumsByContact': {
    method: 'GET',
    path: `${PATH}/SumsByContact`,
    summary: 'Retrieve array of pointsums of a specific type of points for all contacts.',
    query: z.object({ type, storeId: queryInt().optional() }),
    response: z.array(readPointSum),
    retrySafe: true,
  },
  'points.sumsByStore': {
    method: 'GET',
    path: `${PATH}/SumsByStore`,
    summary:
      'Retrieve array of pointstoresums of a specific type of points for all stores within an optional timeframe',
    query: z.object({ type, from: from.optional(), to: to.optional() }),
    response: z.array(readPointStoreSum),
    retrySafe: true,
  },
  'points.totalForContact': {
    method: 'GET',
    path: `${PATH}/TotalForContact`,
    summary: 'Retrieve sum of points of a certain type and subtype for specified contact',
    query: z.object({ contactId: queryInt(), type, subType: z.string().optional() }),
    response: z.number(),
    retrySafe: true,
  },
  'points.sumsByContactCompanies': {
    method: 'GET',
    path: `${PATH}/SumsByContactCompanies`,
    summary:
      'Retrieve array of ContactCompany sums within the datetime from(including) and to - with specified type and (optional) storeId.',
    query: z.object({
      type,
      from: from.optional(),
      to: to.optional(),
      storeId: queryInt().optional(),
    }),
    response: z.array(readPointCompanySum),
    retrySafe: true,
  },
  'points.totalForContactCompany': {
    method: 'GET',
    path: `${PATH}/TotalForContactCompany`,
    summary:
      'Retrieve sum for a ContactCompany - within the datetime from (including) and to - with specified type. If no point exist - NULL is returned.',
    query: z.object({
      contactCompanyId: queryInt(),
      type,
      from: from.optional(),
      to: to.optional(),
    }),
    response: z.number().nullable(),
    retrySafe: true,
  },
  'points.listByContactCompany': {
    method: 'GET',
    path: `${PATH}/ByContactCompany`,
    summary:
      'Retrieve array of points for the specified ContactCompany - within the datetime from(including) and to - with specified type and storeId.',
    query: z.object({
      contactCompanyId: queryInt(),
      type: type.optional(),
      from: from.optional(),
      to: to.optional(),
      storeId: queryInt().optional(),
    }),
    response: points,
    retrySafe: true,
  },
  'points.get': {
    method: 'GET',
    path: `${PATH}/{id}`,
    summary: 'Retrieve a point by id',
    params: idParam,
    response: readPoint,
    errors: ['notFound'],
    retrySafe: true,
  },
  'points.create': {
    method: 'POST',
    path: PATH,
    summary:
      'Will create new point for contact with specified information. Will return HTTP 404 if contact with given Id is not found.',
    description:
      'A positive Amount earns, a negative one spends. Sum is the contact’s running total of the type.',
    body: createPoint,
    response: readPoint,
    errors: ['notFound', 'invalidPointType', 'invalidStore', 'invalidContactCompany'],
    retrySafe: false,
  },
  'points.cancel': {
    method: 'POST',
    path: `${PATH}/{id}/Cancel`,
    summary: 'Cancel a point',
    description:
      'Creates the canceller: a point of −Amount with IsCanceller true. The two refer to each other by CancellerPointId. Answers the canceller.',
    params: idParam,
    response: readPoint,
    errors: ['notFound', 'pointCancelled'],
    retrySafe: false,
  },
  'points.searchForStores': {
    method: 'SEARCH',
    path: `${PATH}/ForStores`,
    summary:
      'Retrieve array of points within the datetime from(including) and to with specified type and associated with one of stores in the list.',
    query: z.object({ type, from: from.optional(), to: to.optional() }),
    body: storeIds,
    response: points,
    retrySafe: true,
  },
  'points.searchCompanySumsForStores': {
    method: 'SEARCH',
    path: `${PATH}/SumsForStoresByContactCompanies`,
    summary:
      'Retrieve array of point sums for stores grouped by ContactCompanies within the datetime from (including) and to - with specified type.',
    query: z.object({ type, from: from.optional(), to: to.optional() }),
    body: storeIds,
    response: z.array(readPointCompanySum),
    retrySafe: true,
  },
} as const satisfies Record<string, OperationDef>
