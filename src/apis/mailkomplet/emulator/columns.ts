/**
 * Custom columns: written on contacts by `name` (`last_order`, or `cc_last_order`), read back as
 * `cc_` + name. An unknown name is created on first write, its type taken from the value
 * (assumed, README.md: public clients never create a column first). Values are checked against
 * the column's type, `required`, `unique` and `disabled`; system columns are computed, never written.
 */
import { vocative } from '../../../emulator/locale/cs.ts'
import type { z } from 'zod'
import type { columnValue } from '../schemas.ts'
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

/** The value as the column keeps it, or why it does not fit. */
function fit(
  column: Column,
  value: Value,
): { ok: true; value: Value } | { ok: false; why: string } {
  if (value === null || value === '') return { ok: true, value: null }
  switch (column.dataTypeId) {
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
      return /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.test(text) &&
        !Number.isNaN(new Date(text.replace(' ', 'T')).getTime())
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
 * Writes `values` on `contact` (all or nothing): unknown names become text, number or boolean
 * columns; a value that does not fit, a disabled or system column, or a unique value another
 * contact has is a 400.
 */
export function writeColumns(
  store: MailKompletStore,
  contact: StoredContact,
  values: Readonly<Record<string, Value>>,
): void {
  const changes: [string, Value][] = []
  for (const [key, raw] of Object.entries(values)) {
    const column =
      columnByName(store, key) ??
      newColumn(store, {
        name: key.startsWith(PREFIX) ? key.slice(PREFIX.length) : key,
        dataTypeId: typeOf(raw),
        order: activeColumns(store).length + 1,
      })
    if (column.system) throw badRequest(`customColumns.${key}: a system column is not written`)
    if (column.disabled) throw badRequest(`customColumns.${key}: the column is disabled`)
    const fitted = fit(column, raw)
    if (!fitted.ok) throw badRequest(`customColumns.${key}: ${fitted.why}`)
    if (column.unique && fitted.value !== null) {
      const taken = store.data.contacts.some(
        (c) => c !== contact && c.columns[column.name] === fitted.value,
      )
      if (taken) throw badRequest(`customColumns.${key}: the value is already used (unique)`)
    }
    changes.push([column.name, fitted.value])
  }
  for (const [name, value] of changes) contact.columns[name] = value
}

/** Required columns without a value or a default: a new contact cannot be made without them. */
export function checkRequired(store: MailKompletStore, contact: StoredContact): void {
  // every contact a bulk import creates is checked: no list of the active columns made for it
  for (const column of store.data.customColumns) {
    if (column.deleted !== null || !column.required || column.system) continue
    const value = contact.columns[column.name]
    if (value !== undefined && value !== null) continue
    if (column.defaultValue !== null && column.defaultValue !== '') {
      const fitted = fit(column, column.defaultValue)
      contact.columns[column.name] = fitted.ok ? fitted.value : column.defaultValue
      continue
    }
    throw badRequest(`customColumns.${column.name}: required`)
  }
}

/** `{cc_<name>: value}` for every active column; system columns computed from the contact. */
export function readColumns(
  store: MailKompletStore,
  contact: StoredContact,
): Record<string, Value> {
  const out: Record<string, Value> = {}
  for (const column of activeColumns(store)) {
    out[column.originalName] = column.system
      ? systemValue(column.name, contact)
      : (contact.columns[column.name] ?? null)
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
  if (rename !== undefined && rename.toLowerCase() !== column.name.toLowerCase()) {
    if (columnByName(store, rename)) throw badRequest(`name: a column ${rename} exists`)
    for (const contact of store.data.contacts) {
      if (!(column.name in contact.columns)) continue
      contact.columns[rename] = contact.columns[column.name]!
      delete contact.columns[column.name]
    }
    column.name = rename
    column.originalName = `${PREFIX}${rename}`
  }
  for (const key of [
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
  ] as const) {
    if (fields[key] !== undefined) (column as Record<string, unknown>)[key] = fields[key]
  }
  if (fields.defaultValue !== undefined)
    column.defaultValue = fields.defaultValue === null ? null : String(fields.defaultValue)
}

export function deleteColumn(store: MailKompletStore, id: number, now: Date): void {
  const column = activeColumns(store).find((c) => c.customColumnId === id)
  if (!column) throw notFound(`custom column ${id}`)
  if (column.system) throw badRequest('a system column is not deleted')
  column.deleted = stamp(now)
  for (const contact of store.data.contacts) delete contact.columns[column.name]
}
