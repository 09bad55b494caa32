/** The 10 Orders operations (seed "Orders — Manage orders and orderlines"). */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { queryBool, queryInt } from '../codecs.ts'
import { idParam } from '../schemas/common.ts'
import {
  createOrder,
  createOrderLine,
  patchOrder,
  patchOrderLine,
  readOrder,
  readOrderLine,
} from '../schemas/orders.ts'

const PATH = '/api/v1/Orders'
const lineParams = z.object({
  id: queryInt().describe('the order id'),
  lid: queryInt().describe('the line id'),
})

export const orderOperations = {
  'orders.listByContact': {
    method: 'GET',
    path: PATH,
    summary: 'Retrieve array of orders by contact id.',
    description: 'An empty array for a contact without orders, or an unknown one.',
    query: z.object({
      contactId: queryInt(),
      orderType: z.string().optional().describe('only orders of this type'),
      withOrderLines: queryBool().optional().describe('false: OrderLines null (default true)'),
    }),
    match: { query: ['contactId'] },
    response: z.array(readOrder),
    retrySafe: true,
  },
  'orders.listByExtOrderId': {
    method: 'GET',
    path: PATH,
    summary: 'Retrieve orders by extOrderId',
    query: z.object({ extOrderId: z.string() }),
    match: { query: ['extOrderId'] },
    response: z.array(readOrder),
    retrySafe: true,
  },
  'orders.listTypes': {
    method: 'GET',
    path: `${PATH}/Types`,
    summary: 'Retrieve array of valid order types.',
    response: z.array(z.string()),
    retrySafe: true,
  },
  'orders.get': {
    method: 'GET',
    path: `${PATH}/{id}`,
    summary: 'Retrieve order by id',
    params: idParam,
    response: readOrder,
    errors: ['notFound'],
    retrySafe: true,
  },
  'orders.create': {
    method: 'POST',
    path: PATH,
    summary:
      'Create new order with the specified information. Will return HTTP 400 on missing or invalid orderlines, and on invalid order type.',
    description:
      'PriceTotal is computed: Quantity × Price per line, their sum for the order. Dynamic order and line fields travel as further keys.',
    body: createOrder,
    response: readOrder,
    errors: [
      'invalidOrderType',
      'invalidOrderLines',
      'invalidContact',
      'invalidStore',
      'invalidFieldValue',
    ],
    retrySafe: false,
  },
  'orders.lines.create': {
    method: 'POST',
    path: `${PATH}/{id}/Lines`,
    summary:
      'Create new order line with the specified information. Will return HTTP 404 on missing order and HTTP 400 on invalid order line.',
    params: idParam,
    body: createOrderLine,
    response: readOrderLine,
    errors: ['notFound', 'invalidOrderLine', 'invalidContact', 'invalidFieldValue'],
    retrySafe: false,
  },
  'orders.update': {
    method: 'PATCH',
    path: `${PATH}/{id}`,
    summary: 'Patch order by id, only fields in the request are updated',
    params: idParam,
    body: patchOrder,
    response: readOrder,
    errors: ['notFound', 'invalidOrderType', 'invalidContact', 'invalidStore', 'invalidFieldValue'],
    retrySafe: true,
  },
  'orders.lines.update': {
    method: 'PATCH',
    path: `${PATH}/{id}/Lines/{lid}`,
    summary:
      'Patch order line by id, only fields in the request are updated. Will return HTTP 404 on invalid order or order line ids.',
    params: lineParams,
    body: patchOrderLine,
    response: readOrderLine,
    errors: ['notFound', 'invalidContact', 'invalidFieldValue'],
    retrySafe: true,
  },
  'orders.delete': {
    method: 'DELETE',
    path: `${PATH}/{id}`,
    summary: 'Delete order by id. Will return HTTP 404 on missing order.',
    description: 'Answers the order deleted.',
    params: idParam,
    response: readOrder,
    errors: ['notFound'],
    retrySafe: false,
  },
  'orders.lines.delete': {
    method: 'DELETE',
    path: `${PATH}/{id}/Lines/{lid}`,
    summary:
      'Delete order line. Will return HTTP 404 on missing order or missing order line and HTTP 400 on invalid operation on order (the last order line cannot be deleted, delete order instead).',
    description: 'Answers the line deleted.',
    params: lineParams,
    response: readOrderLine,
    errors: ['notFound', 'invalidOperationOnOrder'],
    retrySafe: false,
  },
} as const satisfies Record<string, OperationDef>
