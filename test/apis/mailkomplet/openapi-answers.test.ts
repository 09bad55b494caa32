/**
 * Mail Komplet's emulator answers against openapi/mailkomplet.json: every operation's success and
 * own failure (the call tables of cases.ts, through the client), then what any operation answers,
 * each status and body validated against the document.
 */
import { describe, expect, it } from 'vitest'
import { mailkompletApi } from '../../../src/apis/mailkomplet/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { answerChecker, documentedStatuses } from '../../support/openapi-answers.ts'
import { failures, success } from './cases.ts'
import { client, setup } from './support.ts'

const doc = toOpenApi(mailkompletApi, version)
const checker = answerChecker(doc)
const operations: Record<string, OperationDef> = mailkompletApi.operations
const ids = Object.keys(operations) as (keyof typeof success)[]
const seen = new Map<string, Set<number>>()
/** The document's id of an operation: two sharing a route are one document operation. */
const docIds = [...documentedStatuses(doc).keys()]
const docId = (id: string) => docIds.find((d) => d.split('_or_').includes(id)) ?? id
const note = (id: string, status: number) => seen.set(id, (seen.get(id) ?? new Set()).add(status))

/** A setup whose client checks every answer it gets against the document. */
function checked() {
  const s = setup()
  const problems: string[] = []
  const mk = client(s.e, {
    hooks: {
      afterResponse: ({ operationId, status, body }) => {
        note(operationId, status)
        problems.push(...checker.problems(docId(operationId), status, body))
      },
    },
  })
  return { s: { ...s, mk }, problems }
}

describe('Mail Komplet emulator answers, validated against openapi/mailkomplet.json', () => {
  it.each(ids)('%s: success and its own failure', async (id) => {
    const ok = checked()
    await success[id](ok.s)
    const bad = checked()
    await failures[id](bad.s)
    expect([...ok.problems, ...bad.problems]).toEqual([])
  })

  it.each(ids)('%s: 400, 403, 404, 405 and 500 as any operation', async (id) => {
    const s = setup()
    const op = operations[id]!
    const path = op.path.replace(/\{[^}]+\}/g, '1')
    const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : '{}'
    // malformed JSON, a path id that is not one, or every query field empty
    const query = Object.keys(op.query?.shape ?? {})
      .map((k) => `${k}=`)
      .join('&')
    const invalid = op.body
      ? () => s.raw(op.method, path, { body: '{"email":' })
      : op.params
        ? () => s.raw(op.method, op.path.replace(/\{[^}]+\}/g, 'abc'))
        : () => s.raw(op.method, `${path}?${query}`)
    const rows: [number, () => Promise<{ status: number; body: unknown }>][] = [
      [400, invalid],
      [403, () => s.raw(op.method, path, { auth: 'Basic wrong', body })],
      [404, () => s.raw(op.method, `${path}/nowhere/else`, { body })],
      // no path of the API takes PATCH
      [405, () => s.raw('PATCH', path, { body: '{}' })],
      [
        500,
        () => (s.e.chaos.configure({ errors: { '500': 1 } }), s.raw(op.method, path, { body })),
      ],
    ]
    for (const [status, call] of rows) {
      const answer = await call()
      expect(answer.status).toBe(status)
      note(id, status)
      expect(checker.problems(docId(id), status, answer.body)).toEqual([])
    }
  })

  it.each(['contacts.import', 'transactionalEmails.send'] as const)(
    '%s: 413 for a body over the limit',
    async (id) => {
      const s = setup()
      const answer = await s.raw('POST', operations[id]!.path, {
        body: `{"x":"${'a'.repeat(17 * 1024 * 1024)}"}`,
      })
      expect(answer.status).toBe(413)
      note(id, 413)
      expect(checker.problems(docId(id), 413, answer.body)).toEqual([])
    },
  )

  it('has a row for every answer the document gives', () => {
    // a document operation shared by two (`a_or_b`) is covered by an answer of either
    const missing = [...documentedStatuses(doc)].flatMap(([id, statuses]) =>
      statuses
        .filter((st) => !id.split('_or_').some((one) => seen.get(one)?.has(st)))
        .map((st) => `${id} ${st}`),
    )
    expect(missing).toEqual([])
  })
})
