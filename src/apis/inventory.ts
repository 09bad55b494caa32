/**
 * Coverage of the vendors' documented operations (`documented.ts`, 240 over five APIs): each
 * operation record paired with its documented row, and every documented row no record declares
 * yet listed as not implemented, so `kopru endpoints` shows what is missing as well as what is done.
 */
import { getPath } from '../core/paginate.ts'
import { documentedRows } from './documented.ts'
import { registry, type ApiEntry } from './registry.ts'

export interface DocumentedOperation {
  api: string
  method: string
  /** as the vendor's list writes it, query included (`/Contacts?email={email}`) */
  path: string
  title: string
}

export const documented: readonly DocumentedOperation[] = documentedRows.map(
  ([api, method, path, title]) => ({ api, method, path, title }),
)

export interface InventoryRow {
  api: string
  /** the operation's id; undefined for a documented operation no record declares yet */
  id: string | undefined
  method: string
  path: string
  client: boolean
  emulator: boolean
}

/** Every documented operation, with whether the client and the emulator implement it. */
export function inventory(): InventoryRow[] {
  const declared = Object.values(registry).flatMap(declaredRows)
  const rows: InventoryRow[] = []
  for (const api of [...new Set(documented.map((d) => d.api))]) {
    const ours = declared.filter((r) => r.api === api)
    const theirs = documented.filter((d) => d.api === api)
    const { missing } = pair(
      ours.map((r) => route(r.method, r.path)),
      referenceRoutes(theirs.map((d) => route(d.method, d.path))),
    )
    rows.push(...ours)
    for (const text of missing) {
      const [method, path] = [text.slice(0, text.indexOf(' ')), text.slice(text.indexOf(' ') + 1)]
      rows.push({ api, id: undefined, method, path, client: false, emulator: false })
    }
  }
  return rows
}

function declaredRows({ api, emulator, createClient }: ApiEntry): InventoryRow[] {
  const client = createClient({
    baseUrl: 'http://inventory.invalid',
    credentials: Object.fromEntries(Object.keys(emulator.credentials).map((key) => [key, 'x'])),
  })
  return Object.entries(api.operations).map(([id, op]) => {
    const handler = (emulator.handlers as Record<string, unknown>)[id]
    const query = op.match ? `?${op.match.query.map((q) => `${q}={${q}}`).join('&')}` : ''
    return {
      api: api.name,
      id,
      method: op.method,
      path: op.path + query,
      client: typeof getPath(client, id) === 'function',
      emulator: typeof handler === 'function' && !('notImplemented' in handler),
    }
  })
}

/**
 * A route as the documented list writes it and as the inventory prints it: path parameters
 * compared without case or type (`{ORDERNO}`, `{orderno}`, `{id:int}`), no trailing slash, and
 * the query as a set of names, `any` for the list's `?{parameters}`.
 */
export interface Route {
  method: string
  path: string
  query: Set<string> | 'any'
  text: string
  /** a documented row that shares method and path with another row and shows no query either */
  open?: boolean
}

export function route(method: string, text: string): Route {
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
export function referenceRoutes(list: Route[]): Route[] {
  const bare = (r: Route) => r.query !== 'any' && r.query.size === 0
  return list.map((r) => ({
    ...r,
    open:
      bare(r) && list.some((o) => o !== r && o.method === r.method && o.path === r.path && bare(o)),
  }))
}

/**
 * Whether a declared route can be the operation of a documented row: same method and path, and its
 * selecting query parameters among those the row shows. Rows that show no query on a route they
 * share (Mail Komplet's two `GET /campaigns`) accept any selecting parameters.
 */
function fits(row: Route, ref: Route): boolean {
  if (row.method !== ref.method || row.path !== ref.path) return false
  if (ref.query === 'any' || ref.open || row.query === 'any') return true
  const shown = ref.query
  return [...row.query].every((name) => shown.has(name))
}

/** Pairs each declared route with its own documented row; what is left over on either side. */
export function pair(ours: Route[], theirs: Route[]): { extra: string[]; missing: string[] } {
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
