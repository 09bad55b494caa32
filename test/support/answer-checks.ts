/**
 * Schemas and near-miss answers for the structural check (`src/core/answer.ts`), and what a process
 * finds of them. Run as a script (`node --import tsx answer-checks.ts <seed>`), it prints every
 * case's issues as JSON: under `--disallow-code-generation-from-strings` it shows the check's
 * looped form, which answer.test.ts holds the compiled one to.
 */
import fc from 'fast-check'
import { z } from 'zod'
import { structuralIssues } from '../../src/core/answer.ts'
import { loyaltiiApi } from '../../src/apis/loyaltii/operations.ts'
import { mailkompletApi } from '../../src/apis/mailkomplet/operations.ts'
import { narwooApi } from '../../src/apis/narwoo/operations.ts'
import { setrowApi } from '../../src/apis/setrow/operations.ts'
import { softtrApi } from '../../src/apis/softtr/operations.ts'

/** Every operation's answer schema, and objects whose keys must be quoted to be read. */
export const schemas: Record<string, z.ZodType> = {
  quoted: z.object({
    'a-b': z.string(),
    '0': z.number(),
    'say "hi"': z.object({ 'back\\slash': z.string() }),
    'line\u2028break': z.string(),
  }),
}
for (const api of [setrowApi, softtrApi, narwooApi, loyaltiiApi, mailkompletApi])
  for (const [id, op] of Object.entries(api.operations))
    schemas[`${api.name}.${id}`] = op.response as z.ZodType

const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null))

/** Values shaped like `schema`, each part sometimes missing, null or of another kind. */
function nearMiss(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = schema._zod.def as unknown as {
    type: string
    shape?: Record<string, z.ZodType>
    element?: z.ZodType
    innerType?: z.ZodType
    in?: z.ZodType
    options?: z.ZodType[]
    getter?: () => z.ZodType
  }
  const wrong = fc.oneof(leaf, fc.constant(undefined), fc.constant([]), fc.constant({}))
  if (depth > 4) return wrong
  const inner = (s: z.ZodType) => nearMiss(s, depth + 1)
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {}
      const members = Object.fromEntries(
        Object.keys(shape).map((key) => [
          key,
          fc.option(inner(shape[key]!), { freq: 8, nil: undefined }),
        ]),
      )
      return fc.oneof({ weight: 9, arbitrary: fc.record(members) }, { weight: 1, arbitrary: wrong })
    }
    case 'array':
      return fc.oneof(
        { weight: 9, arbitrary: fc.array(inner(def.element!), { maxLength: 3 }) },
        wrong,
      )
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return inner(def.innerType!)
    case 'pipe':
      return inner(def.in!)
    case 'union':
      return fc.oneof(...def.options!.map(inner))
    case 'lazy':
      return inner(def.getter!())
    default:
      return fc.oneof({ weight: 9, arbitrary: leaf }, wrong)
  }
}

/** `runs` near-miss answers per schema, the same for a seed; as JSON answers are, undefined aside. */
export function cases(seed: number, runs = 8): [string, unknown][] {
  return Object.entries(schemas).flatMap(([name, schema]) =>
    fc
      .sample(nearMiss(schema), { seed, numRuns: runs })
      .map((value): [string, unknown] => [name, value]),
  )
}

/** Each case's issues. */
export function found(seed: number) {
  return cases(seed).map(([name, value]) => structuralIssues(schemas[name]!, value))
}

if (process.argv[1] === import.meta.filename)
  process.stdout.write(JSON.stringify(found(Number(process.argv[2]))))
