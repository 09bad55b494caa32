/**
 * Mail Komplet's answers: the record or `{data}` with 200 or 201, an empty body where the seed
 * says "Result of this operation is represented in response code", and `{message, errors?}`
 * (assumed) for every refusal.
 */
import { ErrorReply, json, type Answer, type InputProblem } from '../../../emulator/types.ts'
import { mailkompletErrors, type MailKompletErrorKey } from '../errors.ts'

export function errorResponse(
  key: MailKompletErrorKey,
  detail?: string,
  status: number = mailkompletErrors[key].status,
): Response {
  const { message } = mailkompletErrors[key]
  return json(detail ? { message, errors: [detail] } : { message }, status)
}

/** Mail Komplet's refusal of a request, thrown from handlers and domain rules. */
export function fail(key: MailKompletErrorKey, detail?: string): ErrorReply & { detail?: string } {
  // the detail kept readable for the rules that report it elsewhere (a bulk import's errors)
  return Object.assign(new ErrorReply(errorResponse(key, detail)), { detail })
}

export const badRequest = (detail: string) => fail('badRequest', detail)
export const notFound = (detail: string) => fail('notFound', detail)

/** 201 with the new record's id. */
export function created(body: unknown): Response {
  return json(body, 201)
}

/** The answer by status code alone. */
export function noBody(status = 200): Response {
  return new Response(null, { status })
}

function problemDetail(problem: InputProblem): { key: MailKompletErrorKey; detail: string } {
  switch (problem.kind) {
    case 'tooLarge':
      return { key: 'tooLarge', detail: `the body is over ${problem.limitBytes} bytes` }
    case 'tooMany':
      return { key: 'badRequest', detail: `${problem.path.join('.')}: at most ${problem.max}` }
    case 'malformed':
      return { key: 'badRequest', detail: problem.detail }
    case 'invalid': {
      const detail = problem.issues
        .slice(0, 5)
        .map(
          (i) =>
            `${i.path.length ? i.path.join('.') : (i.field ?? problem.location)}: ${i.missing ? 'required' : i.detail}`,
        )
        .join('; ')
      return { key: 'badRequest', detail }
    }
  }
}

export function mailkompletAnswer(answer: Answer): Response {
  switch (answer.kind) {
    case 'unauthorized':
      return errorResponse('forbidden')
    case 'notFound':
      return errorResponse('notFound', 'no such path')
    case 'methodNotAllowed':
      return errorResponse('methodNotAllowed')
    case 'internal':
      return errorResponse('internal')
    case 'status':
      // statuses only kopru's chaos settings (and 501) produce: the general failure, that status
      return errorResponse('internal', undefined, answer.status)
    case 'invalid': {
      const { key, detail } = problemDetail(answer.problem)
      return errorResponse(key, detail)
    }
  }
}
