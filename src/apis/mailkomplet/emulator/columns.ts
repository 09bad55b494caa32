/**
 * Custom columns: written on contacts by `name` (`last_order`, or `cc_last_order`), read back as
 * `cc_` + name. An unknown name is created on first write, its type taken from the value
 * (assumed, README.md: public clients never create a column first). Values are checked against
 * the column's type, `required`, `unique` and `disabled`; system columns are computed, never written.
 */
import { vocative } from '../../../emulator/locale/cs.ts'
import type { z } from 'zod'
import { COLUMN_NAME, COLUMN_NAME_RULE, type columnValue } from '../schemas.ts'
import { readTime } from '../time.ts'
import { badRequest, notFound } from './answers.ts'
import type { MailKompletData, StoredContact } from './state.ts'
import type { MailKompletStore } from './store.ts'
import { stamp } from './store.ts'

type Column = MailKompletData['customColumns'][number]
type Value = z.output<typeof columnValue>

export const PREFIX = 'cc_'
/** The data types (assumed, the seed's list was lost). */
export const DataType = { text: 1, integer: 2, decimal: 3, date: 4, boolean: 5 } as const

export function activeColumns(store: MailKompletStore): Column[] {
  return store.data.customColumns.filter((c) => c.deleted === null)
}

export function columnByName(store: MailKompletStore, name: string): Column | undefined {
  const bare = name.startsWith(PREFIX) ? name.slice(PREFIX.length) : name
  return activeColumns(store).find((c) => c.name.toLowerCase() === bare.toLowerCase())
}

/** A new column record with the seed's defaults. */
export function newColumn(
  store: MailKompletStore,
  { name, dataTypeId, ...fields }: Partial<Column> & { name: string; dataTypeId: number },
): Column {
  // in the schema's key order: a dump taken back answers byte for byte as before
  const column: Column = {
    customColumnId: store.nextId('column'),
    customColumnTypeId: 1,
    customColumnGroupId: null,
    dataTypeId,
    name,
    caption: null,
    description: null,
    defaultValue: null,
    minValue: null,
    maxValue: null,
    required: false,
    unique: false,
    disabled: false,
    precision: null,
    system: false,
    order: null,
    deleted: null,
    size: null,
    ...fields,
    originalName: `${PREFIX}${name}`,
  }
  store.data.customColumns.push(column)
  return column
}

function typeOf(value: Value): number {
  if (typeof value === 'boolean') return DataType.boolean
  if (typeof value === 'number')
    return Number.isInteger(value) ? DataType.integer : DataType.decimal
  return DataType.text
}

/** What checking a value needs of its column: a column a write is about to create has no bounds. */
type Kind = Pick<Column, 'dataTypeId' | 'minValue' | 'maxValue'>

type Fitted = { ok: true; value: Value } | { ok: false; why: string }

/** The value as the column keeps it, or why it does not fit its type or its bounds. */
function fit(column: Kind, value: Value): Fitted {
  const typed = ofType(column.dataTypeId, value)
  if (!typed.ok || typed.value === null) return typed
  const at = ordinal(column.dataTypeId, typed.value)
  if (at === undefined) return typed
  const [min, max] = [bound(column, 'minValue'), bound(column, 'maxValue')]
  if (min !== undefined && at < min)
    return { ok: false, why: `below the least, ${column.minValue}` }
  if (max !== undefined && at > max) return { ok: false, why: `above the most, ${column.maxValue}` }
  return typed
}

function ofType(dataTypeId: number, value: Value): Fitted {
  if (value === null || value === '') return { ok: true, value: null }
  switch (dataTypeId) {
    case DataType.integer: {
      const n = typeof value === 'string' ? Number(value.trim()) : Number(value)
      return Number.isSafeInteger(n) && typeof value !== 'boolean'
        ? { ok: true, value: n }
        : { ok: false, why: 'expected an integer' }
    }
    case DataType.decimal: {
      const n = typeof value === 'string' ? Number(value.trim().replace(',', '.')) : Number(value)
      return Number.isFinite(n) && typeof value !== 'boolean'
        ? { ok: true, value: n }
        : { ok: false, why: 'expected a number' }
    }
    case DataType.date: {
      const text = String(value)
      // a real day and time (`2026-02-30` is none), without an offset: the account's own time
      return /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.test(text) &&
        readTime(text) !== undefined
        ? { ok: true, value: text.replace(' ', 'T') }
        : { ok: false, why: 'expected a date (yyyy-mm-ddThh:mm:ss)' }
    }
    case DataType.boolean: {
      if (typeof value === 'boolean') return { ok: true, value }
      const text = String(value).trim().toLowerCase()
      if (['true', '1'].includes(text)) return { ok: true, value: true }
      if (['false', '0'].includes(text)) return { ok: true, value: false }
      return { ok: false, why: 'expected true or false' }
    }
    default:
      return { ok: true, value: String(value) }
  }
}

