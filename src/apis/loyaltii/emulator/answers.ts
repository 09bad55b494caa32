/**
 * Loyaltii's answers that are not a handler's JSON, as ASP.NET Web API 2 gives them: a bare 404,
 * `{"Message": …}` with the status of the error table, the contact itself on a 409, and model
 * validation as `{"Message": "The request is invalid.", "ModelState": {field: [messages]}}` with
 * the DataAnnotations texts (assumed, README.md).
 */
import { wirePathOf, type OperationDef } from '../../../core/operation.ts'
import {
  ErrorReply,
  json,
  type Answer,
  type EmulatorContext,
  type InputIssue,
  type InputProblem,
} from '../../../emulator/types.ts'
import { errorText, loyaltiiErrors, type LoyaltiiErrorCode } from '../errors.ts'
import { loyaltiiApi } from '../operations.ts'

export function errorResponse(
  code: LoyaltiiErrorCode,
  values: Record<string, string> = {},
): Response {
  return json({ Message: errorText(code, values) }, loyaltiiErrors[code].status)
}

/** The vendor's refusal, thrown from handlers and domain rules. */
export function fail(code: LoyaltiiErrorCode, values?: Record<string, string>): ErrorReply {
  return new ErrorReply(errorResponse(code, values))
}

/** Web API's `NotFound()`: 404 and no body, which the .NET client reads as null. */
export function notFound(): ErrorReply {
  return new ErrorReply(new Response(null, { status: 404 }))
}

/** 409 with a contact as it is now (a stale Version, a taken e-mail or phone). */
export function conflictWith(contact: unknown): ErrorReply {
  return new ErrorReply(json(contact, 409))
}

/** 400 with Web API's model state: one or more fields and what is wrong with each. */
export function invalid(modelState: Record<string, string[]>): ErrorReply {
  return new ErrorReply(modelStateResponse(modelState))
}

function modelStateResponse(modelState: Record<string, string[]>): Response {
  return json({ Message: errorText('invalidRequest'), ModelState: modelState }, 400)
}

/** `OrderLines.0.Quantity` → `OrderLines[0].Quantity`, as Web API names a model member. */
function memberName(path: readonly PropertyKey[], fallback: string): string {
  let out = ''
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key)
  return out || fallback
}

/** DataAnnotations' texts for what zod found: required, too long, or a value of another type. */
function issueText(issue: InputIssue): string {
  const name = issue.field ?? 'value'
  if (issue.missing) return `The ${name} field is required.`
  const longest = /<=\s*(\d+)\s*characters/.exec(issue.detail)
  if (longest) return `The field ${name} must be a string with a maximum length of ${longest[1]}.`
  if (/>=\s*1\s*characters/.test(issue.detail)) return `The ${name} field is required.`
  const most = /<=\s*(\d+)\s*items/.exec(issue.detail)
  if (most)
    return `The field ${name} must be a string or array type with a maximum length of '${most[1]}'.`
  return `The value is not valid for ${name}.`
}

function problemResponse(problem: InputProblem): Response {
  switch (problem.kind) {
    case 'tooLarge':
      return errorResponse('tooLarge')
    case 'tooMany':
      return modelStateResponse({
        [memberName(problem.path, 'body')]: [
          `The field must be a string or array type with a maximum length of '${problem.max}'.`,
        ],
      })
    case 'malformed':
      return modelStateResponse({ [problem.location]: [problem.detail] })
    case 'invalid': {
      const state: Record<string, string[]> = {}
      for (const issue of problem.issues.slice(0, 20)) {
        const key = memberName(issue.path, issue.field ?? problem.location)
        ;(state[key] ??= []).push(issueText(issue))
      }
      return modelStateResponse(state)
    }
  }
}

// every path the API has, with its methods; ids in paths are Int32 (`{id:int}` in Web API's
// routes), so `Points/ForStores` is no point id, while a name (`{tableName}`) is any segment
const routes = Object.values(loyaltiiApi.operations as Record<string, OperationDef>).map((op) => {
  const shape: Record<string, { def: { type: string } }> = op.params?.shape ?? {}
  const pattern = wirePathOf(op).replace(/\{([^}]+)\}/g, (_, name: string) =>
    shape[name]?.def.type === 'string' ? '[^/]+' : '-?\\d{1,10}',
  )
  return [new RegExp(`^${pattern}/?$`), op.method] as const
})

/**
 * What Web API answers a request no action takes: 405 when the path takes other methods only,
 * else 404 (an unknown path, an id that is not a number, a query that selects no operation).
 */
function unrouted(request: Request): Response {
  const path = new URL(request.url).pathname
  const methods = new Set<string>(
    routes.filter(([pattern]) => pattern.test(path)).map(([, m]) => m),
  )
  if (methods.size && !methods.has(request.method))
    return json({ Message: errorText('methodNotAllowed', { method: request.method }) }, 405)
  return json({ Message: errorText('noResource', { uri: request.url }) }, 404)
}

export function loyaltiiAnswer(answer: Answer, ctx: EmulatorContext<unknown, unknown>): Response {
  switch (answer.kind) {
    case 'unauthorized':
      return errorResponse('unauthorized')
    case 'notFound':
    case 'methodNotAllowed':
      return unrouted(ctx.request)
    case 'internal':
      return errorResponse('internal')
    case 'status':
      // statuses only kopru's chaos settings produce: Web API's general failure text
      return json({ Message: errorText('internal') }, answer.status)
    case 'invalid':
      // a path value that is not an Int32 matches no route, as `{id:int}` does not
      return 'location' in answer.problem && answer.problem.location === 'params'
        ? unrouted(ctx.request)
        : problemResponse(answer.problem)
  }
}
