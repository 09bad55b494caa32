import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mailkompletState } from '../../../src/apis/mailkomplet/emulator/state.ts'
import { mailkompletApi } from '../../../src/apis/mailkomplet/operations.ts'
import { emailText, isAddressAsIs } from '../../../src/apis/mailkomplet/schemas.ts'
import { createWebhookReceiver } from '../../../src/apis/mailkomplet/receiver.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { emulator } from './support.ts'

// cases per property; KOPRU_FUZZ_RUNS=3000 for a longer hunt
const RUNS = Number(process.env.KOPRU_FUZZ_RUNS ?? 200)
const e = emulator()
const BASE = e.baseUrl()
const ORIGIN = new URL(BASE).origin
const ops = Object.values(mailkompletApi.operations as Record<string, OperationDef>)
const GOOD = `Basic ${e.credentials.apiKey}`

/** One call in process; over 2 s fails the property. Status and text. */
async function send(method: string, url: string, body?: string, auth: string | null = GOOD) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (auth !== null) headers.authorization = auth
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method} ${url} hung for 2 s`)), 2000)
  })
  try {
    const response = await Promise.race([e.fetch(url, { method, headers, body }), hung])
    return { status: response.status, text: await response.text() }
  } finally {
    clearTimeout(timer)
  }
}

/** Never a 5xx; an error is Mail Komplet's `{message}`; the state still a valid dump. */
function expectHandled({ status, text }: { status: number; text: string }) {
  expect(status).toBeLessThan(500)
  if (status >= 400)
    expect(JSON.parse(text)).toEqual(expect.objectContaining({ message: expect.any(String) }))
}

const junk = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    '-1',
    '0',
    '1e3',
    '9'.repeat(40),
    '%',
    '%zz',
    'true',
    'null',
    '1;2|3',
    ',,',
  ),
)
const opArb = fc.constantFrom(...ops)
const property = <T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<void>) =>
  fc.assert(fc.asyncProperty(arb, run), { numRuns: RUNS })

describe('Mail Komplet emulator under malformed input', () => {
  it('answers any query on any operation without a 5xx', () =>
    property(
      fc.tuple(
        opArb,
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom(
                'page',
                'pageSize',
                'id',
                'contactIds',
                'mailingListIds',
                'email',
                'campaignId',
                'operationId',
                'unassign',
                'isTesting',
                'from',
                '__proto__',
              ),
              junk,
            ),
            junk,
          ),
          { maxLength: 4 },
        ),
        junk,
      ),
      async ([op, fields, segment]) => {
        const search = new URLSearchParams(fields).toString()
        const path = op.path.replace(/\{[^}]+\}/g, encodeURIComponent(segment) || 'x')
        expectHandled(await send(op.method, `${BASE}${path}?${search}`))
      },
    ))

  it('answers any body on any write without a 5xx, leaving a state that dumps and loads', () =>
    property(
      fc.tuple(
        opArb.filter((op) => op.method !== 'GET'),
        fc.oneof(
          fc.json({ maxDepth: 4 }),
          junk,
          fc.constantFrom(
            '{"email":',
            '[]',
            '{"email": {"to": null}}',
            '{"contacts": [{}]}',
            '{"sms": {"to": [{}]}}',
          ),
          fc
            .record({
              email: fc.oneof(fc.emailAddress(), junk),
              mailingListIds: fc.array(fc.oneof(fc.integer(), junk), { maxLength: 3 }),
              customColumns: fc.dictionary(junk, fc.oneof(fc.integer(), fc.boolean(), junk), {
                maxKeys: 3,
              }),
            })
            .map((b) => JSON.stringify(b)),
        ),
      ),
      async ([op, body]) => {
        const path = op.path.replace(/\{[^}]+\}/g, '1')
        expectHandled(await send(op.method, `${BASE}${path}`, body))
      },
    ).then(() =>
      expect(mailkompletState.safeParse(JSON.parse(JSON.stringify(e.dump()))).success).toBe(true),
    ))

  it('answers any path and credential with 403, 404 or 405, never a 5xx', () =>
    property(
      fc.tuple(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'),
        fc.oneof(
          junk.map(encodeURIComponent),
          fc.constantFrom('contacts', 'contacts/bulk', 'saleCoupons/abc', '..', '%2e%2e', 'a%2Fb'),
        ),
        fc.oneof(fc.constant(e.credentials.baseCrypt!), junk.map(encodeURIComponent)),
        fc.oneof(
          fc.constant<string | null>(GOOD),
          fc.constant(null),
          junk.map((j) => `Basic ${encodeURIComponent(j)}`),
        ),
      ),
      async ([method, rest, crypt, auth]) => {
        const answer = await send(method, `${ORIGIN}/api/${crypt || 'x'}/${rest}`, undefined, auth)
        expect(answer.status).toBeLessThan(500)
      },
    ))

  it('answers any tracker report with 200, 400 or 413', () =>
    property(fc.oneof(fc.json({ maxDepth: 4 }), junk), async (body) => {
      const response = await e.fetch(`${ORIGIN}/tracker/events`, { method: 'POST', body })
      expect([200, 400, 413]).toContain(response.status)
    }))
})

describe('the webhook receiver under malformed payloads', () => {
  it('answers 200 or 400, and keeps every 400', () => {
    const receiver = createWebhookReceiver({ onEvent: () => undefined })
    return property(fc.oneof(fc.json({ maxDepth: 3 }), junk), async (body) => {
      const before = receiver.rejected.length
      const response = await receiver.fetch(new Request('http://x/', { method: 'POST', body }))
      expect([200, 400]).toContain(response.status)
      if (response.status === 400) expect(receiver.counts.rejected).toBeGreaterThan(0)
      if (response.status === 400 && before < 1000)
        expect(receiver.rejected.length).toBe(before + 1)
    })
  })
})

describe('the bulk import’s quick address check', () => {
  // made of the characters that decide the verdict: blanks, @, dots, and any other text
  const piece = fc.oneof(
    fc.constantFrom('@', '.', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'a', 'ž', '1'),
    fc.string({ unit: 'grapheme', maxLength: 4 }),
  )
  const text = fc.oneof(
    fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
    fc.nat({ max: 300 }).map((n) => `${'a'.repeat(n)}@example.cz`),
  )

  it('takes an address only when the schema takes it unchanged', () =>
    fc.assert(
      fc.property(text, (value) => {
        if (!isAddressAsIs(value)) return
        expect(emailText.safeParse(value)).toEqual({ success: true, data: value })
      }),
      { numRuns: RUNS * 10 },
    ))

  it('takes the plain addresses of a bulk import', () => {
    for (const address of ['jana@example.cz', 'a.b+c@sub.example.co.uk', 'ž@é.cz'])
      expect(isAddressAsIs(address)).toBe(true)
    for (const address of [' jana@example.cz', 'jana@example', `${'a'.repeat(250)}@x.cz`])
      expect(isAddressAsIs(address)).toBe(false)
  })
})
