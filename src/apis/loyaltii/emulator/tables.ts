/**
 * Dynamic tables and their entities. A table is found by name without regard to case (404 when
 * the account has none of that name); its entities have ids of their own, ascending, a secret no
 * one can guess (unique in the table), an ExternalId unique when given (409 `Cannot save duplicate
 * value '…'!`), and the table's fields as dynamic values. A table named in the `convertedTables`
 * switch takes its writes only through a converter: every write answers 423.
 */
import { ErrorReply } from '../../../emulator/types.ts'
import { fail, notFound } from './answers.ts'
import { newSecret } from './contacts.ts'
import { dynamicFieldsOf, flatFields, readFields } from './dynamic.ts'
import type { StoredEntity, StoredTable } from './state-marketing.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp } from './time.ts'

type Body = Record<string, unknown>
const staticKeys = new Set(['Id', 'Secret', 'Created', 'LastModified', 'ExternalId', 'Name'])

interface Index {
  byId: Map<number, StoredEntity>
  bySecret: Map<string, StoredEntity>
  byExternalId: Map<string, StoredEntity>
}
const indexes = new WeakMap<StoredTable, Index>()

/** The table's look-ups, made once per table object; every write below keeps them. */
function indexOf(table: StoredTable): Index {
  let index = indexes.get(table)
  if (!index) {
    index = { byId: new Map(), bySecret: new Map(), byExternalId: new Map() }
    for (const e of table.Entities) add(index, e)
    indexes.set(table, index)
  }
  return index
}

function add(index: Index, e: StoredEntity): void {
  index.byId.set(e.Id, e)
  index.bySecret.set(e.Secret, e)
  if (e.ExternalId !== null) index.byExternalId.set(e.ExternalId, e)
}

function remove(index: Index, e: StoredEntity): void {
  index.byId.delete(e.Id)
  index.bySecret.delete(e.Secret)
  if (e.ExternalId !== null && index.byExternalId.get(e.ExternalId) === e)
    index.byExternalId.delete(e.ExternalId)
}

export function tablesOut(store: LoyaltiiStore) {
  return [...store.tables.values()].map((t) => ({
    Id: t.Id,
    Name: t.Name,
    Label: t.Label,
    Description: t.Description,
    LastModified: t.LastModified,
  }))
}

export function requireTable(store: LoyaltiiStore, name: string): StoredTable {
  const table = store.tables.get(name.toLowerCase())
  if (!table) throw notFound()
  return table
}

/** A table taking writes: 423 when its writes must go through a converter. */
function writable(ctx: LoyaltiiContext, name: string): StoredTable {
  const table = requireTable(ctx.state, name)
  const converted = ctx.switches.convertedTables.map((t) => t.toLowerCase())
  if (converted.includes(table.Name.toLowerCase())) throw fail('converterRequired')
  return table
}

export function entityOut(table: StoredTable, e: StoredEntity) {
  return {
    Id: e.Id,
    Secret: e.Secret,
    Created: e.Created,
    LastModified: e.LastModified,
    ExternalId: e.ExternalId,
    Name: e.Name,
    ...flatFields(table.Fields, e.Dynamic),
  }
}

export function entityBy(
  store: LoyaltiiStore,
  name: string,
  key: { id?: number; secret?: string; externalId?: string },
) {
  const table = requireTable(store, name)
  const index = indexOf(table)
  const found =
    key.id !== undefined
      ? index.byId.get(key.id)
      : key.secret !== undefined
        ? index.bySecret.get(key.secret)
        : index.byExternalId.get(key.externalId!)
  if (!found) throw notFound()
  return entityOut(table, found)
}

export function entityIds(store: LoyaltiiStore, name: string): number[] {
  return requireTable(store, name).Entities.map((e) => e.Id)
}

/** Keyset paging: entities with an id above `lastId`, ascending, `take` at most. */
export function entitiesAfter(store: LoyaltiiStore, name: string, lastId: number, take: number) {
  const table = requireTable(store, name)
  const out = []
  for (const e of table.Entities) {
    if (e.Id <= lastId) continue
    out.push(entityOut(table, e))
    if (out.length >= take) break
  }
  return out
}

