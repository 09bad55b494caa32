import { describe, expect, it } from 'vitest'
import { apiNames, inventory, registry, type InventoryRow } from '../../src/apis/registry.ts'
import { referenceEndpoints } from '../support/reference.ts'

const reference = referenceEndpoints()
const rows = inventory()

/**
 * A route as the reference writes it and as the inventory prints it: path parameters compared
 * without case or type (`{ORDERNO}`, `{orderno}`, `{id:int}`), no trailing slash, and the query
 * as a set of names, `any` for the reference's `?{parameters}`.
 */
interface Route {
  method: string
  path: string
  query: Set<string> | 'any'
  text: string
  /** a reference row that shares method and path with another row and shows no query either */
  open?: boolean
}

function route(method: string, text: string): Route {
  const [path = '', search] = text.split('?')
  const names = (search ?? '').split('&').filter(Boolean)
  return {
    method,
    path: path
      .replace(/\{([^}:]+)(:[^}]*)?\}/g, (_, name: string) => `{${name.toLowerCase()}}`)
      .replace(/(.)\/$/, '$1'),
    query: names.includes('{parameters}') ? 'any' : new Set(names.map((n) => n.split('=')[0]!)),
    text: `${method} ${text}`,
  }
}

/** Marks the rows that leave open how their operations are told apart. */
function referenceRoutes(list: Route[]): Route[] {
  const bare = (r: Route) => r.query !== 'any' && r.query.size === 0
  return list.map((r) => ({
    ...r,
    open:
      bare(r) && list.some((o) => o !== r && o.method === r.method && o.path === r.path && bare(o)),
  }))
}

/**
 * Whether an inventory route can be the operation of a reference row: same method and path, and
 * its selecting query parameters among those the row shows. Rows that show no query on a route
 * they share (Mail Komplet's two `GET /campaigns`) accept any selecting parameters.
 */
function fits(row: Route, ref: Route): boolean {
  if (row.method !== ref.method || row.path !== ref.path) return false
  if (ref.query === 'any' || ref.open || row.query === 'any') return true
  const shown = ref.query
  return [...row.query].every((name) => shown.has(name))
}

/** Pairs each inventory row with its own reference row; what is left over on either side. */
function pair(ours: Route[], theirs: Route[]): { extra: string[]; missing: string[] } {
  const owner = new Map<number, number>()
  const claim = (i: number, seen: Set<number>): boolean =>
    theirs.some((ref, j) => {
      if (seen.has(j) || !fits(ours[i]!, ref)) return false
      seen.add(j)
      if (owner.has(j) && !claim(owner.get(j)!, seen)) return false
      owner.set(j, i)
      return true
    })
  const extra = ours.filter((_, i) => !claim(i, new Set())).map((r) => r.text)
  const paired = new Set(owner.keys())
  return { extra, missing: theirs.filter((_, j) => !paired.has(j)).map((r) => r.text) }
}

const routesOf = (api: string) => ({
  ours: rows.filter((r) => r.api === api).map((r: InventoryRow) => route(r.method, r.path)),
  theirs: referenceRoutes(
    reference.filter((r) => r.api === api).map((r) => route(r.method, r.path)),
  ),
})

describe('inventory against shared/reference/endpoints.tsv', () => {
  it('reads the reference list of 240 operations over the five APIs', () => {
    expect(reference).toHaveLength(240)
    expect(new Set(reference.map((r) => r.api))).toEqual(
      new Set(['setrow', 'softtr', 'narwoo', 'loyaltii', 'mailkomplet']),
    )
  })

  it('lists registered APIs only, each under a name the reference knows', () => {
    expect(new Set(rows.map((r) => r.api))).toEqual(new Set(apiNames))
    for (const name of apiNames) expect(reference.map((r) => r.api)).toContain(name)
  })

  it.each(apiNames)('lists every operation of %s once, with a unique id', (name) => {
    const ids = rows.filter((r) => r.api === name).map((r) => r.id)
    expect(ids).toEqual(Object.keys(registry[name]!.api.operations))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it.each(apiNames)(
    'has one operation per reference row of %s, on the same method and path',
    (name) => {
      const { ours, theirs } = routesOf(name)
      expect(pair(ours, theirs)).toEqual({ extra: [], missing: [] })
      expect(ours).toHaveLength(theirs.length)
    },
  )

  it.each(apiNames)('builds a client method for every operation of %s', (name) => {
    expect(rows.filter((r) => r.api === name && !r.client)).toEqual([])
  })

  it('implements all of Softtr in the client and the emulator', () => {
    expect(rows.filter((r) => r.api === 'softtr' && !(r.client && r.emulator))).toEqual([])
  })
})

describe('matching inventory routes with reference rows', () => {
  const check = (ours: [string, string][], theirs: [string, string][]) =>
    pair(
      ours.map(([m, p]) => route(m, p)),
      referenceRoutes(theirs.map(([m, p]) => route(m, p))),
    )

  it('ignores the case and type of path parameters and a trailing slash', () => {
    expect(
      check(
        [
          ['GET', '/order/{orderno}'],
          ['DELETE', '/saleCoupons/{id}'],
          ['GET', '/junk/list'],
        ],
        [
          ['GET', '/order/{ORDERNO}'],
          ['DELETE', '/saleCoupons/{id:int}'],
          ['GET', '/junk/list/?{parameters}'],
        ],
      ),
    ).toEqual({ extra: [], missing: [] })
  })

  it('pairs operations sharing a route by the query parameters that select them', () => {
    const reference: [string, string][] = [
      ['GET', '/Contacts'],
      ['GET', '/Contacts?email={email}'],
      ['GET', '/Contacts?phone={phone}'],
    ]
    const ours: [string, string][] = [
      ['GET', '/Contacts?phone={phone}'],
      ['GET', '/Contacts'],
      ['GET', '/Contacts?email={email}'],
    ]
    expect(check(ours, reference)).toEqual({ extra: [], missing: [] })
    expect(check([...ours.slice(0, 2), ['GET', '/Contacts?mail={mail}']], reference)).toEqual({
      extra: ['GET /Contacts?mail={mail}'],
      missing: ['GET /Contacts?email={email}'],
    })
  })

  it('leaves open how operations differ where the reference shows no query on a shared route', () => {
    const campaigns: [string, string][] = [
      ['GET', '/campaigns'],
      ['GET', '/campaigns'],
    ]
    expect(
      check(
        [
          ['GET', '/campaigns'],
          ['GET', '/campaigns?id={id}'],
        ],
        campaigns,
      ),
    ).toEqual({
      extra: [],
      missing: [],
    })
    expect(check([['GET', '/campaigns?id={id}']], [['GET', '/campaigns']])).toEqual({
      extra: ['GET /campaigns?id={id}'],
      missing: ['GET /campaigns'],
    })
  })

  it('reports a wrong method, a wrong path and a missing operation', () => {
    expect(
      check(
        [
          ['POST', '/orders'],
          ['GET', '/order/{orderno}/items'],
        ],
        [
          ['GET', '/orders'],
          ['GET', '/order/{ORDERNO}'],
          ['GET', '/products/list'],
        ],
      ),
    ).toEqual({
      extra: ['POST /orders', 'GET /order/{orderno}/items'],
      missing: ['GET /orders', 'GET /order/{ORDERNO}', 'GET /products/list'],
    })
  })
})
