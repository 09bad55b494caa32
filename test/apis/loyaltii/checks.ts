/**
 * The client-against-emulator checks of a group of Loyaltii operations, in process and over a
 * socket: each operation's success, each failure as the client raises it, and that the group has
 * a success for every operation and a failure for the answers it documents beyond the model
 * errors and bodies over the limit (which the openapi-answers rows cover for all).
 */
import { describe, expect, it } from 'vitest'
import type { LoyaltiiOperationId } from '../../../src/apis/loyaltii/operations.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { loyaltiiError, modes, perTest, type Setup } from './setup.ts'

export type Check = (s: Setup) => Promise<void>
export type Failure = readonly [
  op: LoyaltiiOperationId,
  name: string,
  call: (s: Setup) => Promise<unknown>,
  code: string,
  status: number,
]

/** `everyCode`: a failure for each answer an operation documents, not only for one of them. */
export function checkOperations<Id extends LoyaltiiOperationId>(
  ops: Record<Id, OperationDef>,
  success: Record<Id, Check>,
  failures: readonly Failure[],
  { everyCode = false } = {},
): void {
  describe.each(modes)('%s', (mode) => {
    const current = perTest(mode)

    it.each(Object.entries<Check>(success))('%s answers as documented', async (_, check) => {
      await check(current())
    })

    const cases = failures.map(([op, name, call, code, status]) => ({
      op,
      name,
      call,
      code,
      status,
    }))
    it.each(cases)('$op refuses $name with $code (HTTP $status)', async (f) => {
      const error = await loyaltiiError(f.call(current()))
      expect(error.vendorCode).toBe(f.code)
      expect(error.httpStatus).toBe(f.status)
    })

    it('has a success check for every operation and a failure for each one that documents one', () => {
      expect(Object.keys(success).sort()).toEqual(Object.keys(ops).sort())
      const own = (codes: readonly string[]) =>
        codes.filter((c) => c !== 'invalidRequest' && c !== 'tooLarge')
      const documenting = Object.entries<OperationDef>(ops)
        .filter(([, op]) => own(op.errors ?? []).length)
        .map(([id]) => id)
      expect(documenting.filter((id) => !failures.some(([op]) => op === id))).toEqual([])
      if (!everyCode) return
      const documented = Object.entries<OperationDef>(ops).flatMap(([id, op]) =>
        own(op.errors ?? []).map((code) => `${id} ${code}`),
      )
      const raised = new Set(failures.map(([op, , , code]) => `${op} ${code}`))
      expect(documented.filter((pair) => !raised.has(pair))).toEqual([])
    })
  })
}
