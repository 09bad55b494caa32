import { describe, expect, it } from 'vitest'
import { InputError, UnexpectedAnswerError, isRefusal } from '../../src/core/errors.ts'
import type { Pagination } from '../../src/core/operation.ts'
import { Paginator, getPath } from '../../src/core/paginate.ts'

/** A fake list of `total` ids served by the given style's parameters. */
function server(total: number) {
  const calls: Record<string, unknown>[] = []
  const ids = Array.from({ length: total }, (_, i) => i + 1)
  return {
    calls,
    offset: async (input: Record<string, unknown>) => {
      calls.push(input)
      const offset = Number(input.offset)
      return { rows: ids.slice(offset, offset + Number(input.limit)).map((id) => ({ id })), total }
    },
    lastId: async (input: Record<string, unknown>) => {
      calls.push(input)
      const after = Number(input.lastId ?? 0)
      return ids
        .filter((id) => id > after)
        .slice(0, 4)
        .map((id) => ({ id }))
    },
    page: async (input: Record<string, unknown>) => {
      calls.push(input)
      const start = (Number(input.page) - 1) * Number(input.size)
      return { list: ids.slice(start, start + Number(input.size)).map((id) => ({ id })) }
    },
  }
}

describe('Paginator', () => {
  it('walks offset/limit pages and stops at the total', async () => {
    const s = server(7)
    const items = await new Paginator(
      {
        style: 'offset',
        offset: 'offset',
        limit: 'limit',
        items: 'rows',
        total: 'total',
        maxSize: 3,
      },
      s.offset,
      {},
    ).toArray()
    expect(items.map((i) => (i as { id: number }).id)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(s.calls.map((c) => c.offset)).toEqual([0, 3, 6])
  })

  it('follows a lastId cursor until an empty page', async () => {
    const s = server(9)
    const items = await new Paginator(
      { style: 'lastId', cursor: 'lastId', idField: 'id', items: '' },
      s.lastId,
      {},
    ).toArray()
    expect(items).toHaveLength(9)
    expect(s.calls.map((c) => c.lastId)).toEqual([undefined, 4, 8, 9])
  })

  it('without a page count, stops at the first short page', async () => {
    const s = server(5)
    const items = await new Paginator(
      { style: 'page', page: 'page', size: 'size', items: 'list', maxSize: 2 },
      s.page,
      {},
    ).toArray()
    expect(items).toHaveLength(5)
    expect(s.calls.map((c) => c.page)).toEqual([1, 2, 3])
  })

  it('stops early with toArray({limit}) and fetches no more pages than needed', async () => {
    const s = server(100)
    const items = await new Paginator(
      { style: 'page', page: 'page', size: 'size', items: 'list', maxSize: 10 },
      s.page,
      {},
    ).toArray({ limit: 15 })
    expect(items).toHaveLength(15)
    expect(s.calls).toHaveLength(2)
  })

  it('starts from the page the caller gives', async () => {
    const s = server(10)
    const items = await new Paginator(
      { style: 'page', page: 'page', size: 'size', items: 'list', maxSize: 4 },
      s.page,
      { page: 2 },
    ).toArray()
    expect(items.map((i) => (i as { id: number }).id)).toEqual([5, 6, 7, 8, 9, 10])
  })
})

describe('getPath', () => {
  it('reads dotted paths and the value itself for an empty path', () => {
    expect(getPath({ a: { b: [1] } }, 'a.b')).toEqual([1])
    expect(getPath({ a: 1 }, '')).toEqual({ a: 1 })
    expect(getPath({ a: null }, 'a.b')).toBeUndefined()
  })
})

describe('Paginator on a vendor’s fixed lastId page', () => {
  it('stops at a page shorter than maxSize, without asking for an empty one or sending a size', async () => {
    const s = server(9)
    const style = {
      style: 'lastId',
      cursor: 'lastId',
      idField: 'id',
      items: '',
      maxSize: 4,
    } as const
    const items = await new Paginator(style, s.lastId, {}).toArray()
    expect(items).toHaveLength(9)
    expect(s.calls).toEqual([{ lastId: undefined }, { lastId: 4 }, { lastId: 8 }])
  })
})

const ids = (items: unknown[]) => items.map((i) => (i as { id: number }).id)
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i }))
const page = { style: 'page', page: 'page', size: 'size', items: 'list', maxSize: 10 } as const
const offset = {
  style: 'offset',
  offset: 'offset',
  limit: 'limit',
  items: '',
  maxSize: 10,
} as const
const keyset = { style: 'lastId', cursor: 'lastId', idField: 'id', items: '', maxSize: 10 } as const

