import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineApi, pathParamNames, type OperationDef } from '../../src/core/operation.ts'

const api = (operations: Record<string, OperationDef>) =>
  defineApi({
    name: 't',
    title: 'T',
    seed: 'test',
    baseUrl: 'https://t.example',
    auth: { type: 'bearer' },
    secrets: {},
    errorBody: z.object({}),
    errors: { known: { status: 400, code: 'E1', message: 'm' } },
    operations,
  })
const op = (extra: Partial<OperationDef>): OperationDef => ({
  method: 'GET',
  path: '/x',
  summary: 's',
  response: z.unknown(),
  retrySafe: true,
  ...extra,
})

describe('defineApi', () => {
  it('accepts a consistent definition unchanged', () => {
    const operations = { 'things.list': op({}) }
    expect(api(operations).operations).toBe(operations)
  })

  it.each([
    ['an id that is not resource.verb', { list: op({}) }, /resource\.verb/],
    [
      'path parameters missing from params',
      { 'a.get': op({ path: '/a/{id}' }) },
      /path parameters/,
    ],
    [
      'a key in two places',
      {
        'a.get': op({
          path: '/a/{id}',
          params: z.object({ id: z.string() }),
          query: z.object({ id: z.string() }),
        }),
      },
      /two places/,
    ],
    ['two operations on one route', { 'a.list': op({}), 'a.find': op({}) }, /same route/],
    ['an error not in the table', { 'a.list': op({ errors: ['E999'] }) }, /error table/],
  ])('refuses %s', (_, operations, message) => {
    expect(() => api(operations)).toThrow(message)
  })

  it('allows operations on one route told apart by their query parameters', () => {
    expect(() =>
      api({
        'a.byEmail': op({ match: { query: ['email'] } }),
        'a.byPhone': op({ match: { query: ['phone'] } }),
      }),
    ).not.toThrow()
  })
})

describe('pathParamNames', () => {
  it('lists template parameters in order', () => {
    expect(pathParamNames('/group/{group_id}/member/{email}')).toEqual(['group_id', 'email'])
  })
})
