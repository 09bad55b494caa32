import { afterEach, describe, expect, it, vi } from 'vitest'
import { RawJson, spliced, stringify } from '../../src/emulator/json.ts'
import { memoJson, memoRows, type Shows } from '../../src/emulator/memo.ts'

describe('memoJson', () => {
  it('makes the text once and again only when a dependency changes', () => {
    const order = { id: 1, status: 'new' }
    let made = 0
    const make = () => (made++, { ...order })
    const first = memoJson(order, [order.status], make)
    expect(memoJson(order, [order.status], make)).toBe(first)
    order.status = 'shipped'
    const second = memoJson(order, [order.status], make)
    expect(made).toBe(2)
    expect(JSON.parse(second.text)).toEqual({ id: 1, status: 'shipped' })
  })
})

interface Order {
  id: number
  status: string
  extra: { note?: string | undefined; tag?: string }
}

const page = (rows: RawJson | RawJson[]) => JSON.parse(stringify(spliced({ rows }))) as unknown

// the rows' readers are written out as code where it may be made from text, looped where it may
// not: both must find the same changes. Each mode gets its own `shows` (readers are kept by their
// paths), and the looped one runs with `Function` refusing to make code, as under
// --disallow-code-generation-from-strings.
describe.each([
  { mode: 'compiled', shows: ['status', ['extra', 'note']] as Shows<Order>, refuse: false },
  { mode: 'looped', shows: [['extra', 'note'], 'status'] as Shows<Order>, refuse: true },
])('memoRows ($mode)', ({ shows, refuse }) => {
  const orders = (): Order[] =>
    Array.from({ length: 4 }, (_, i) => ({ id: i, status: 'new', extra: { note: `n${i}` } }))
  let made = 0
  const make = (o: Order) => (made++, { ...o })
  const rows = (list: readonly Order[], context?: unknown) => {
    if (refuse)
      vi.stubGlobal('Function', function refused() {
        throw new EvalError('Code generation from strings disallowed for this context')
      })
    try {
      return memoRows(list, shows, make, context)
    } finally {
      vi.unstubAllGlobals()
    }
  }
  afterEach(() => {
    made = 0
  })

  it('answers a page asked for again as one piece, with the same JSON', () => {
    const list = orders()
    const first = rows(list)
    expect(Array.isArray(first)).toBe(true)
    const again = rows([...list])
    expect(again).toBeInstanceOf(RawJson)
    expect(rows(list)).toBe(again)
    expect(made).toBe(4)
    expect(page(again)).toEqual({ rows: list })
    expect(page(again)).toEqual(page(first))
  })

  it('makes a row again when a member it shows changes, and only that row', () => {
    const list = orders()
    rows(list)
    list[2]!.status = 'shipped'
    expect(page(rows(list))).toEqual({ rows: list })
    expect(made).toBe(5)
    list[1]!.extra.note = 'changed'
    expect(page(rows(list))).toEqual({ rows: list })
    list[3]!.extra = {}
    expect(page(rows(list))).toEqual({ rows: list })
    expect(made).toBe(7)
    // a member the row does not list as shown is not looked at
    list[0]!.extra.tag = 'unseen'
    expect(rows(list)).toBeInstanceOf(RawJson)
    expect(made).toBe(7)
  })

  it('makes the page again for other owners, and every row for another context', () => {
    const list = orders()
    rows(list, 'a')
    const other = [list[0]!, list[1]!, { id: 9, status: 'new', extra: {} }]
    expect(page(rows(other, 'a'))).toEqual({ rows: other })
    expect(page(rows(list.slice(0, 3), 'a'))).toEqual({ rows: list.slice(0, 3) })
    made = 0
    rows(list, 'b')
    expect(made).toBe(4)
    expect(rows(list, 'b')).toBeInstanceOf(RawJson)
    expect(rows([], 'b')).toEqual([])
  })
})

describe('memoRows with members whose names need quoting', () => {
  it('reads them as named (a name breaking the code would fail here, not fall back)', () => {
    const odd = 'say "hi" \\ \u2028 ${x} `'
    type Row = { [odd]: string; nested: Record<string, string> }
    const shows: Shows<Row> = [odd, ['nested', odd]]
    const rows: Row[] = [{ [odd]: 'a', nested: { [odd]: 'b' } }]
    const make = (r: Row) => ({ ...r })
    memoRows(rows, shows, make)
    expect(memoRows(rows, shows, make)).toBeInstanceOf(RawJson)
    rows[0]!.nested[odd] = 'c'
    expect(page(memoRows(rows, shows, make))).toEqual({ rows })
    rows[0]![odd] = 'd'
    expect(page(memoRows(rows, shows, make))).toEqual({ rows })
  })
})
