import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  mailkompletApi,
  type MailKompletOperationId,
} from '../../../src/apis/mailkomplet/operations.ts'
import { createMailKompletClient } from '../../../src/apis/mailkomplet/client.ts'
import type { OperationDef } from '../../../src/core/operation.ts'
import { serveEmulators, type Serving } from '../../../src/emulator/serve.ts'
import { referenceEndpoints } from '../../support/reference.ts'
import { failures, success } from './cases.ts'
import { refused, setup, type Setup } from './support.ts'

const ops: Record<string, OperationDef> = mailkompletApi.operations

describe('the definition', () => {
  const rows = referenceEndpoints().filter((row) => row.api === 'mailkomplet')
  const normal = (path: string) => path.replace(/\{[^}]*\}/g, '{}')

  it('declares the 44 documented operations with their method, heading path and title', () => {
    const documented = rows.map((r) => `${r.method} ${normal(r.path)} ${r.title}`)
    const declared = Object.values(ops).map((o) => `${o.method} ${normal(o.path)} ${o.summary}`)
    expect(declared.sort()).toEqual(documented.sort())
    expect(declared).toHaveLength(44)
  })

  it('tells the operations sharing a route apart by query or body', () => {
    expect(ops['campaigns.get']!.match).toEqual({ query: ['campaignId'] })
    expect(ops['customColumns.delete']!.match).toEqual({ query: ['id'] })
    expect(ops['saleCouponGroups.update']!.match).toEqual({ query: [], body: ['couponGroupId'] })
  })
})

const ids = Object.keys(success) as MailKompletOperationId[]

describe('every operation through the client, in process', () => {
  it('has a success and a failure check for each of the 44 operations', () => {
    expect(ids.sort()).toEqual(Object.keys(ops).sort())
    expect(Object.keys(failures).sort()).toEqual(Object.keys(ops).sort())
  })

  it.each(ids)('%s succeeds', async (id) => {
    await success[id](setup())
  })

  it.each(ids)('%s answers its documented failure', async (id) => {
    await failures[id](setup())
  })

  it.each(ids)('%s refuses a wrong API key with 403', async (id) => {
    const s = setup()
    const wrong = createMailKompletClient({
      baseUrl: s.e.baseUrl(),
      apiKey: 'not-the-key',
      fetch: s.e.fetch,
      retry: false,
    })
    const params = Object.fromEntries(Object.keys(ops[id]!.params?.shape ?? {}).map((k) => [k, 1]))
    const call = (wrong.request as (id: string, input: object, o: object) => Promise<unknown>)(
      id,
      params,
      { validateInput: false },
    )
    await refused(call, 403)
  })
})

describe('every operation through the client, over a socket', () => {
  let serving: Serving
  let s: Setup
  beforeAll(async () => {
    s = setup()
    serving = await serveEmulators([s.e as never])
  })
  afterAll(() => serving.close())

  it.each(ids)('%s succeeds', async (id) => {
    s.e.reset()
    const mk = createMailKompletClient({
      baseUrl: serving.served[0]!.baseUrl,
      apiKey: s.e.credentials.apiKey!,
      retry: false,
      validate: 'strict',
    })
    await success[id]({ ...s, mk, state: s.e.state })
  })
})
