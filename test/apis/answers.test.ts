/**
 * Every operation of every API, as a user's client calls it, given a 2xx answer that is not the
 * vendor's: it rejects with an UnexpectedAnswerError in every validation mode; it never resolves.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { UnexpectedAnswerError } from '../../src/core/errors.ts'
import { pathParamNames, wirePathOf } from '../../src/core/operation.ts'
import { registry } from '../../src/apis/registry.ts'

/** A good login answer, so that a client which logs in first reaches the operation itself. */
const login = () => Response.json({ o: { errCode: 0, token: 'a-token-of-some-length' }, error: 0 })

const entries = Object.values(registry)

describe.each(entries.map((e) => [e.api.name, e] as const))(
  '%s',
  (_, { api, emulator, createClient }) => {
    const ids = Object.keys(api.operations)
    const credentials = Object.fromEntries(Object.keys(emulator.credentials).map((k) => [k, 'x']))

    it('refuses any byte string as a 2xx answer of any operation, in every validation mode', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ids),
          fc.constantFrom('strict' as const, 'warn' as const, 'off' as const),
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.string({ maxLength: 300 }).filter((s) => !isJson(s)),
            fc.constantFrom('<html><body>503 Bakım</body></html>', '', 'null', '{"status":'),
          ),
          async (id, validate, body) => {
            const op = api.operations[id]!
            // a body that is itself the documented answer (none where none is due, `null` where a
            // null is) is the vendor's: nothing to refuse
            if (isDocumentedAnswer(op.response, body)) return
            const client = createClient({
              baseUrl: api.baseUrl,
              credentials,
              retry: false,
              validate,
              logger: { warn: () => {} },
              fetch: async (input) =>
                String(input instanceof Request ? input.url : input).includes('login') &&
                id !== 'auth.login'
                  ? login()
                  : new Response(body, { status: 200, headers: { 'content-type': 'text/html' } }),
            })
            const input = Object.fromEntries(pathParamNames(wirePathOf(op)).map((p) => [p, '1']))
            const call = client.request(id as never, input, { validateInput: false })
            await expect(call).rejects.toBeInstanceOf(UnexpectedAnswerError)
          },
        ),
        { numRuns: 400 },
      )
    })
  },
)

function isDocumentedAnswer(response: z.ZodType, body: string | Uint8Array): boolean {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body)
  if (text.trim() === '') return response.safeParse(undefined).success
  return isJson(text) && response.safeParse(JSON.parse(text)).success
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