/**
 * Where a value of a bounded type stands, to compare with the column's bounds: integer, decimal
 * and date columns have them; text and boolean columns keep theirs unused (assumed, README.md).
 */
function ordinal(dataTypeId: number, value: Value): number | undefined {
  if (dataTypeId === DataType.integer || dataTypeId === DataType.decimal) return value as number
  if (dataTypeId === DataType.date) return readTime(value as string)!.getTime()
  return undefined
}

function bound(column: Kind, which: 'minValue' | 'maxValue'): number | undefined {
  const given = column[which]
  if (given === null || given === undefined) return undefined
  const typed = ofType(column.dataTypeId, given as Value)
  return typed.ok && typed.value !== null ? ordinal(column.dataTypeId, typed.value) : undefined
}

/** The contact's own value of a column (a column named `constructor` is not read off Object). */
function valueOf(contact: StoredContact, name: string): Value | undefined {
  return Object.hasOwn(contact.columns, name) ? contact.columns[name] : undefined
}

/**
 * Checks a write of column `values` on `contact`, changing nothing, and gives back the change to
 * make once every other check of the request has passed too: a refused write leaves no column
 * it named behind. Unknown names become text, number or boolean columns; a value that does not
 * fit, a disabled or system column, or a unique value another contact has is a 400. For a new
 * contact (`created`), the columns it leaves out take their defaults, and a required one without
 * a default refuses it.
 */
export function checkColumns(
  store: MailKompletStore,
  contact: StoredContact,
  values: Readonly<Record<string, Value>>,
  { created = false } = {},
): () => void {
  // made on first use: a bulk import checks every contact it creates, most without columns
  let writes: Map<string, Value> | undefined
  let made: Map<string, Kind & { name: string }> | undefined
  for (const [key, raw] of Object.entries(values)) {
    const name = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : key
    const column = columnByName(store, name)
    if (column?.system) throw badRequest(`customColumns.${key}: a system column is not written`)
    if (column?.disabled) throw badRequest(`customColumns.${key}: the column is disabled`)
    let kind = column ?? made?.get(name.toLowerCase())
    if (!kind) {
      if (!COLUMN_NAME.test(name)) throw badRequest(`customColumns.${key}: ${COLUMN_NAME_RULE}`)
      kind = { name, dataTypeId: typeOf(raw), minValue: null, maxValue: null }
      made ??= new Map()
      made.set(name.toLowerCase(), kind)
    }
    const fitted = fit(kind, raw)
    if (!fitted.ok) throw badRequest(`customColumns.${key}: ${fitted.why}`)
    if (column?.unique && fitted.value !== null) {
      const taken = store.data.contacts.some(
        (c) => c !== contact && valueOf(c, column.name) === fitted.value,
      )
      if (taken) throw badRequest(`customColumns.${key}: the value is already used (unique)`)
    }
    writes ??= new Map()
    writes.set(kind.name, fitted.value)
  }
  // every contact a bulk import creates is checked: no list of the active columns made for it
  if (created)
    for (const column of store.data.customColumns) {
      if (column.deleted !== null || column.system) continue
      const given = writes?.get(column.name)
      if (given !== undefined && given !== null) continue
      // a default fills a column left out, and a required one given as null
      if (column.defaultValue !== null && column.defaultValue !== '') {
        if (given === null && !column.required) continue
        const fitted = fit(column, column.defaultValue)
        writes ??= new Map()
        writes.set(column.name, fitted.ok ? fitted.value : column.defaultValue)
      } else if (column.required) throw badRequest(`customColumns.${column.name}: required`)
    }
  if (!writes) return nothing
  const [kept, fresh] = [writes, made]
  return () => {
    for (const column of fresh?.values() ?? [])
      newColumn(store, { ...column, order: activeColumns(store).length + 1 })
    for (const [name, value] of kept) contact.columns[name] = value
  }
}

const nothing = () => undefined

/** `{cc_<name>: value}` for every active column; system columns computed from the contact. */
export function readColumns(
  store: MailKompletStore,
  contact: StoredContact,
): Record<string, Value> {
  const out: Record<string, Value> = {}
  for (const column of activeColumns(store)) {
    out[column.originalName] = column.system
      ? systemValue(column.name, contact)
      : (valueOf(contact, column.name) ?? null)
  }
  return out
}

