/**
 * Whether an answer can be the documented one at all: the line between a vendor's drift, which
 * `validate: 'warn'` tolerates, and something that is not the vendor's answer (a proxy's maintenance
 * page, an empty or cut-off body, another API's JSON), which no validation mode lets through.
 *
 * Derived from an operation's response schema and checked on every answer, so it has to be cheap:
 * it allocates nothing on success and reads each value once. What it enforces, the *structure*:
 * - an object or array where the schema has one (so HTML, garbage, `null` or an empty body fail),
 * - every key the schema requires present (`undefined` is absent; `null` only where allowed for
 *   objects and arrays),
 * - literal values (the envelope's markers: Setrow's `"status": "success"`),
 * - each element of an array and each value of a record, recursively.
 * What it leaves to the full schema (`strict` throws, `warn` reports): the types and formats of leaf
 * values (a number sent as text, an unknown enum member, an out-of-range integer), extra keys.
 */
import type { z } from 'zod'
import type { SchemaIssue } from './errors.ts'
import { fromCode } from './code.ts'

/** True when `value` passes; else false, with issues whose paths are relative to `value`. */
type Check = (value: unknown, issues: SchemaIssue[]) => boolean

/** At most this many issues are collected: the first few say what came back. */
const MAX_ISSUES = 5

const compiled = new WeakMap<z.ZodType, Check>()

/**
 * The structural problems of `value` against `schema`; empty when it can be the documented answer.
 * A value nested deeper than the stack allows is a problem too, never a thrown RangeError.
 */
export function structuralIssues(schema: z.ZodType, value: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = []
  try {
    checkOf(schema)(value, issues)
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    issues.push({ path: [], message: 'nested too deep to be read' })
  }
  // `null` as the whole answer is one only where documented: a leaf at the root (a boolean, a
  // number) takes any present value otherwise
  if (!issues.length && value === null && !schema.safeParse(null).success)
    issues.push({ path: [], message: 'expected the documented answer, got null' })
  // a bare value as the whole answer has no envelope to recognise it by but its JSON type: a `0`
  // where `true` or `false` is documented is not the vendor's answer
  const type = value === null ? undefined : rootLeafType(schema)
  if (!issues.length && type !== undefined && typeof value !== type)
    issues.push({ path: [], message: `expected a ${type}, got ${describe(value)}` })
  return issues
}

const ROOT_LEAVES = new Set(['boolean', 'number', 'string'])
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional'])

const rootLeaves = new WeakMap<z.ZodType, string | undefined>()

/** The JSON type of an answer documented as one bare value, else undefined; found once a schema. */
function rootLeafType(schema: z.ZodType): string | undefined {
  if (rootLeaves.has(schema)) return rootLeaves.get(schema)
  const def = schema._zod.def as unknown as Def
  const type = WRAPPERS.has(def.type)
    ? rootLeafType(def.innerType!)
    : def.type === 'pipe'
      ? rootLeafType(def.in!)
      : ROOT_LEAVES.has(def.type)
        ? def.type
        : undefined
  rootLeaves.set(schema, type)
  return type
}

function checkOf(schema: z.ZodType): Check {
  const known = compiled.get(schema)
  if (known) return known
  // a recursive schema (a category tree) meets itself while compiling: refer to it lazily
  compiled.set(schema, (value, issues) => built(value, issues))
  const built = compile(schema)
  compiled.set(schema, built)
  return built
}

/** The zod 4 definition fields this file reads, by node type. */
interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  innerType?: z.ZodType
  options?: z.ZodType[]
  left?: z.ZodType
  right?: z.ZodType
  in?: z.ZodType
  valueType?: z.ZodType
  items?: z.ZodType[]
  rest?: z.ZodType | null
  values?: unknown[]
  getter?: () => z.ZodType
}

const pass: Check = () => true

function compile(schema: z.ZodType): Check {
  const def = schema._zod.def as unknown as Def
  switch (def.type) {
    case 'object':
      return objectCheck(def.shape ?? {})
    case 'array':
      return arrayCheck(checkOf(def.element!))
    case 'record':
      return recordCheck(checkOf(def.valueType!))
    case 'tuple':
      return tupleCheck(def.items!.map(checkOf), def.rest ? checkOf(def.rest) : undefined)
    case 'optional':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'nonoptional':
    case 'readonly':
      return undefinedAllowed(schema, checkOf(def.innerType!))
    case 'nullable': {
      const inner = checkOf(def.innerType!)
      // a nullable leaf takes what a leaf takes: anything present
      if (inner === presentCheck) return presentCheck
      return (value, issues) => value === null || inner(value, issues)
    }
    case 'lazy':
      return (value, issues) => checkOf(def.getter!())(value, issues)
    case 'pipe':
      // a codec or transform: the wire is what its input side reads
      return checkOf(def.in!)
    case 'union':
      return unionCheck(def.options!.map(checkOf))
    case 'intersection': {
      const left = checkOf(def.left!)
      const right = checkOf(def.right!)
      return (value, issues) => left(value, issues) && right(value, issues)
    }
    case 'literal':
      return literalCheck(def.values ?? [])
    case 'undefined':
      // an answer documented as no body at all: any body is another answer (a maintenance page)
      return (value, issues) => value === undefined || expected('no body', value, issues)
    case 'void':
    case 'any':
    case 'unknown':
    case 'custom':
    case 'transform':
      return pass
    default:
      // a leaf (string, number, enum, date text …): present is enough here
      return presentCheck
  }
}

