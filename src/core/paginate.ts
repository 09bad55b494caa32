/** One async iterator per pagination style; the operation record names the fields. */
import { InputError, UnexpectedAnswerError, formatIssues } from './errors.ts'
import type { Pagination } from './operation.ts'

type Input = Record<string, unknown>
type FetchPage = (input: Input) => Promise<unknown>

/** The call whose pages are walked, named by the errors a page raises. */
export interface PageContext {
  api: string
  operationId: string
}

const UNNAMED: PageContext = { api: 'unnamed api', operationId: 'paginated operation' }
/** as much of a page as an error shows, like the transport's `bodyStart` */
const PREVIEW_CHARS = 300

/** Which pages came back, for the errors (`page 3`, `the page at offset 200`). */
type Label = (at: unknown) => string

export class Paginator<T> implements AsyncIterable<T> {
  constructor(
    private readonly style: Pagination,
    private readonly fetchPage: FetchPage,
    private readonly input: Input,
    private readonly context: PageContext = UNNAMED,
    private readonly mapItem: (item: unknown) => T = (item) => item as T,
  ) {}

  /** The same pages, each item passed through `fn` (a vendor's wire record to a parsed one). */
  map<U>(fn: (item: T) => U): Paginator<U> {
    return new Paginator(this.style, this.fetchPage, this.input, this.context, (item) =>
      fn(this.mapItem(item)),
    )
  }

  /**
   * Every page's payload, in order. A page is checked before it is yielded: an answer that
   * cannot be the vendor's documented one (a page that repeats the one before, counts that
   * contradict the items, a cursor that does not move on) is an `UnexpectedAnswerError`, never
   * an endless walk or a silent end.
   */
  pages(): AsyncGenerator<unknown> {
    const s = this.style
    return s.style === 'lastId' ? this.keyset(s) : this.numbered(s)
  }

  /** Page numbers or offsets: the vendor says where the list ends, or a short page does. */
  private async *numbered(
    s: Extract<Pagination, { style: 'page' | 'offset' }>,
  ): AsyncGenerator<unknown> {
    const input = { ...this.input }
    const byPage = s.style === 'page'
    const [atKey, sizeKey] = byPage ? [s.page, s.size] : [s.offset, s.limit]
    const firstPage = byPage ? (s.firstPage ?? 1) : 0
    const pagesKey = byPage ? s.totalPages : undefined
    const totalKey = s.total
    let at = Number(input[atKey] ?? firstPage)
    // above the maximum a vendor refuses or quietly sends fewer: either way ask for at most it
    const size = Math.min(Number(input[sizeKey] ?? s.maxSize), s.maxSize)
    // items before this page, from the list's start (what a total counts)
    let read = byPage ? (at - firstPage) * size : at
    const label: Label = (n) => (byPage ? `page ${String(n)}` : `the page at offset ${String(n)}`)
    const repeats = new Repeats()
    for (;;) {
      const payload = await this.fetchPage({ ...input, [atKey]: at, [sizeKey]: size })
      const items = itemsOf(payload, s.items)
      const fail = (path: string, message: string) =>
        this.unexpected(payload, path, `${label(at)} ${message}`)
      if (repeats.seen(items))
        throw fail(s.items, `repeats the page before, as if \`${atKey}\` were ignored`)
      read += items.length
      // A list may change while it is walked: an insertion shifts later pages (an item seen
      // twice), a deletion shrinks the counts. Each answer's counts are compared with its own
      // items, so such a change never raises; a count that contradicts them (an empty or short
      // page where more are due, a last page before the total, a vendor capping the page size
      // below what was asked) cannot be the vendor's answer, and ending there would lose records.
      const pageCount = countAt(payload, pagesKey)
      const total = countAt(payload, totalKey)
      const pagesSayMore = pageCount !== undefined && at - firstPage + 1 < pageCount
      const totalSaysMore = total !== undefined && read < total
      if (items.length < size && totalSaysMore)
        throw fail(
          totalKey!,
          `holds ${items.length} items where ${Math.min(size, total - read + items.length)} were due (${totalKey} ${total}, ${sizeKey} ${size}): ${total - read} would be lost`,
        )
      if (items.length === 0 && pagesSayMore)
        throw fail(pagesKey!, `is empty, but ${pagesKey} ${pageCount} says more pages follow`)
      if (pageCount !== undefined && total !== undefined && pagesSayMore !== totalSaysMore)
        throw fail(
          totalKey!,
          pagesSayMore
            ? `is the last by ${totalKey} ${total}, but ${pagesKey} ${pageCount} says more pages follow`
            : `is the last by ${pagesKey} ${pageCount}, but ${totalKey} ${total} counts ${total - read} more items`,
        )
      yield payload
      const known = pageCount !== undefined || total !== undefined
      // never past a count the vendor gives; without one, a short page is the last
      if (items.length === 0 || (known ? !pagesSayMore && !totalSaysMore : items.length < size))
        return
      at = byPage ? at + 1 : at + items.length
    }
  }

