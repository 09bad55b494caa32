import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { OperationDef } from '../../src/core/operation.ts'
import { buildRequest } from '../../src/core/request.ts'

describe('lists in the query', () => {
  const op = (queryLists?: 'indexed' | 'repeat'): OperationDef => ({
    method: 'GET',
    path: '/count',
    summary: 'count',
    query: z.object({ s: z.array(z.number()), t: z.string().optional() }),
    ...(queryLists ? { queryLists } : {}),
    response: z.number(),
    retrySafe: true,
  })
  const search = (lists?: 'indexed' | 'repeat') =>
    decodeURIComponent(
      buildRequest('toy', 'count', op(lists), 'https://x.test', { s: [3, 1], t: 'a' }, true).url
        .search,
    )

  it('repeats a list field by default, and indexes it as ASP.NET does when the record says so', () => {
    expect(search()).toBe('?s=3&s=1&t=a')
    expect(search('repeat')).toBe('?s=3&s=1&t=a')
    expect(search('indexed')).toBe('?s[0]=3&s[1]=1&t=a')
  })
})
