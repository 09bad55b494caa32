import { describe, expect, it } from 'vitest'
import {
  RawJson,
  encodePooled,
  json,
  release,
  spliced,
  stringify,
} from '../../src/emulator/json.ts'

describe('spliced answers', () => {
  it('splices cached texts where they stand, nested and in arrays', () => {
    const rows = [new RawJson('{"a":1}'), new RawJson('[2,"x"]')]
    const text = stringify(spliced({ data: { content: rows, n: 2 }, tail: new RawJson('"ü"') }))
    expect(JSON.parse(text)).toEqual({ data: { content: [{ a: 1 }, [2, 'x']], n: 2 }, tail: 'ü' })
  })

  it('serialises everything else exactly as JSON.stringify does', () => {
    const body = {
      s: 'çü"\\',
      n: 1.5,
      skip: undefined,
      list: [undefined, null, () => 1, new Date('2026-01-02T03:04:05Z')],
      nested: { empty: {}, arr: [] },
    }
    expect(stringify(spliced(body))).toBe(JSON.stringify(body))
  })

  it('serialises a RawJson outside a spliced body as its value', () => {
    expect(JSON.stringify({ v: new RawJson('{"b":[1]}') })).toBe('{"v":{"b":[1]}}')
    expect(stringify({ v: new RawJson('2') })).toBe('{"v":2}')
  })

  it('answers bytes with the JSON content type', async () => {
    const response = json(spliced({ rows: [new RawJson('{"x":"ş"}')] }), 201)
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await response.json()).toEqual({ rows: [{ x: 'ş' }] })
  })
})

describe('encodePooled', () => {
  const big = spliced({ rows: Array.from({ length: 2000 }, (_, i) => new RawJson(`{"n":${i}}`)) })

  it('encodes as json() does, reusing a buffer only once it is released', async () => {
    const first = encodePooled(big) as Uint8Array
    expect(Buffer.from(first).toString()).toBe(await json(big).text())
    const second = encodePooled(big) as Uint8Array
    expect(second.buffer === first.buffer).toBe(false)
    release(first)
    release(first)
    const third = encodePooled(big) as Uint8Array
    expect(third.buffer === first.buffer).toBe(true)
    expect((encodePooled(big) as Uint8Array).buffer === first.buffer).toBe(false)
  })
})
