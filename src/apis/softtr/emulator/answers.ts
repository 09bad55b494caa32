/** Softtr's envelope for every answer the emulator gives, success or error. */
import { Spliced, spliced } from '../../../emulator/json.ts'
import { ErrorReply, json, type Answer, type EmulatorContext } from '../../../emulator/types.ts'
import { invalidParameterMessage, softtrErrors, type SofttrErrorKey } from '../errors.ts'

/**
 * `{status: 200, message: {code: 200, detail: {requestID}}, data}`; no `data` for updates. Data
 * holding cached rows comes `spliced` and stays so inside the envelope. A value for the host to
 * answer with, not a Response: a served emulator writes it straight out.
 */
export function ok(ctx: { requestId: string }, data?: unknown): unknown {
  const message = { code: 200, detail: { requestID: ctx.requestId } }
  if (data instanceof Spliced) return spliced({ status: 200, message, data: data.body })
  return data === undefined ? { status: 200, message } : { status: 200, message, data }
}

export function errorResponse(
  ctx: { requestId: string },
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return json(
    { status, message: { code: status, detail: { requestID: ctx.requestId, message, ...extra } } },
    status,
  )
}

/** An ErrorReply in Softtr's shape, from its error table; `parameter` fills `{parametre}`. */
export function fail(
  ctx: { requestId: string },
  key: SofttrErrorKey,
  parameter?: string,
  extra?: Record<string, unknown>,
): ErrorReply {
  const entry = softtrErrors[key]
  const message =
    key === 'invalidParameter' ? invalidParameterMessage(parameter ?? 'parametre') : entry.message
  return new ErrorReply(errorResponse(ctx, entry.status, message, extra))
}

/** Statuses Softtr does not document but a real server (or kopru's chaos) can send. */
const undocumented: Record<number, string> = {
  429: 'Çok fazla istek',
  501: 'Bu servis henüz desteklenmiyor',
  502: 'Geçersiz ağ geçidi yanıtı',
  503: 'Servis geçici olarak kullanılamıyor',
}

export function softtrAnswer(answer: Answer, ctx: EmulatorContext<unknown, unknown>): Response {
  switch (answer.kind) {
    case 'unauthorized':
      return fail(ctx, 'unauthorized').response
    case 'notFound':
      return fail(ctx, 'notFound').response
    case 'methodNotAllowed':
      return fail(ctx, 'methodNotAllowed').response
    case 'internal':
      return fail(ctx, 'internal').response
    case 'status':
      return errorResponse(
        ctx,
        answer.status,
        undocumented[answer.status] ?? softtrErrors.internal.message,
      )
    case 'invalid': {
      const problem = answer.problem
      if (problem.kind === 'tooMany' || problem.kind === 'tooLarge')
        return fail(ctx, 'limitExceeded').response
      if (problem.kind === 'invalid' && problem.field)
        return fail(ctx, 'invalidParameter', problem.field).response
      return fail(ctx, 'invalidRequest').response
    }
  }
}
