/** The baseCrypt travels in the path: errors, the request log and answer excerpts blank it. */
import { describe, expect, it } from 'vitest'
import { createMailKompletClient } from '../../../src/apis/mailkomplet/client.ts'
import { NetworkError, UnexpectedAnswerError } from '../../../src/core/errors.ts'
import { refused, setup } from './support.ts'

const CRYPT = 'tajnyBaseCrypt1234567890'

describe('the baseCrypt and the key are kept out of errors and logs', () => {
  it('blanks the baseCrypt in a vendor error’s URL', async () => {
    const s = setup({ credentials: { baseCrypt: CRYPT, apiKey: 'tajny-klic' } })
    const mk = createMailKompletClient({
      baseUrl: s.e.baseUrl(),
      apiKey: 'spatny-klic',
      fetch: s.e.fetch,
      retry: false,
    })
    const error = await refused(mk.mailingLists.list(), 403)
    expect(error.request!.url).toContain('/api/***/mailingLists')
    expect(JSON.stringify(error)).not.toContain(CRYPT)
    expect(error.message).not.toContain(CRYPT)
  })

  it('blanks the baseCrypt in the request log', async () => {
    const s = setup({ credentials: { baseCrypt: CRYPT, apiKey: 'tajny-klic' } })
    const mk = createMailKompletClient({
      baseUrl: s.e.baseUrl(),
      apiKey: 'tajny-klic',
      fetch: s.e.fetch,
      retry: false,
    })
    await mk.templates.list()
    const [entry] = s.e.log.list({ limit: 1 })
    expect(entry!.path).toBe('/api/***/templates')
  })

  it('blanks the baseCrypt and the key an unexpected answer echoes', async () => {
    const echo = (async (input: string | URL | Request) =>
      new Response(`<html>maintenance for ${String(input)} key tajny-klic</html>`, {
        status: 200,
        headers: { 'content-type': 'text/html' },
      })) as typeof fetch
    const mk = createMailKompletClient({
      baseCrypt: CRYPT,
      apiKey: 'tajny-klic',
      fetch: echo,
      retry: false,
    })
    const error = await mk.templates.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    const { bodyStart, request } = error as UnexpectedAnswerError
    expect(bodyStart).toContain('/api/***/templates')
    expect(bodyStart).not.toContain('tajny-klic')
    expect(request!.url).not.toContain(CRYPT)
  })

  it('blanks the baseCrypt when the network fails', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      })
    }) as typeof fetch
    const mk = createMailKompletClient({ baseCrypt: CRYPT, apiKey: 'k', fetch: down, retry: false })
    const error = (await mk.templates.list().catch((e: unknown) => e)) as NetworkError
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.request!.url).toBe('https://api.mail-komplet.cz/api/***/templates')
  })
})