/** A new entity, or the refusal (409 for a taken ExternalId or Secret, 400 for a field's value). */
function insert(ctx: LoyaltiiContext, table: StoredTable, body: Body): StoredEntity {
  const index = indexOf(table)
  const dynamic = readFields(dynamicFieldsOf(table.Fields), body, staticKeys)
  const externalId = (body.ExternalId as string | null | undefined) ?? null
  if (externalId !== null && index.byExternalId.has(externalId))
    throw fail('duplicateValue', { value: externalId })
  const secret = (body.Secret as string | null | undefined) ?? newSecret()
  if (index.bySecret.has(secret)) throw fail('duplicateValue', { value: secret })
  const now = stamp(ctx.now)
  const entity: StoredEntity = {
    Id: ++table.LastEntityId,
    Secret: secret,
    Created: now,
    LastModified: now,
    ExternalId: externalId,
    Name: (body.Name as string | null | undefined) ?? null,
    Dynamic: dynamic,
  }
  table.Entities.push(entity)
  add(index, entity)
  return entity
}

export function createEntity(ctx: LoyaltiiContext, name: string, body: Body) {
  const table = writable(ctx, name)
  return entityOut(table, insert(ctx, table, body))
}

/**
 * A bulk insert: each item matched by its ExternalId is Updated, else Created; an item that
 * cannot be saved is Failed with the reason, and does not stop the others (assumed).
 */
export function createBulk(ctx: LoyaltiiContext, name: string, items: Body[]) {
  const table = writable(ctx, name)
  const index = indexOf(table)
  return items.map((item) => {
    const externalId = (item.ExternalId as string | null | undefined) ?? null
    try {
      const existing = externalId === null ? undefined : index.byExternalId.get(externalId)
      if (existing) {
        update(ctx, table, existing, item)
        return { Reaction: 'Updated' as const, Id: existing.Id, MatchValue: externalId }
      }
      const created = insert(ctx, table, item)
      return { Reaction: 'Created' as const, Id: created.Id, MatchValue: externalId }
    } catch (error) {
      if (!(error instanceof ErrorReply)) throw error
      return { Reaction: 'Failed' as const, Id: 0, MatchValue: externalId }
    }
  })
}

function update(ctx: LoyaltiiContext, table: StoredTable, entity: StoredEntity, body: Body) {
  const index = indexOf(table)
  const dynamic = readFields(dynamicFieldsOf(table.Fields), body, staticKeys)
  const externalId = body.ExternalId as string | null | undefined
  if (typeof externalId === 'string') {
    const holder = index.byExternalId.get(externalId)
    if (holder && holder !== entity) throw fail('duplicateValue', { value: externalId })
  }
  remove(index, entity)
  if (externalId !== undefined) entity.ExternalId = externalId
  if (body.Name !== undefined) entity.Name = body.Name as string | null
  Object.assign(entity.Dynamic, dynamic)
  entity.LastModified = stamp(ctx.now)
  add(index, entity)
}

/**
 * PATCH: an empty body is 404, a body naming no field the entity has is 400 (both observed);
 * otherwise the fields named change, null included.
 */
export function patchEntity(ctx: LoyaltiiContext, name: string, id: number, body: Body) {
  const table = writable(ctx, name)
  const entity = indexOf(table).byId.get(id)
  const keys = Object.keys(body)
  if (!entity || !keys.length) throw notFound()
  const fields = dynamicFieldsOf(table.Fields)
  const known = keys.filter(
    (k) => k === 'ExternalId' || k === 'Name' || fields.has(k.toLowerCase()),
  )
  if (!known.length) throw fail('noValidPatchFields')
  update(ctx, table, entity, body)
  return entityOut(table, entity)
}

/** DELETE answers the entity as it was. */
export function deleteEntity(ctx: LoyaltiiContext, name: string, id: number) {
  const table = writable(ctx, name)
  const index = indexOf(table)
  const entity = index.byId.get(id)
  if (!entity) throw notFound()
  remove(index, entity)
  table.Entities.splice(table.Entities.indexOf(entity), 1)
  return entityOut(table, entity)
}

/** `DynamicFields/{id}?owner=DynamicTable`: the fields of the table with that id. */
export function tableFields(store: LoyaltiiStore, id: number) {
  const table = [...store.tables.values()].find((t) => t.Id === id)
  if (!table) throw notFound()
  return table.Fields
}
