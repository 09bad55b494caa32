/**
 * Bulk bodies parsed without the fields they leave out. zod parses an object by running every
 * field of its shape, present or not, and makes two objects for each: a 1,000-row upsert whose
 * rows carry 2 of their 27 fields made 54,000 objects to check it, in 335 µs against 145 µs
 * without the absent fields (bench/setrow-upsert.bench.ts).
 *
 * `leanSchema(schema, value)` is the schema with the fields `value` leaves out taken away, where
 * that cannot change zod's verdict: an absent field whose schema takes and gives `undefined`
 * (`.optional()`, no default) adds nothing to the output and its issues are dropped, so zod
 * answers `value` the same, data and issues alike. Made for rows: an array of flat objects, as the
 * body or as a field of it, when every row carries the same fields (a batch built by one program);
 * kept per schema by the fields carried. Anything else is parsed with the schema as it is.
 */
import { z } from 'zod'

type Schema = z.core.$ZodType
type Def = z.core.$ZodTypeDef & {
  element?: Schema
  shape?: Record<string, Schema>
  checks?: unknown[]
}

/** a row's fields are bits of one number */
const MAX_FIELDS = 31
/** lean schemas kept per schema: batches vary little, and an odd one is parsed in full */
const MAX_KEPT = 32

interface Plan {
  /** what the value's lean schema is kept by; undefined for a value parsed in full */
  signature(value: unknown): number | string | undefined
  make(value: unknown): Schema
  kept: Map<number | string, Schema>
}

const plans = new WeakMap<Schema, Plan | null>()

/** `schema` without the fields `value` leaves out, or undefined when `schema` itself is as lean. */
export function leanSchema(schema: Schema, value: unknown): Schema | undefined {
  let plan = plans.get(schema)
  if (plan === undefined) plans.set(schema, (plan = planOf(schema)))
  if (!plan) return undefined
  const signature = plan.signature(value)
  if (signature === undefined) return undefined
  let lean = plan.kept.get(signature)
  if (!lean) {
    if (plan.kept.size >= MAX_KEPT) return undefined
    lean = plan.make(value)
    plan.kept.set(signature, lean)
  }
  return lean
}

function defOf(schema: Schema): Def {
  return schema._zod.def as Def
}

function planOf(schema: Schema): Plan | null {
  return rowsPlan(schema) ?? bodyPlan(schema)
}

/** Which fields of a flat object a value carries, as bits; those always parsed are always set. */
class Fields {
  readonly names: string[]
  readonly always: number
  private readonly bits = new Map<string, number>()

  constructor(readonly object: Schema) {
    const shape = defOf(object).shape!
    this.names = Object.keys(shape)
    let always = 0
    this.names.forEach((name, i) => {
      this.bits.set(name, 1 << i)
      const field = shape[name]!._zod
      // a default, a required field: parsed whether or not the value carries it
      if (!(field.optin === 'optional' && field.optout === 'optional')) always |= 1 << i
    })
    this.always = always
  }

  /**
   * As zod tells presence (`key in input`), read from the value's own keys: a plain object's
   * fields are its own (`flatFields` takes no shape with a name Object.prototype has), and
   * enumerable, as a body read from JSON or a form has them. Undefined for anything else.
   */
  of(value: unknown): number | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return undefined
    let bits = this.always
    for (const key in value) bits |= this.bits.get(key) ?? 0
    return bits
  }

  /** the object schema with only the fields `bits` names, in the shape's order */
  pick(bits: number, replaced: Record<string, Schema> = {}): Schema {
    const shape = defOf(this.object).shape!
    const picked: Record<string, Schema> = {}
    this.names.forEach((name, i) => {
      if (bits & (1 << i)) picked[name] = replaced[name] ?? shape[name]!
    })
    return z.core.clone(this.object, { ...defOf(this.object), shape: picked } as Def)
  }
}

function flatFields(schema: Schema | undefined): Fields | undefined {
  if (!schema) return undefined
  const def = defOf(schema)
  // an object's own refinements see the whole object: it is parsed as it is
  if (def.type !== 'object' || def.checks?.length) return undefined
  const names = Object.keys(def.shape!)
  if (names.length > MAX_FIELDS || names.some((name) => name in Object.prototype)) return undefined
  return new Fields(schema)
}

/** An array of flat objects: one lean element for rows that all carry the same fields. */
function rowsPlan(schema: Schema): Plan | null {
  const def = defOf(schema)
  const fields = def.type === 'array' ? flatFields(def.element) : undefined
  if (!fields) return null
  const signature = (value: unknown) => {
    if (!Array.isArray(value) || value.length === 0) return undefined
    const bits = fields.of(value[0])
    if (bits === undefined) return undefined
    for (let i = 1; i < value.length; i++) if (fields.of(value[i]) !== bits) return undefined
    return bits
  }
  return {
    signature,
    make: (value) =>
      z.core.clone(schema, { ...def, element: fields.pick(signature(value)!) } as Def),
    kept: new Map(),
  }
}

/** A flat object with fields of rows (`{contacts: [...]}`): lean itself, and its rows too. */
function bodyPlan(schema: Schema): Plan | null {
  const fields = flatFields(schema)
  if (!fields) return null
  const shape = defOf(schema).shape!
  const rows = new Map<string, Plan>()
  for (const name of fields.names) {
    const plan = rowsPlan(shape[name]!)
    if (plan) rows.set(name, plan)
  }
  if (!rows.size) return null
  const parts = (value: unknown) => {
    const bits = fields.of(value)
    if (bits === undefined) return undefined
    const lean: [string, Plan, number][] = []
    for (const [name, plan] of rows) {
      if (!(name in (value as object))) continue
      const signature = plan.signature((value as Record<string, unknown>)[name])
      if (typeof signature !== 'number') return undefined
      lean.push([name, plan, signature])
    }
    return { bits, lean }
  }
  return {
    signature(value) {
      const found = parts(value)
      return found && [found.bits, ...found.lean.map(([name, , bits]) => `${name}:${bits}`)].join()
    },
    make(value) {
      const { bits, lean } = parts(value)!
      const replaced: Record<string, Schema> = {}
      for (const [name, plan] of lean) replaced[name] = plan.make((value as never)[name])
      return fields.pick(bits, replaced)
    },
    kept: new Map(),
  }
}
