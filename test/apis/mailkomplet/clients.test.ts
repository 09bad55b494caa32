/**
 * The bodies and headers public clients send (shared/reference/mailkomplet.md §4.2), sent raw,
 * get the answers those clients expect.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UnexpectedAnswerError } from '../../../src/core/errors.ts'
import { serveEmulators, type Serving } from '../../../src/emulator/serve.ts'
import { client, setup, type MkEmulator } from './support.ts'

describe('what public clients send, served unchanged', () => {
  it('PrestaShop: POST contacts/ with a trailing slash, a string list id and boolean columns', async () => {
    const s = setup()
    const list = s.state.data.mailingLists[1]!.mailingListId
    const answer = await s.raw('POST', '/contacts/', {
      body: {
        name: 'Jana',
        surname: 'Nováková',
        email: 'jana@example.cz',
        sex: false,
        mailingListIds: [String(list)],
        customColumns: { ps_country: 'CZ', ps_shop: 'Můj obchod', ps_consent: true },
      },
    })
    expect(answer.status).toBe(201)
    const contact = s.state.contactByEmail('jana@example.cz')!
    expect(contact.lists.map((l) => l.mailingListId)).toEqual([list])
    const [read] = (await s.mk.contacts.list({ email: 'jana@example.cz' })).data
    expect(read!.customColumns).toMatchObject({ cc_ps_country: 'CZ', cc_ps_consent: true })
  })

  it.each([
    [{ email: 'woo1@example.cz', mailingListIds: ['1'] }],
    [{ email: 'woo2@example.cz', name: 'Petr', surname: 'Svoboda', mailingListIds: ['1'] }],
  ])('WooCommerce: POST contacts with %j', async (body) => {
    const s = setup()
    expect((await s.raw('POST', '/contacts', { body })).status).toBe(201)
  })

  it('the raw key after Basic is the credential; base64 of user:password is not', async () => {
    const s = setup()
    expect((await s.raw('GET', '/mailingLists')).status).toBe(200)
    const base64 = `Basic ${Buffer.from(`user:${s.e.credentials.apiKey}`).toString('base64')}`
    expect((await s.raw('GET', '/mailingLists', { auth: base64 })).status).toBe(403)
    expect((await s.raw('GET', '/mailingLists', { auth: null })).status).toBe(403)
  })

  it('a client that puts its API key in the baseCrypt slot gets 403', async () => {
    const s = setup()
    const base = s.e.baseUrl().replace(s.e.credentials.baseCrypt!, s.e.credentials.apiKey!)
    const answer = await s.raw('POST', '/contacts', { base, body: { email: 'bot@example.cz' } })
    expect(answer.status).toBe(403)
    expect(s.state.contactByEmail('bot@example.cz')).toBeUndefined()
  })

  it('GET mailingLists without a query gives data[] with mailingListId and name (a select box)', async () => {
    const s = setup()
    const answer = await s.raw('GET', '/mailingLists/')
    expect(answer.status).toBe(200)
    const data = answer.body!.data as { mailingListId: number; name: string }[]
    expect(data.map((l) => typeof l.mailingListId + typeof l.name)).toContain('numberstring')
  })

  it('POST subscribeContacts with the dispatcher and the lists as text from the environment', async () => {
    const s = setup()
    const dispatcherId = String(s.state.data.dispatchers[0]!.dispatcherId)
    const answer = await s.raw('POST', '/subscribeContacts', {
      body: { email: 'web@example.cz', mailingListIds: ['2'], dispatcherId },
    })
    expect(answer.status).toBe(201)
    expect(answer.body).toEqual({ subscribeRequestId: expect.any(Number) })
  })

  it('the Symfony mailer transport: its shape is taken, with exactly 200', async () => {
    const s = setup()
    const answer = await s.raw('POST', '/transactionalEmails', {
      body: {
        email: {
          subject: 'Objednávka přijata',
          fromAddress: 'shop@example.cz',
          fromDisplayName: 'Shop',
          to: [{ address: 'zakaznik@example.cz' }, { address: 'kopie@example.cz' }],
          replyTo: 'podpora@example.cz',
          bodyHtml: '<p>Děkujeme</p>',
          bodyText: 'Děkujeme',
          attachments: [
            {
              name: 'faktura.txt',
              content: 'VGhpcyBpcyB0ZXN0',
              contentType: 'text/plain',
              ContentID: 'f1',
            },
          ],
          Tag: 'objednavka',
          headers: [
            { Name: 'Message-ID', Value: '<abc@example.cz>' },
            { Name: 'X-MK-KeepID', Value: 'true' },
          ],
        },
      },
    })
    expect(answer.status).toBe(200)
    expect((answer.body!.data as unknown[]).length).toBe(2)
    expect(s.state.data.transactionalEmails.at(-1)!.tags).toBe('objednavka')
  })

  it('keeps orders/json (the WordPress plugin’s, not in the seed) a 404, as decided', async () => {
    const s = setup()
    const answer = await s.raw('POST', '/orders/json', { body: [{ email: 'a@b.cz', orderId: 1 }] })
    expect(answer.status).toBe(404)
  })
})

describe('PrestaShop’s bodiless PUT, over a socket', () => {
  let serving: Serving
  let s: ReturnType<typeof setup>
  beforeAll(async () => {
    s = setup()
    serving = await serveEmulators([s.e as never])
  })
  afterAll(() => serving.close())

  it.each([
    ['no body at all', {}],
    ['an empty chunked body', { 'transfer-encoding': 'chunked' }],
  ])('answers %s with 400, not a crash', async (_what, headers) => {
    const url = new URL(`${serving.served[0]!.baseUrl}/contacts/1`)
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'PUT',
          headers: { authorization: `Basic ${s.e.credentials.apiKey}`, ...headers },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode!)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(400)
  })
})

/**
 * The emulator behind a vendor gone wrong: `query` changes what reaches it, `answer` what comes
 * back; every request URL is kept.
 */
