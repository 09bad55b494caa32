import { describe, expect, it } from 'vitest'
import { documented, inventory, pair, referenceRoutes, route } from '../../src/apis/inventory.ts'
import { apiNames, registry } from '../../src/apis/registry.ts'
import { referenceEndpoints } from '../support/reference.ts'

const reference = referenceEndpoints()
const rows = inventory()
const declared = rows.filter((r) => r.id !== undefined)

const routesOf = (api: string) => ({
  ours: declared.filter((r) => r.api === api).map((r) => route(r.method, r.path)),
  theirs: referenceRoutes(
    reference.filter((r) => r.api === api).map((r) => route(r.method, r.path)),
  ),
})

/** How many documented operations of each API no record declares yet (Loyaltii's part 2 …). */
const notYet: Record<string, number> = { loyaltii: 0, mailkomplet: 0 }

describe('inventory against shared/reference/endpoints.tsv', () => {
  it('reads the reference list of 240 operations over the five APIs', () => {
    expect(reference).toHaveLength(240)
    expect(new Set(reference.map((r) => r.api))).toEqual(
      new Set(['setrow', 'softtr', 'narwoo', 'loyaltii', 'mailkomplet']),
    )
  })

  it('is built into kopru as the same list (npm run gen writes it from the copy)', () => {
    expect(documented).toEqual(reference)
  })

  it('lists every documented operation of the five APIs, each registered API under a name the list knows', () => {
    expect(rows).toHaveLength(240)
    for (const name of apiNames) expect(reference.map((r) => r.api)).toContain(name)
  })

  it('lists what no record declares yet as implemented in neither client nor emulator', () => {
    const missing = rows.filter((r) => r.id === undefined)
    expect(missing.every((r) => !r.client && !r.emulator)).toBe(true)
    const byApi = Object.fromEntries(
      [...new Set(reference.map((r) => r.api))].map((api) => [
        api,
        missing.filter((r) => r.api === api).length,
      ]),
    )
    expect(byApi).toEqual({
      setrow: 0,
      softtr: 0,
      narwoo: 0,
      loyaltii: 0,
      mailkomplet: 0,
      ...notYet,
    })
  })

  it.each(apiNames)('lists every operation of %s once, with a unique id', (name) => {
    const ids = declared.filter((r) => r.api === name).map((r) => r.id)
    expect(ids).toEqual(Object.keys(registry[name]!.api.operations))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it.each(apiNames)(
    'has one operation per reference row of %s, on the same method and path',
    (name) => {
      const { ours, theirs } = routesOf(name)
      const { extra, missing } = pair(ours, theirs)
      expect(extra).toEqual([])
      expect(missing).toHaveLength(notYet[name] ?? 0)
      expect(ours).toHaveLength(theirs.length - (notYet[name] ?? 0))
    },
  )

  it.each(apiNames)('builds a client method for every operation of %s', (name) => {
    expect(declared.filter((r) => r.api === name && !r.client)).toEqual([])
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
