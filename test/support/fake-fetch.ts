/** A scripted `fetch`: answers (or failures) in order, and every request it was given. */
export type Script = Response | Error | ((request: Request) => Response | Promise<Response>)

export function scriptedFetch(...script: Script[]) {
  const requests: Request[] = []
  const bodies: (string | undefined)[] = []
  let next = 0
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    requests.push(request.clone())
    bodies.push(init?.body === undefined || init.body === null ? undefined : String(init.body))
    const step = script[Math.min(next++, script.length - 1)]!
    if (step instanceof Error) throw step
    return typeof step === 'function' ? step(request) : step.clone()
  }
  return Object.assign(fetchFn, { requests, bodies })
}

export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

export function refused(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  })
}

export function reset(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  })
}
