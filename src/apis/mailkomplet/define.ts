/** Keeps the literal types of a group of operation records, checked as records. */
import type { OperationDef } from '../../core/operation.ts'

export function defineOps<const T extends Record<string, OperationDef>>(ops: T): T {
  return ops
}
