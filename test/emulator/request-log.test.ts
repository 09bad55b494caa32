import { describe, expect, it } from 'vitest'
import { RequestLog } from '../../src/emulator/request-log.ts'

const entry = (operationId: string) => ({
  at: '2026-12-06T08:00:00.000Z',
  method: 'GET',
  path: '/x',
  query: '',
  operationId,
  status: 200,
  durationMs: 1,
  requestId: 'r',
})

describe('the request log', () => {
  it('lists the last `limit` entries, oldest first, none for a limit of 0', () => {
    const log = new RequestLog(5)
    for (const id of ['a', 'b', 'a', 'c']) log.add(entry(id))
    expect(log.list({ limit: 2 }).map((e) => [e.seq, e.operationId])).toEqual([
      [3, 'a'],
      [4, 'c'],
    ])
    expect(log.list({ operationId: 'a' }).map((e) => e.seq)).toEqual([1, 3])
    expect(log.list({ limit: 0 })).toEqual([])
  })

  it('keeps a window of its capacity, numbering on across it', () => {
    const log = new RequestLog(3)
    for (let i = 0; i < 10; i++) log.add(entry(`op${i}`))
    expect(log.list({ limit: 100 }).map((e) => e.seq)).toEqual([8, 9, 10])
  })
})
