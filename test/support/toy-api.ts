/** A small API definition that exercises every core mechanism without any vendor's rules. */
import { z } from 'zod'
import { defineApi } from '../../src/core/operation.ts'
import type { VendorProtocol } from '../../src/core/transport.ts'
import { dateText, textInt } from '../../src/core/schema.ts'

const item = z.object({ id: z.number().int(), name: z.string() })

export const toyApi = defineApi({
  name: 'toy',
  title: 'Toy',
  seed: 'test',
  baseUrl: 'https://toy.example/v1',
  auth: { type: 'apiKey', in: 'query', name: 'key' },
  secrets: { query: ['key'] },
  unwrap: 'data',
  errorBody: z.object({ error: z.string() }),
  errors: {
    notFound: { status: 404, code: 'E404', message: 'not found', general: true },
    tooMany: { status: 400, code: 'E400', message: 'too many' },
  },
  operations: {
    'items.list': {
      method: 'GET',
      path: '/items',
      summary: 'List items',
      query: z.object({
        page: textInt({ min: 1 }).optional(),
        size: textInt({ max: 3 }).optional(),
        since: dateText('dd-mm-yyyy').optional(),
      }),
      response: z.object({ data: z.object({ pages: z.number(), items: z.array(item) }) }),
      pagination: {
        style: 'page',
        page: 'page',
        size: 'size',
        items: 'items',
        totalPages: 'pages',
        maxSize: 3,
      },
      retrySafe: true,
    },
    'items.get': {
      method: 'GET',
      path: '/items/{id}',
      summary: 'Get an item',
      params: z.object({ id: z.string() }),
      response: z.object({ data: item }),
      retrySafe: true,
    },
    'items.add': {
      method: 'POST',
      path: '/items',
      summary: 'Add items',
      body: z.array(z.object({ name: z.string() })).max(2),
      response: z.object({ data: z.array(item) }),
      errors: ['tooMany'],
      limits: { maxItems: 2 },
      batch: { items: 'body' },
      retrySafe: false,
    },
    'items.rename': {
      method: 'POST',
      path: '/items/{id}/rename',
      summary: 'Rename an item',
      params: z.object({ id: z.string() }),
      body: z.object({ name: z.string(), tags: z.array(z.string()).optional() }),
      encodings: ['form', 'json'],
      response: z.object({ data: item }),
      retrySafe: true,
    },
  },
})

/** The toy API's credentials and error reading: a key in the query, `{error, code}` bodies. */
export const toyProtocol: VendorProtocol = {
  authorize: (request) => request.url.searchParams.set('key', 'secret-key'),
  read: (status, body) => ({
    error: status >= 400,
    code: (body as { code?: string } | undefined)?.code,
    message: (body as { error?: string } | undefined)?.error,
  }),
}