function fail(issues: SchemaIssue[], message: string): false {
  if (issues.length < MAX_ISSUES) issues.push({ path: [], message })
  return false
}

/** Puts `key` in front of the paths of the issues found since `from`: paths cost only on failure. */
function under(issues: SchemaIssue[], from: number, key: PropertyKey): false {
  for (let i = from; i < issues.length; i++) issues[i]!.path = [key, ...issues[i]!.path]
  return false
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return value.length > 40 ? 'text' : `text ${JSON.stringify(value)}`
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`
}

const presentCheck: Check = (value, issues) =>
  value !== undefined || fail(issues, 'required, missing')

function undefinedAllowed(schema: z.ZodType, inner: Check): Check {
  // `.nonoptional()` and `.readonly()` keep the inner rule; the others let a missing value pass
  if (schema._zod.optin !== 'optional') return inner
  return (value, issues) => value === undefined || inner(value, issues)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const expected = (what: string, value: unknown, issues: SchemaIssue[]) =>
  fail(issues, `expected ${what}, got ${describe(value)}`)

function objectCheck(shape: Record<string, z.ZodType>): Check {
  const keys = Object.keys(shape)
  const checks = keys.map((key) => checkOf(shape[key]!))
  return compiledObjectCheck(keys, checks) ?? loopedObjectCheck(keys, checks)
}

/**
 * The object check written out as code, one read per key by its name. A read by a key that
 * changes from one turn of a loop to the next finds no shape cache and looks the key up anew,
 * while every row of a page has the same shape: checking a Softtr page of 100 orders took 21 µs
 * looped and takes 1.6 µs, a Mail Komplet page of 1,000 contacts 270 → 45 µs. Undefined where
 * code cannot be made from text (`--disallow-code-generation-from-strings`): the looped check
 * then runs, and finds the same (test/core/answer.test.ts).
 */
function compiledObjectCheck(keys: readonly string[], checks: readonly Check[]): Check | undefined {
  const steps = keys.map((key, i) => {
    const name = JSON.stringify(key)
    const failed = `{ ok = under(issues, from, ${name}); if (issues.length >= MAX_ISSUES) return ok }`
    // a leaf present needs no call: most members of a list's rows are leaves
    return checks[i] === presentCheck
      ? `if (value[${name}] === undefined) { from = issues.length; presentCheck(undefined, issues); ${failed} }`
      : `from = issues.length; if (!checks[${i}](value[${name}], issues)) ${failed}`
  })
  const body = `return function objectCheck(value, issues) {
    if (!isRecord(value)) return expected('an object', value, issues)
    let ok = true, from
    ${steps.join('\n    ')}
    return ok
  }`
  // code made of the schema's own keys, each written as a JSON string literal
  return fromCode<Check>(body, { checks, presentCheck, isRecord, expected, under, MAX_ISSUES })
}

function loopedObjectCheck(keys: readonly string[], checks: readonly Check[]): Check {
  return (value, issues) => {
    if (!isRecord(value)) return expected('an object', value, issues)
    let ok = true
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      const check = checks[i]!
      const field = value[key]
      if (check === presentCheck && field !== undefined) continue
      const from = issues.length
      if (check(field, issues)) continue
      ok = under(issues, from, key)
      if (issues.length >= MAX_ISSUES) break
    }
    return ok
  }
}

function arrayCheck(element: Check): Check {
  return (value, issues) => {
    if (!Array.isArray(value)) return expected('an array', value, issues)
    for (let i = 0; i < value.length; i++) {
      const from = issues.length
      if (!element(value[i], issues)) return under(issues, from, i)
    }
    return true
  }
}

function recordCheck(valueCheck: Check): Check {
  return (value, issues) => {
    if (!isRecord(value)) return expected('an object', value, issues)
    for (const key in value) {
      const from = issues.length
      if (!valueCheck(value[key], issues)) return under(issues, from, key)
    }
    return true
  }
}

function tupleCheck(items: Check[], rest: Check | undefined): Check {
  return (value, issues) => {
    if (!Array.isArray(value)) return expected('an array', value, issues)
    for (let i = 0; i < value.length; i++) {
      const check = items[i] ?? rest
      const from = issues.length
      if (check && !check(value[i], issues)) return under(issues, from, i)
    }
    return true
  }
}

function unionCheck(options: Check[]): Check {
  return (value, issues) => {
    const scratch: SchemaIssue[] = []
    for (const option of options) if (option(value, scratch)) return true
    return expected('one of the documented forms', value, issues)
  }
}

function literalCheck(values: readonly unknown[]): Check {
  const allowed = new Set(values)
  const names = values.map((v) => JSON.stringify(v)).join(' or ')
  return (value, issues) => allowed.has(value) || expected(names, value, issues)
}
