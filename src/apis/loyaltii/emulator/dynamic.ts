/**
 * Dynamic fields: the properties an account declares per owner (Contacts, Orders, OrderLines,
 * ContactCompanies), sent and answered as flat keys beside the static fields. A value is checked
 * against the field's type and its allowed values; null is always allowed. Keys that are neither
 * static nor declared are ignored, as Newtonsoft ignores unknown members (assumed).
 */
import { formatMoment, readMoment } from '../codecs.ts'
import type { DynamicOwner } from '../schemas/common.ts'
import { fail } from './answers.ts'
import type { DynamicValues } from './state.ts'
import type { LoyaltiiStore } from './store.ts'

type Field = LoyaltiiStore['account']['dynamicFields'][DynamicOwner][number]

/** The value a field stores for `value`, or undefined when it is not one the field takes. */
export function dynamicValueOf(field: Field, value: unknown): DynamicValues[string] | undefined {
  if (value === null) return null
  let stored: DynamicValues[string] | undefined
  switch (field.Type) {
    case 'String':
      stored = typeof value === 'string' && value.length <= 4000 ? value : undefined
      break
    case 'Boolean':
      stored = typeof value === 'boolean' ? value : undefined
      break
    case 'Number':
      stored = Number.isSafeInteger(value) ? (value as number) : undefined
      break
    case 'Decimal':
      stored = typeof value === 'number' && Number.isFinite(value) ? value : undefined
      break
    case 'DateTimeOffset': {
      const moment = typeof value === 'string' ? readMoment(value) : undefined
      stored = moment && formatMoment(moment)
      break
    }
  }
  if (stored === undefined) return undefined
  if (field.Values && !field.Values.some((allowed) => allowed === stored)) return undefined
  return stored
}

function fieldsByName(store: LoyaltiiStore, owner: DynamicOwner): Map<string, Field> {
  return dynamicFieldsOf(store.account.dynamicFields[owner])
}

/** A list of fields (an owner's, a dynamic table's) by lower-case name, made once per list. */
export function dynamicFieldsOf(fields: readonly Field[]): Map<string, Field> {
  let known = cache.get(fields)
  if (!known) {
    known = new Map(fields.map((field) => [field.Name.toLowerCase(), field]))
    cache.set(fields, known)
  }
  return known
}
const cache = new WeakMap<readonly Field[], Map<string, Field>>()

/**
 * The dynamic values a body sets: its keys that name a field of `owner` (without regard to case),
 * each checked. `static` are the owner's own members, never read as dynamic.
 */
export function readDynamic(
  store: LoyaltiiStore,
  owner: DynamicOwner,
  body: Record<string, unknown>,
  staticKeys: ReadonlySet<string>,
): DynamicValues {
  return readFields(fieldsByName(store, owner), body, staticKeys)
}

/** `readDynamic` for any list of fields (a dynamic table's). */
export function readFields(
  fields: ReadonlyMap<string, Field>,
  body: Record<string, unknown>,
  staticKeys: ReadonlySet<string>,
): DynamicValues {
  const out: DynamicValues = {}
  for (const [key, value] of Object.entries(body)) {
    if (staticKeys.has(key) || value === undefined) continue
    const field = fields.get(key.toLowerCase())
    if (!field) continue
    const stored = dynamicValueOf(field, value)
    if (stored === undefined) throw fail('invalidFieldValue', { field: field.Name })
    out[field.Name] = stored
  }
  return out
}

/** Whether `name` is a dynamic field of `owner`; its declared name when it is. */
export function dynamicField(
  store: LoyaltiiStore,
  owner: DynamicOwner,
  name: string,
): Field | undefined {
  return fieldsByName(store, owner).get(name.toLowerCase())
}

/** Every declared field of `owner` as a flat key, in declaration order, null when unset. */
export function flatDynamic(
  store: LoyaltiiStore,
  owner: DynamicOwner,
  values: DynamicValues,
): Record<string, DynamicValues[string]> {
  return flatFields(store.account.dynamicFields[owner], values)
}

/** `flatDynamic` for any list of fields (a dynamic table's). */
export function flatFields(
  fields: readonly Field[],
  values: DynamicValues,
): Record<string, DynamicValues[string]> {
  const out: Record<string, DynamicValues[string]> = {}
  for (const field of fields) out[field.Name] = values[field.Name] ?? null
  return out
}
