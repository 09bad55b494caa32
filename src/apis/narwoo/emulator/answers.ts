/** Narwoo's envelope for every answer the emulator gives, success or error. */
import {
  ErrorReply,
  json,
  type Answer,
  type EmulatorContext,
  type InputIssue,
  type InputProblem,
} from '../../../emulator/types.ts'
import { narwooErrors, type NarwooErrorKey } from '../errors.ts'
import { narwooApi } from '../operations.ts'
import { inputMessages } from '../schemas.ts'

export const SUCCESS_MESSAGE = 'İşlem Başarılı'

/** `{"o": …, "error": 0}` */
export function reply(o: Record<string, unknown>): { o: Record<string, unknown>; error: 0 } {
  return { o, error: 0 }
}

/** `{"o":{"errCode":0,"message":"İşlem Başarılı", …},"error":0}` */
export function done(extra: Record<string, unknown> = {}) {
  return reply({ errCode: 0, message: SUCCESS_MESSAGE, ...extra })
}

/**
 * A row of the error table as Narwoo sends it. `error` stays 0 for the PHP table's answers
 * (HTTP 200, the failure is in `errCode`) and is 1 only for failures in front of the API (assumed).
 */
export function errorResponse(key: NarwooErrorKey, status?: number): Response {
  const entry = narwooErrors[key]
  const http = status ?? entry.status
  return json(
    { o: { errCode: Number(entry.code), message: entry.message }, error: http >= 400 ? 1 : 0 },
    http,
  )
}

export function fail(key: NarwooErrorKey): ErrorReply {
  return new ErrorReply(errorResponse(key))
}

/** add-product / edit-product refused: `{"o":{"status":"error","errList":[…]},"error":0}` */
export function productProblems(errList: string[]): ErrorReply {
  return new ErrorReply(json(reply({ status: 'error', errList })))
}

const productWrites = new Set(['products.create', 'products.update'])

/** The fields whose absence has a code of its own; any other missing field is 42. */
const missingCodes: Record<string, NarwooErrorKey> = {
  order_number: 'orderNumberMissing',
  cargoCompanyName: 'cargoCompanyNotFound',
  cargo_number: 'cargoNumberMissing',
}

const ownMessages = new Set<string>(Object.values(inputMessages))

export function narwooAnswer(answer: Answer, _ctx: EmulatorContext<unknown, unknown>): Response {
  switch (answer.kind) {
    case 'unauthorized':
      return errorResponse(answer.reason === 'missing' ? 'tokenMissing' : 'tokenInvalid')
    case 'notFound':
      return errorResponse('notFound')
    case 'methodNotAllowed':
      return errorResponse('methodNotAllowed')
    case 'internal':
      return errorResponse('internal')
    case 'status':
      return errorResponse('failed', answer.status)
    case 'invalid':
      return invalidInput(answer.problem, answer.operationId)
  }
}

function invalidInput(problem: InputProblem, operationId: string): Response {
  const products = productWrites.has(operationId)
  if (problem.kind === 'malformed' && problem.location === 'body') {
    // a body Narwoo cannot read is one without parameters, as PHP's $_POST would see it
    const op = narwooApi.operations[operationId as keyof typeof narwooApi.operations]
    const absent = op && 'body' in op ? op.body.safeParse({}).error?.issues[0] : undefined
    const field = absent?.path.find((p): p is string => typeof p === 'string')
    return errorResponse((field && missingCodes[field]) || 'missingParameter')
  }
  // refused in front of the API, as a web server refuses a body over its limit (assumed)
  if (problem.kind === 'tooLarge') return errorResponse('failed', 413)
  if (problem.kind !== 'invalid') return errorResponse('failed')
  if (products) {
    if (problem.path.length === 1 && problem.missing) return errorResponse('missingParameter')
    return productProblems(problem.issues.map(describeIssue)).response
  }
  if (problem.missing) return errorResponse(missingCodes[problem.field ?? ''] ?? 'missingParameter')
  return errorResponse('failed')
}

/** `productList[0].price: geçersiz değer (Kuruş ayrımı için nokta(.) kullanınız)` */
export function describeIssue(issue: InputIssue): string {
  const where = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('')
  const what = issue.missing ? 'zorunlu alan eksik' : 'geçersiz değer'
  return `${where}: ${what}${ownMessages.has(issue.detail) ? ` (${issue.detail})` : ''}`
}
