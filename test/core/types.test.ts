import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import type { CallerShape } from '../../src/core/types.ts'

describe('CallerShape', () => {
  it('keeps the named fields of a loose object beside the keys no schema names', () => {
    const _loose = z.looseObject({ Version: z.string(), Name: z.string().optional() })
    type Input = CallerShape<typeof _loose>
    expectTypeOf<Input>().toHaveProperty('Version').toEqualTypeOf<string>()
    expectTypeOf<{ Version: string; Tier: 'Guld' }>().toExtend<Input>()
    expectTypeOf<{ Name: string }>().not.toExtend<Input>()
    expectTypeOf<{ Version: string; Name: number }>().not.toExtend<Input>()
  })

  it('keeps a record’s value type and an object’s optionality as before', () => {
    expectTypeOf<CallerShape<z.ZodRecord<z.ZodString, z.ZodNumber>>>().toEqualTypeOf<{
      [key: string]: number
    }>()
    const _plain = z.object({ a: z.number(), b: z.string().default('x') })
    expectTypeOf<CallerShape<typeof _plain>>().toEqualTypeOf<{ a: number; b?: string }>()
  })
})
