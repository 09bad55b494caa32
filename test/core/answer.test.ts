import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { structuralIssues } from '../../src/core/answer.ts'
import { dateText, textInt } from '../../src/core/schema.ts'
import { cases, found, schemas } from '../support/answer-checks.ts'

const envelope = z.object({
  status: z.literal('success'),
  data: z.object({
    total: z.number().int(),
    items: z.array(z.object({ id: z.number(), name: z.string(), note: z.string().optional() })),
    meta: z.object({ page: z.number() }).nullable(),
  }),
})
const good = {
  status: 'success',
  data: { total: 1, items: [{ id: 1, name: 'a' }], meta: null },
}
const paths = (value: unknown, schema: z.ZodType = envelope) =>
  structuralIssues(schema, value).map((i) => i.path.join('.'))

describe('structuralIssues', () => {
  it('passes the documented answer, with extra keys, a missing optional and drifted leaf types', () => {
    expect(structuralIssues(envelope, good)).toEqual([])
    const drifted = {
      status: 'success',
      extra: true,
      data: { total: '1', items: [{ id: '1', name: 7, more: [] }], meta: { page: 'one' } },
    }
    expect(structuralIssues(envelope, drifted)).toEqual([])
  })

  it.each([
    ['HTML', '<html><body>Bakım çalışması</body></html>'],
    ['an empty body', undefined],
    ['null', null],
    ['cut-off JSON', '{"status":"success","data":{"tot'],
    ['an array', [good]],
    ['a number', 200],
  ])('refuses %s at the root', (_, body) => {
    const issues = structuralIssues(envelope, body)
    expect(issues).toHaveLength(1)
    expect(issues[0]!.path).toEqual([])
    expect(issues[0]!.message).toMatch(/^expected an object, got /)
  })

  it('names the path of a missing envelope, a missing required field and a wrong container', () => {
    expect(paths({ data: good.data })).toEqual(['status'])
    expect(paths({ status: 'success' })).toEqual(['data'])
    expect(paths({ ...good, data: { ...good.data, items: [{ id: 1 }] } })).toEqual([
      'data.items.0.name',
    ])
    expect(paths({ ...good, data: { ...good.data, items: { id: 1 } } })).toEqual(['data.items'])
    expect(paths({ ...good, data: { ...good.data, meta: [] } })).toEqual(['data.meta'])
    expect(paths({ ...good, status: 'error' })).toEqual(['status'])
  })

  it('reads codecs by their wire side, unions by any option, records and recursive trees', () => {
    const codecs = z.object({ n: textInt(), d: dateText('dd-mm-yyyy').optional() })
    expect(paths({ n: 'x' }, codecs)).toEqual([])
    expect(paths({}, codecs)).toEqual(['n'])
    const union = z.union([z.object({ a: z.string() }), z.array(z.never()).max(0)])
    expect(paths([], union)).toEqual([])
    expect(paths({ a: 'x' }, union)).toEqual([])
    expect(paths('text', union)).toEqual([''])
    interface Node {
      name: string
      sub: Record<string, Node>
    }
    const node: z.ZodType<Node> = z.lazy(() =>
      z.object({ name: z.string(), sub: z.record(z.string(), node) }),
    )
    expect(paths({ name: 'a', sub: { x: { name: 'b', sub: {} } } }, node)).toEqual([])
    expect(paths({ name: 'a', sub: { x: { sub: {} } } }, node)).toEqual(['sub.x.name'])
  })

  it('reports a value nested deeper than the stack as an issue, never a thrown RangeError', () => {
    interface Node {
      sub?: Node
    }
    const node: z.ZodType<Node> = z.lazy(() => z.object({ sub: node.optional() }))
    let deep: Node = {}
    for (let i = 0; i < 200_000; i++) deep = { sub: deep }
    expect(structuralIssues(node, deep).map((i) => i.message)).toEqual([
      'nested too deep to be read',
    ])
  })

  it('stops after five issues, and an array at its first failing element', () => {
    const items = Array.from({ length: 50 }, () => ({}))
    const many = z.object(
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, z.string()])),
    )
    expect(structuralIssues(many, {}).length).toBe(5)
    // an array stops at its first element that fails
    expect(paths({ ...good, data: { ...good.data, items } })).toEqual([
      'data.items.0.id',
      'data.items.0.name',
    ])
  })
})

describe('answers that are no body, or a bare value', () => {
  it.each([
    ['no body', undefined, 0],
    ['an HTML page', '<html>Bakım</html>', 1],
    ['an object', {}, 1],
    ['null', null, 1],
  ])('z.undefined() given %s: %i issues', (_, body, count) => {
    expect(structuralIssues(z.undefined(), body)).toHaveLength(count)
  })

  it('refuses null as a whole answer unless the answer may be null', () => {
    expect(structuralIssues(z.boolean(), null)).toEqual([
      { path: [], message: 'expected the documented answer, got null' },
    ])
    expect(structuralIssues(z.number().nullable(), null)).toEqual([])
    expect(structuralIssues(z.boolean(), false)).toEqual([])
    expect(structuralIssues(z.object({ a: z.string() }), { a: null })).toEqual([])
  })

  it('refuses a bare value of another JSON type as a whole answer, drift in a field still passes', () => {
    expect(structuralIssues(z.boolean(), 0)).toEqual([
      { path: [], message: 'expected a boolean, got a number' },
    ])
    expect(structuralIssues(z.number().int().optional(), 'abc')).toEqual([
      { path: [], message: 'expected a number, got text "abc"' },
    ])
    expect(structuralIssues(z.string(), 7)).toEqual([
      { path: [], message: 'expected a string, got a number' },
    ])
    expect(structuralIssues(z.number(), 12)).toEqual([])
    expect(structuralIssues(z.object({ ok: z.boolean() }), { ok: 0 })).toEqual([])
  })
})

describe('the object check written out as code', () => {
  it('reads keys that must be quoted in code by their names', () => {
    const all: Record<string, unknown> = {
      'a-b': 'x',
      '0': 1,
      'say "hi"': { 'back\\slash': 'y' },
      'line\u2028break': 'z',
    }
    expect(structuralIssues(schemas.quoted!, all)).toEqual([])
    for (const key of Object.keys(all)) {
      const { [key]: _, ...rest } = all
      expect(paths(rest, schemas.quoted)).toEqual([key])
    }
    expect(paths({ ...all, 'say "hi"': {} }, schemas.quoted)).toEqual(['say "hi".back\\slash'])
  })

  it('finds what the looped check finds, over near misses of every answer schema', async () => {
    // the looped check is what a process that may not make code from text runs
    const script = fileURLToPath(new URL('../support/answer-checks.ts', import.meta.url))
    const seed = 18
    const looped = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--disallow-code-generation-from-strings', '--import', 'tsx', script, String(seed)],
        { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    )
    const compiled = found(seed)
    expect(compiled.length).toBe(cases(seed).length)
    // near misses: most cases fail somewhere, some pass
    expect(compiled.filter((issues) => issues.length).length).toBeGreaterThan(compiled.length / 2)
    expect(compiled.some((issues) => !issues.length)).toBe(true)
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(JSON.parse(looped))
  })
})