  /**
   * `lastId`: each page the items after the cursor, ascending by id; the last id is the next
   * cursor. An id that is not a whole number above the one before could not move the walk on
   * (the same page again, a cursor going back) or be sent back.
   */
  private async *keyset(s: Extract<Pagination, { style: 'lastId' }>): AsyncGenerator<unknown> {
    const input = { ...this.input }
    let cursor = input[s.cursor]
    // without a size parameter the vendor's fixed page (maxSize): a shorter one is the last
    const size = s.size ? Number(input[s.size] ?? s.maxSize) : s.maxSize
    const sized = s.size && size !== undefined ? { [s.size]: size } : {}
    // the page the cursor came from, and where in it
    let previous: { payload: unknown; path: string } | undefined
    for (;;) {
      const label =
        cursor === undefined
          ? 'the first page'
          : `the page after ${s.cursor} ${JSON.stringify(cursor)}`
      let payload: unknown
      try {
        payload = await this.fetchPage({ ...input, ...sized, [s.cursor]: cursor })
      } catch (error) {
        // the caller's cursor refused is the caller's; one the vendor's answer gave is the answer's
        if (previous !== undefined && error instanceof InputError && names(error, s.cursor))
          throw this.unexpected(
            previous.payload,
            previous.path,
            `the last ${s.idField} of a page, ${JSON.stringify(cursor)}, cannot be sent back as ${s.cursor}: ${formatIssues(error.issues)}`,
          )
        throw error
      }
      const items = itemsOf(payload, s.items)
      const floor = typeof cursor === 'number' || typeof cursor === 'string' ? Number(cursor) : NaN
      let last = Number.isFinite(floor) ? floor : -Infinity
      const pathOf = (i: number) => `${s.items ? `${s.items}.` : ''}${i}.${s.idField}`
      for (let i = 0; i < items.length; i++) {
        const id = getPath(items[i], s.idField)
        if (typeof id !== 'number' || !Number.isSafeInteger(id))
          throw this.unexpected(
            payload,
            pathOf(i),
            `${label}: ${JSON.stringify(id) ?? 'nothing'} is not a whole number that can be sent back as ${s.cursor}`,
          )
        if (id <= last)
          throw this.unexpected(
            payload,
            pathOf(i),
            `${label}: ${id} is not above ${last}${i ? ', the id before it' : ''}: ids come ascending, above the cursor`,
          )
        last = id
      }
      yield payload
      if (items.length === 0 || (size !== undefined && items.length < size)) return
      previous = { payload, path: pathOf(items.length - 1) }
      cursor = last
    }
  }

  /** A page the walk cannot take: the call answered, with something that is not the vendor's list. */
  private unexpected(payload: unknown, path: string, message: string): UnexpectedAnswerError {
    return new UnexpectedAnswerError({
      ...this.context,
      // the page came back as a success; the walk, not the transport, found it wrong
      httpStatus: 200,
      contentType: undefined,
      bodyStart: (JSON.stringify(payload) ?? '').slice(0, PREVIEW_CHARS),
      issues: [{ path: path ? path.split('.') : [], message }],
    })
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

/**
 * Whether a page repeats the one before: as many items, the same first and last. An insertion
 * while a list is walked shifts the next page by one (its first item the last one seen), which
 * repeats a whole page only when a page holds one item: that may happen once in a row.
 */
class Repeats {
  private before: string | undefined
  private inARow = 0

  seen(items: unknown[]): boolean {
    const now = items.length
      ? `${items.length}:${JSON.stringify(items[0])}:${JSON.stringify(items[items.length - 1])}`
      : undefined
    const same = now !== undefined && now === this.before
    this.before = now
    this.inARow = same ? this.inARow + 1 : 0
    return this.inARow > (items.length === 1 ? 1 : 0)
  }
}

/** Whether an input error is about the cursor parameter. */
function names(error: InputError, key: string): boolean {
  return error.issues.some((issue) => issue.path[issue.path.length - 1] === key)
}

/** A count the answer gives at `path`: a whole number, else unknown (the page's items decide). */
function countAt(payload: unknown, path: string | undefined): number | undefined {
  if (path === undefined) return undefined
  const value = getPath(payload, path)
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined
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