/** Mail Komplet's greeting columns (`Pane Nováku`, `Milý pane Nováku`), in Czech vocative. */
function systemValue(name: string, contact: StoredContact): Value {
  if (!contact.surname || contact.sex === null) return null
  const male = contact.sex
  const addressed = male ? `pane ${vocative(contact.surname)}` : `paní ${contact.surname}`
  if (name === 'wk_pane_pani') return addressed[0]!.toUpperCase() + addressed.slice(1)
  if (name === 'wk_mily_mila') return `${male ? 'Milý' : 'Milá'} ${addressed}`
  return null
}

export function updateColumn(
  store: MailKompletStore,
  fields: Record<string, unknown> & {
    customColumnId?: number | undefined
    name?: string | undefined
  },
): void {
  const column =
    fields.customColumnId !== undefined
      ? activeColumns(store).find((c) => c.customColumnId === fields.customColumnId)
      : fields.name !== undefined
        ? columnByName(store, fields.name)
        : undefined
  if (fields.customColumnId === undefined && fields.name === undefined)
    throw badRequest('customColumnId or name: required to find the column')
  if (!column) throw notFound(`custom column ${fields.customColumnId ?? fields.name}`)
  if (column.system) throw badRequest('a system column is not changed')
  const rename = fields.customColumnId !== undefined ? fields.name : undefined
  const renamed = rename !== undefined && rename.toLowerCase() !== column.name.toLowerCase()
  if (renamed && columnByName(store, rename)) throw badRequest(`name: a column ${rename} exists`)
  const next: Column = { ...column }
  for (const key of SETTINGS) {
    if (fields[key] !== undefined) (next as Record<string, unknown>)[key] = fields[key]
  }
  if (fields.defaultValue !== undefined)
    next.defaultValue = fields.defaultValue === null ? null : String(fields.defaultValue)
  const convert = checkSettings(store, next, column)
  if (renamed) {
    for (const contact of store.data.contacts) {
      if (!Object.hasOwn(contact.columns, column.name)) continue
      contact.columns[rename] = contact.columns[column.name]!
      delete contact.columns[column.name]
    }
    next.name = rename
    next.originalName = `${PREFIX}${rename}`
  }
  Object.assign(column, next)
  convert()
}

const SETTINGS = [
  'dataTypeId',
  'caption',
  'description',
  'minValue',
  'maxValue',
  'required',
  'unique',
  'disabled',
  'precision',
  'order',
] as const

/**
 * Checks a column's settings, changing nothing: its bounds of its type and in order, its default
 * a value it takes, and, for a column that exists (`now`), every value the contacts hold fitting
 * the new type and bounds, unique where it is to be. Gives back the change that writes the held
 * values as the new type keeps them (`"120"` → 120).
 */
export function checkSettings(
  store: MailKompletStore,
  settings: Kind & Pick<Column, 'defaultValue' | 'unique'>,
  now?: Column,
): () => void {
  for (const which of ['minValue', 'maxValue'] as const) {
    const given = settings[which]
    if (given === null || given === undefined) continue
    const typed = ofType(settings.dataTypeId, given as Value)
    if (!typed.ok) throw badRequest(`${which}: ${typed.why}`)
  }
  const [min, max] = [bound(settings, 'minValue'), bound(settings, 'maxValue')]
  if (min !== undefined && max !== undefined && min > max)
    throw badRequest('minValue: above maxValue')
  if (settings.defaultValue !== null && settings.defaultValue !== '') {
    const fitted = fit(settings, settings.defaultValue)
    if (!fitted.ok) throw badRequest(`defaultValue: ${fitted.why}`)
  }
  if (!now) return () => undefined
  const kept: [StoredContact, Value][] = []
  const owners = new Map<Value, StoredContact>()
  for (const contact of store.data.contacts) {
    const held = valueOf(contact, now.name)
    if (held === undefined || held === null) continue
    const fitted = fit(settings, held)
    if (!fitted.ok)
      throw badRequest(`contact ${contact.contactId} holds ${JSON.stringify(held)}: ${fitted.why}`)
    const other = settings.unique && fitted.value !== null ? owners.get(fitted.value) : undefined
    if (other)
      throw badRequest(
        `unique: contacts ${other.contactId} and ${contact.contactId} hold ${JSON.stringify(held)}`,
      )
    if (fitted.value !== null) owners.set(fitted.value, contact)
    kept.push([contact, fitted.value])
  }
  // under the column's name as it is then: a rename comes before
  return () => {
    for (const [contact, value] of kept) contact.columns[now.name] = value
  }
}

export function deleteColumn(store: MailKompletStore, id: number, now: Date): void {
  const column = activeColumns(store).find((c) => c.customColumnId === id)
  if (!column) throw notFound(`custom column ${id}`)
  if (column.system) throw badRequest('a system column is not deleted')
  column.deleted = stamp(now)
  for (const contact of store.data.contacts) delete contact.columns[column.name]
}
