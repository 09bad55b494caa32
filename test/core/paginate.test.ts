import { describe, expect, it } from 'vitest'
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
