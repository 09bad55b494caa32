/**
 * Conditions on contacts (`SearchFieldDto`: a field, an operator, a value or values), as rule
 * segments and email builder blocks use them. A field is a contact's static field, one of the
 * account's dynamic contact fields, or one computed from its activity (assumed names):
 * `OrderCount`, `DaysSinceLastOrder`, `BirthdayThisMonth` and `PointBalance.<point type>`. Names
 * are matched without case; text compares without case, dates by their instant, and a field
 * without a value meets only `Null`.
 */
import { danishOffsetMinutes } from '../../../emulator/locale/da.ts'
import { compareInstants, exactInstant, instantOf } from '../codecs.ts'
import type { FieldFilterOperator } from '../schemas/common.ts'
import { dynamicField } from './dynamic.ts'
import { balance, pointType } from './points.ts'
import type { StoredContact } from './state.ts'
import type { LoyaltiiStore } from './store.ts'

export interface Condition {
  Field: string
  Operator: FieldFilterOperator
  Value?: string | null | undefined
  Values?: readonly string[] | null | undefined
}

const DAY = 86_400_000

/** The static contact fields a condition may name, and whether each holds a date. */
const staticFields: Record<string, { name: keyof StoredContact; date?: true }> = {}
for (const [name, date] of [
  ['Id'],
  ['RegistrationDateTime', true],
  ['RegistrationSource'],
  ['RegistrationIp'],
  ['LastModified', true],
  ['RegistrationStoreId'],
  ['Email'],
  ['PhoneCountryCode'],
  ['Phone'],
  ['FirstName'],
  ['LastName'],
  ['LimitMailsPermanently'],
  ['LimitMailsTemporarilyUntil', true],
  ['ProfileLastUpdated', true],
  ['PreferredStoreId'],
  ['ContactCompanyId'],
  ['LatestPermissionSource'],
] as const)
  staticFields[name.toLowerCase()] = { name, ...(date ? { date } : {}) }

type Reader = (contact: StoredContact) => unknown

/** How to read `field` from a contact at `now`, with whether it holds a date; undefined: no such field. */
export function fieldReader(
  store: LoyaltiiStore,
  field: string,
  now: number,
): { read: Reader; date: boolean } | undefined {
  const key = field.trim().toLowerCase()
  const fixed = staticFields[key]
  if (fixed) return { read: (c) => c[fixed.name], date: fixed.date === true }
  const dynamic = dynamicField(store, 'Contacts', key)
  if (dynamic)
    return { read: (c) => c.Dynamic[dynamic.Name], date: dynamic.Type === 'DateTimeOffset' }
  if (key === 'ordercount') return { read: (c) => orders(store, c).length, date: false }
  if (key === 'dayssincelastorder') {
    const read = (c: StoredContact) => {
      const times = orders(store, c).map((o) => instantOf(o.OriginDate ?? o.LastModified))
      return times.length ? Math.floor((now - Math.max(...times)) / DAY) : null
    }
    return { read, date: false }
  }
  if (key === 'birthdaythismonth') {
    const birthday = dynamicField(store, 'Contacts', 'Birthday')
    const month = danishMonth(now)
    const read = (c: StoredContact) => {
      const value = birthday && c.Dynamic[birthday.Name]
      return typeof value === 'string' && danishMonth(instantOf(value)) === month
    }
    return { read, date: false }
  }
  const type = key.startsWith('pointbalance.')
    ? pointType(store, key.slice('pointbalance.'.length))
    : undefined
  if (type) return { read: (c) => balance(store, c.Id, type), date: false }
  return undefined
}

function orders(store: LoyaltiiStore, contact: StoredContact) {
  return [...(store.ordersByContact.get(contact.Id) ?? [])]
}

function danishMonth(ms: number): number {
  return new Date(ms + danishOffsetMinutes(ms) * 60_000).getUTCMonth()
}

/** A test of a contact for one condition; undefined when its field is not one contacts have. */
export function conditionTest(
  store: LoyaltiiStore,
  condition: Condition,
  now: number,
): ((contact: StoredContact) => boolean) | undefined {
  const reader = fieldReader(store, condition.Field, now)
  if (!reader) return undefined
  const { read, date } = reader
  return (contact) => holds(read(contact), condition, date)
}

/** Whether `value` meets the condition. */
export function holds(value: unknown, c: Condition, date: boolean): boolean {
  if (c.Operator === 'Null') return value === null || value === undefined
  if (value === null || value === undefined) return false
  if (c.Operator === 'NotNull') return true
  if (c.Operator === 'In') return (c.Values ?? []).some((v) => compare(value, v, date) === 0)
  const order = compare(value, c.Value ?? '', date)
  if (order === undefined) return c.Operator === 'NotEqual'
  switch (c.Operator) {
    case 'Equal':
      return order === 0
    case 'NotEqual':
      return order !== 0
    case 'MoreThan':
      return order > 0
    case 'MoreThanOrEqual':
      return order >= 0
    case 'LessThan':
      return order < 0
    case 'LessThanOrEqual':
      return order <= 0
  }
}

/** −1, 0 or 1 comparing a field's value with the condition's text; undefined: not comparable. */
function compare(value: unknown, text: string, date: boolean): number | undefined {
  let a: number | string
  let b: number | string
  if (typeof value === 'boolean') {
    if (!/^(true|false)$/i.test(text.trim())) return undefined
    ;[a, b] = [Number(value), Number(/^true$/i.test(text.trim()))]
  } else if (typeof value === 'number') {
    if (text.trim() === '' || !Number.isFinite(Number(text))) return undefined
    ;[a, b] = [value, Number(text)]
  } else if (date) {
    const order = compareInstants(exactInstant(String(value)), exactInstant(text))
    return Number.isNaN(order) ? undefined : Math.sign(order)
  } else {
    ;[a, b] = [String(value).toLowerCase(), text.toLowerCase()]
  }
  return a < b ? -1 : a > b ? 1 : 0
}
