/** One async iterator per pagination style; the operation record names the fields. */
import type { Pagination } from './operation.ts'

type Input = Record<string, unknown>
type FetchPage = (input: Input) => Promise<unknown>

export class Paginator<T> implements AsyncIterable<T> {
  constructor(
    private readonly style: Pagination,
    private readonly fetchPage: FetchPage,
    private readonly input: Input,
    private readonly mapItem: (item: unknown) => T = (item) => item as T,
  ) {}

  /** The same pages, each item passed through `fn` (a vendor's wire record to a parsed one). */
  map<U>(fn: (item: T) => U): Paginator<U> {
    return new Paginator(this.style, this.fetchPage, this.input, (item) => fn(this.mapItem(item)))
  }

  /** Every page's payload, in order. */
  async *pages(): AsyncGenerator<unknown> {
    const s = this.style
    const input = { ...this.input }
    if (s.style === 'page') {
      let page = Number(input[s.page] ?? s.firstPage ?? 1)
      // above the maximum a vendor refuses or quietly sends fewer: either way ask for at most it
      const size = Math.min(Number(input[s.size] ?? s.maxSize), s.maxSize)
      for (;;) {
        const payload = await this.fetchPage({ ...input, [s.page]: page, [s.size]: size })
        yield payload
        const count = itemsOf(payload, s.items).length
        const total = s.totalPages ? Number(getPath(payload, s.totalPages)) : NaN
        const last = Number.isFinite(total) ? page - (s.firstPage ?? 1) + 1 >= total : count < size
        if (count === 0 || last) return
        page++
      }
    }
    if (s.style === 'offset') {
      let offset = Number(input[s.offset] ?? 0)
      const limit = Math.min(Number(input[s.limit] ?? s.maxSize), s.maxSize)
      for (;;) {
        const payload = await this.fetchPage({ ...input, [s.offset]: offset, [s.limit]: limit })
        yield payload
        const count = itemsOf(payload, s.items).length
        offset += count
        const total = s.total ? Number(getPath(payload, s.total)) : NaN
        if (count === 0 || count < limit || offset >= total) return
      }
    }
    if (s.style === 'lastId') {
      let cursor = input[s.cursor]
      // without a size parameter the vendor's fixed page (maxSize): a shorter one is the last
      const size = s.size ? Number(input[s.size] ?? s.maxSize) : s.maxSize
      for (;;) {
        const sized = s.size && size !== undefined ? { [s.size]: size } : {}
        const payload = await this.fetchPage({ ...input, ...sized, [s.cursor]: cursor })
        yield payload
        const items = itemsOf(payload, s.items)
        if (items.length === 0 || (size !== undefined && items.length < size)) return
        const next = getPath(items[items.length - 1], s.idField)
        if (next === undefined || next === cursor) return
        cursor = next
      }
    }
  }

  /**
   * Every item, page after page. Written out rather than as an async generator: a generator's
   * `yield` costs a few promise turns per item, about 1 µs, as much as a request's own overhead
   * on a page of 1000 (bench/loyaltii-client.bench.ts); here an item of a page already read is
   * one resolved promise.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    const pages = this.pages()
    let items: unknown[] = []
    let next = 0
    const fill = async (): Promise<IteratorResult<T>> => {
      for (;;) {
        const page = await pages.next()
        if (page.done) return { value: undefined, done: true }
        items = itemsOf(page.value, this.style.items)
        next = 0
        if (items.length) return { value: this.mapItem(items[next++]), done: false }
      }
    }
    return {
      next: () =>
        next < items.length
          ? Promise.resolve({ value: this.mapItem(items[next++]), done: false })
          : fill(),
      // a caller that stops early (`break`, `toArray({limit})`) closes the pages too
      return: async () => {
        items = []
        await pages.return(undefined)
        return { value: undefined, done: true }
      },
    }
  }

  /** Collects the items, stopping after `limit` when given. */
  async toArray({ limit = Infinity }: { limit?: number } = {}): Promise<T[]> {
    const out: T[] = []
    if (limit <= 0) return out
    for await (const item of this) {
      out.push(item)
      if (out.length >= limit) break
    }
    return out
  }
}

function itemsOf(payload: unknown, path: string): unknown[] {
  const items = getPath(payload, path)
  return Array.isArray(items) ? items : []
}

/** `a.b.c` into nested objects; `''` is the value itself. */
export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value
  // one key (an envelope's `data`) is the common case: no split per answer
  if (!path.includes('.'))
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)[path]
      : undefined
  let current = value
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}
