/** Setrow's envelope for every answer the emulator gives, success or error (assumed shape). */
import { ErrorReply, json, type Answer, type InputProblem } from '../../../emulator/types.ts'
import { setrowErrors, type SetrowErrorCode } from '../errors.ts'
import type { ItemStatus } from '../schemas.ts'

export function ok<T>(data: T): { status: 'success'; data: T } {
  return { status: 'success', data }
}

export function errorResponse(
  code: SetrowErrorCode,
  detail?: string,
  status: number = setrowErrors[code].status,
): Response {
  const entry = setrowErrors[code]
  return json(
    { status: 'error', code, message: entry.message, ...(detail ? { detail } : {}) },
    status,
  )
}

/** The vendor's refusal of a whole request, thrown from handlers and domain rules. */
export function fail(code: SetrowErrorCode, detail?: string): ErrorReply {
  return new ErrorReply(errorResponse(code, detail))
}

/** Per-item outcome of a bulk call: a status, or the E-code that refused the item. */
export type Outcome = ItemStatus | SetrowErrorCode

type ItemResult<K> = K & {
  index: number
  status: ItemStatus
  code?: SetrowErrorCode
  message?: string
}

/** `{total, succeeded, failed, results}`: one result per item, in request order. */
export function bulk<T, K extends object>(
  items: readonly T[],
  keys: (item: T) => K,
  apply: (item: T, index: number) => Outcome,
) {
  if (items.length === 0) throw fail('E102', 'the list is empty')
  const results: ItemResult<K>[] = []
  let failed = 0
  items.forEach((item, index) => {
    const outcome = apply(item, index)
    if (outcome.startsWith('E')) {
      const code = outcome as SetrowErrorCode
      failed++
      results.push({
        index,
        ...keys(item),
        status: 'error',
        code,
        message: setrowErrors[code].message,
      })
    } else results.push({ index, ...keys(item), status: outcome as ItemStatus })
  })
  return ok({ total: items.length, succeeded: items.length - failed, failed, results })
}

/** Fields that must be numbers: a value that is not answers E134, not E103. */
const numericFields = new Set(['hours', 'hour'])

function problemCode(problem: InputProblem): { code: SetrowErrorCode; detail: string } {
  switch (problem.kind) {
    case 'tooLarge':
      return { code: 'E125', detail: `the body is over ${problem.limitBytes} bytes` }
    case 'tooMany':
      return { code: 'E125', detail: `at most ${problem.max} items` }
    case 'malformed':
      return {
        code: problem.detail === 'a body is required' ? 'E102' : 'E124',
        detail: problem.detail,
      }
    case 'invalid': {
      const where = problem.path.length ? problem.path.map(String).join('.') : problem.field
      const detail = where ?? problem.location
      if (problem.missing) return { code: 'E100', detail }
      if (problem.field && numericFields.has(problem.field)) return { code: 'E134', detail }
      // an item that is not an object at all: the request's shape is wrong, not one value
      if (problem.location === 'body' && problem.field === undefined)
        return { code: 'E124', detail }
      return { code: 'E103', detail }
    }
  }
}

export function setrowAnswer(answer: Answer): Response {
  switch (answer.kind) {
    case 'unauthorized':
      return errorResponse('E401', answer.reason === 'missing' ? 'no bearer key' : undefined)
    case 'notFound':
      return errorResponse('E404')
    case 'methodNotAllowed':
      return errorResponse('E404', 'this path takes another method')
    case 'internal':
      return errorResponse('E101')
    case 'status':
      // statuses only kopru's chaos settings produce: the table's general failure, that status
      return errorResponse('E101', undefined, answer.status)
    case 'invalid': {
      const { code, detail } = problemCode(answer.problem)
      return errorResponse(code, detail)
    }
  }
}