/** A scripted vendor: each call's input recorded, the answer made from it. */
function vendor(answer: (input: Record<string, unknown>, call: number) => unknown) {
  const calls: Record<string, unknown>[] = []
  return {
    calls,
    fetch: async (input: Record<string, unknown>) => {
      calls.push(input)
      return answer(input, calls.length)
    },
  }
}

/** The items a walk yields before it throws, and what it throws; an endless walk is cut short. */
async function walk(style: Pagination, v: ReturnType<typeof vendor>, input = {}) {
  const items: unknown[] = []
  try {
    for await (const item of new Paginator(style, v.fetch, input)) {
      if (items.push(item) > 500) return { items, error: new Error('still walking at 500 items') }
    }
  } catch (error) {
    return { items, error }
  }
  return { items, error: undefined }
}

describe('Paginator on a vendor that answers the same page again', () => {
  it('stops with an UnexpectedAnswerError when `page` is ignored, not yielding the repeat', async () => {
    const v = vendor(() => ({ list: range(1, 10) }))
    const { items, error } = await walk(page, v)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect((error as Error).message).toMatch(/page 2 repeats the page before/)
    expect(isRefusal(error)).toBe(false)
    expect(ids(items)).toEqual(ids(range(1, 10)))
    expect(v.calls).toHaveLength(2)
  })

  it('names the call it walks', async () => {
    const v = vendor(() => ({ list: range(1, 10) }))
    const things = new Paginator(page, v.fetch, {}, { api: 'shop', operationId: 'things.list' })
    const error = await things.toArray().catch((e: unknown) => e)
    expect(error).toMatchObject({ api: 'shop', operationId: 'things.list', httpStatus: 200 })
    expect((error as Error).message).toMatch(
      /^shop things\.list answered HTTP 200 that is not its documented answer \(list: page 2 repeats/,
    )
  })

  it('does so even when a page count promises a million pages', async () => {
    const v = vendor(() => ({ list: range(1, 10), pages: 1e6 }))
    const { error } = await walk({ ...page, totalPages: 'pages' }, v)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect(v.calls).toHaveLength(2)
  })

  it('stops when `offset` is ignored', async () => {
    const v = vendor(() => range(1, 10))
    const { items, error } = await walk(offset, v)
    expect((error as Error).message).toMatch(/the page at offset 10 repeats the page before/)
    expect(items).toHaveLength(10)
  })

  it('takes a page shifted by an insertion (one item seen twice) as the next page', async () => {
    // newest first: an item placed after page 1 was read pushes page 1's last item onto page 2
    const v = vendor((input, call) => {
      const list = call === 1 ? range(1, 25) : [{ id: 0 }, ...range(1, 25)]
      const start = (Number(input.page) - 1) * 10
      return { list: list.slice(start, start + 10) }
    })
    const { items, error } = await walk(page, v)
    expect(error).toBeUndefined()
    expect(ids(items)).toEqual([...ids(range(1, 10)), ...ids(range(10, 16))])
  })

  it('takes one repeat of a one-item page (the same shift), not two', async () => {
    const once = vendor((input) => ({ list: Number(input.page) < 3 ? [{ id: 1 }] : [] }))
    expect((await walk(page, once, { size: 1 })).error).toBeUndefined()
    const always = vendor(() => ({ list: [{ id: 1 }] }))
    const { error } = await walk(page, always, { size: 1 })
    expect((error as Error).message).toMatch(/page 3 repeats/)
  })
})

describe('Paginator on counts that contradict the items', () => {
  const counted = { ...page, totalPages: 'pages', total: 'total' } as const

  it('does not end at an empty page while the page count says more follow', async () => {
    const v = vendor((input) => ({ list: input.page === 1 ? range(1, 10) : [], pages: 3 }))
    const { error } = await walk({ ...page, totalPages: 'pages' }, v)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect((error as Error).message).toMatch(/page 2 is empty, but pages 3 says more pages follow/)
  })

  it('does not end at an empty page while the total says more follow', async () => {
    const v = vendor((input) => ({ list: input.page === 1 ? range(1, 10) : [], total: 30 }))
    const { error } = await walk({ ...page, total: 'total' }, v)
    expect((error as Error).message).toMatch(/page 2 holds 0 items where 10 were due/)
  })

  it('does not trust a page count of 1 when the total counts more', async () => {
    const v = vendor((input) => ({
      list: range((Number(input.page) - 1) * 10 + 1, 10),
      pages: 1,
      total: 25,
    }))
    const { items, error } = await walk(counted, v)
    expect((error as Error).message).toMatch(
      /page 1 is the last by pages 1, but total 25 counts 15/,
    )
    expect(items).toEqual([])
  })

  it('catches a vendor that caps the page size below what was asked', async () => {
    const v = vendor((input) => {
      const start = (Number(input.page) - 1) * 4
      return { list: range(start + 1, Math.max(0, Math.min(4, 25 - start))), total: 25 }
    })
    const { error } = await walk({ ...page, total: 'total' }, v)
    expect((error as Error).message).toMatch(
      /page 1 holds 4 items where 10 were due \(total 25, size 10\): 21 would be lost/,
    )
  })

  it('catches an offset page short of the total', async () => {
    const v = vendor((input) => ({ rows: Number(input.offset) ? [] : range(1, 10), total: 12 }))
    const { error } = await walk({ ...offset, items: 'rows', total: 'total' }, v)
    expect((error as Error).message).toMatch(/the page at offset 10 holds 0 items where 2 were due/)
  })

  it('never asks past the total: a full last page ends the walk', async () => {
    const v = vendor((input) => ({
      list: range((Number(input.page) - 1) * 10 + 1, 10),
      total: 20,
    }))
    const { items, error } = await walk({ ...page, total: 'total' }, v)
    expect(error).toBeUndefined()
    expect(items).toHaveLength(20)
    expect(v.calls.map((c) => c.page)).toEqual([1, 2])
  })

  it('walks a list that grows and shrinks while it is walked', async () => {
    // 25 items; one placed at the front after page 1 (a repeat follows), then 4 read ones deleted
    let list = range(1, 25)
    const v = vendor((input, call) => {
      if (call === 2) list = [{ id: 0 }, ...list]
      if (call === 3) list = list.filter((i) => i.id > 3)
      const start = (Number(input.page) - 1) * 10
      return {
        list: list.slice(start, start + 10),
        total: list.length,
        pages: Math.ceil(list.length / 10),
      }
    })
    const { items, error } = await walk(counted, v)
    expect(error).toBeUndefined()
    // (the deletion shifts 20 to 23 back onto page 2, already read: paging by number cannot see them)
    expect(ids(items)).toEqual([...ids(range(1, 10)), ...ids(range(10, 10)), 24, 25])
  })

  it('reads an empty list and a page past the last as the end', async () => {
    const empty = vendor(() => ({ list: [], total: 0, pages: 0 }))
    expect(await walk(counted, empty)).toEqual({ items: [], error: undefined })
    const past = vendor(() => ({ list: [], total: 5, pages: 1 }))
    expect(await walk(counted, past, { page: 4 })).toEqual({ items: [], error: undefined })
  })
})

describe('Paginator on a lastId cursor that does not move on', () => {
  it('stops when the cursor is ignored, before yielding the page again', async () => {
    const v = vendor(() => range(1, 10))
    const { items, error } = await walk(keyset, v, { lastId: 0 })
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect((error as Error).message).toMatch(/the page after lastId 10: 1 is not above 10/)
    expect(items).toHaveLength(10)
  })

  it('stops when the cursor goes back, rather than following it', async () => {
    const v = vendor((input) => {
      const after = Number(input.lastId)
      return after === 10 ? [...range(11, 9), { id: 3 }] : range(after + 1, 10)
    })
    const { items, error } = await walk(keyset, v, { lastId: 0 })
    expect((error as Error).message).toMatch(/3 is not above 19, the id before it/)
    expect(items).toHaveLength(10)
    expect(v.calls).toHaveLength(2)
  })

  it.each([null, 'abc', 10.5, undefined])(
    'takes a last id of %j as the answer’s fault, not the record’s',
    async (bad) => {
      const v = vendor(() => [...range(1, 9), { id: bad }])
      const { items, error } = await walk(keyset, v, { lastId: 0 })
      expect(error).toBeInstanceOf(UnexpectedAnswerError)
      expect(isRefusal(error)).toBe(false)
      expect((error as UnexpectedAnswerError).issues[0]!.path).toEqual(['9', 'id'])
      expect(items).toEqual([])
    },
  )

  it('turns a cursor from the answer that the input schema refuses into the answer’s fault', async () => {
    const tooBig = (input: Record<string, unknown>) => {
      if (Number(input.lastId) > 2 ** 31 - 1)
        throw new InputError('shop', 'things.list', [
          { path: ['query', 'lastId'], message: 'Too big' },
        ])
      return [...range(1, 9), { id: 2 ** 31 }]
    }
    const v = vendor(tooBig)
    const { items, error } = await walk(keyset, v, { lastId: 0 })
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect((error as Error).message).toMatch(
      /the last id of a page, 2147483648, cannot be sent back/,
    )
    expect(items).toHaveLength(10)
    // the caller's own cursor refused stays the caller's
    const own = await walk(keyset, vendor(tooBig), { lastId: 2 ** 31 })
    expect(own.error).toBeInstanceOf(InputError)
  })
})