function altered(
  e: MkEmulator,
  {
    query,
    answer,
  }: {
    query?: (q: URLSearchParams) => void
    answer?: (body: { totalRecordCount: number; pageCount?: number }) => void
  },
) {
  const requests: URL[] = []
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(new Request(input, init).url)
    query?.(url.searchParams)
    requests.push(url)
    const response = await e.fetch(url, init)
    if (!answer) return response
    const body = (await response.json()) as Parameters<NonNullable<typeof answer>>[0]
    answer(body)
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    })
  }
  return { mk: client(e, { fetch: fetch as typeof globalThis.fetch }), requests }
}

describe('paging: totalRecordCount bounds every walk', () => {
  it('walks the emulator’s lists to their count, asking for no page past it', async () => {
    const s = setup()
    const contacts = altered(s.e, {})
    expect(await contacts.mk.contacts.iterate({ pageSize: 7 }).toArray()).toHaveLength(
      s.state.data.contacts.length,
    )
    expect(contacts.requests).toHaveLength(Math.ceil(s.state.data.contacts.length / 7))
    // sale coupons have no pageCount: the count alone ends the walk at a full last page
    const coupons = altered(s.e, {})
    expect(await coupons.mk.saleCoupons.iterate({ pageSize: 10 }).toArray()).toHaveLength(30)
    expect(coupons.requests.map((u) => u.searchParams.get('page'))).toEqual(['1', '2', '3'])
  })

  it('does not take a page size capped below the one asked for as the last page', async () => {
    const s = setup()
    const { mk } = altered(s.e, {
      query: (q) => q.set('pageSize', String(Math.min(5, Number(q.get('pageSize'))))),
    })
    const error = await mk.saleCoupons
      .iterate({ pageSize: 10 })
      .toArray()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect((error as Error).message).toMatch(
      /page 1 holds 5 items where 10 were due \(totalRecordCount 30, pageSize 10\): 25 would be lost/,
    )
  })

  it('does not trust pageCount 1 when totalRecordCount counts more', async () => {
    const s = setup()
    const { mk } = altered(s.e, { answer: (body) => (body.pageCount = 1) })
    const error = await mk.contacts
      .iterate({ pageSize: 7 })
      .toArray()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnexpectedAnswerError)
    expect((error as Error).message).toMatch(
      /page 1 is the last by pageCount 1, but totalRecordCount/,
    )
  })
})
