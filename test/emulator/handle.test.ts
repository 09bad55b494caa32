import { afterAll, describe, expect, it } from 'vitest'
import { createSetrowClient } from '../../src/apis/setrow/client.ts'
import { createSofttrClient } from '../../src/apis/softtr/client.ts'
import { VendorApiError } from '../../src/core/errors.ts'
import { startEmulator, startEmulators, type EmulatorHandle } from '../../src/emulators.ts'

const handles: { close(): Promise<void> }[] = []
afterAll(async () => {
  for (const handle of handles) await handle.close()
})

async function setrow(options: Parameters<typeof startEmulator>[1] = {}) {
  const handle = await startEmulator('setrow', options)
  handles.push(handle)
  const client = createSetrowClient({
    baseUrl: handle.baseUrl,
    apiKey: handle.credentials.apiKey!,
    retry: false,
    ...(options.serve ? {} : { fetch: handle.fetch }),
  })
  return { handle, client }
}

describe('an emulator started for a user’s own tests', () => {
  it('answers in process with the credentials it names, and shows what it received', async () => {
    const { handle, client } = await setrow()
    const [group] = await client.groups.email.list()
    await client.email.add({ body: [{ email: 'ayse@example.com', groupId: group!.groupId }] })
    const calls = handle.requests({ operation: 'email.add' })
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ method: 'POST', status: 200 })
    expect(calls[0]!.body).toContain('ayse@example.com')
    expect(handle.requests().map((r) => r.operationId)).toEqual(['groups.email.list', 'email.add'])
  })

  it('serves on a free port when asked, and stops listening on close', async () => {
    const { handle, client } = await setrow({ serve: true })
    expect(handle.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await client.groups.email.list()).length).toBeGreaterThan(0)
    await handle.close()
    await expect(client.groups.email.list()).rejects.toThrow(/ECONNREFUSED/)
  })

  it('injects faults for chosen operations, and turns them off', async () => {
    const { handle, client } = await setrow()
    handle.chaos({ errors: { '429': 1 }, retryAfterSeconds: 0, operations: ['groups.email.list'] })
    await expect(client.groups.email.list()).rejects.toMatchObject({ httpStatus: 429 })
    handle.chaos({})
    expect((await client.groups.email.list()).length).toBeGreaterThan(0)
  })

  it('resets to its seed data, forgetting requests and chaos', async () => {
    const { handle, client } = await setrow()
    const [group] = await client.groups.email.list()
    await client.email.add({ body: [{ email: 'new@example.com', groupId: group!.groupId }] })
    handle.chaos({ drop: 1 })
    handle.reset()
    expect(handle.requests()).toEqual([])
    await expect(client.email.get({ email: 'new@example.com' })).rejects.toBeInstanceOf(
      VendorApiError,
    )
  })

  it('reseeds with other sizes, shows its state, and takes account switches', async () => {
    const { handle } = await setrow()
    handle.seed({ seed: 3, sizes: { emails: 5 } })
    const state = handle.state() as { contacts: { email: unknown[] } }
    expect(state.contacts.email).toHaveLength(5)
    expect(handle.switches({ accountActive: false })).toMatchObject({ accountActive: false })
  })

  it('starts several by name, closed together', async () => {
    const both = await startEmulators(['softtr', 'narwoo'], { seed: 2, sizes: {} })
    handles.push(both)
    const softtr: EmulatorHandle = both.softtr
    const client = createSofttrClient({
      baseUrl: softtr.baseUrl,
      fetch: softtr.fetch,
      username: softtr.credentials.username!,
      password: softtr.credentials.password!,
    })
    expect((await client.orders.list({ pageSize: 1 })).content).toHaveLength(1)
    expect(Object.keys(both.narwoo.credentials).sort()).toEqual(['userEmail', 'userPassword'])
  })

  it('names the APIs it knows when given another', async () => {
    await expect(startEmulator('mailchimp')).rejects.toThrow(/unknown API "mailchimp"; known: /)
  })
})
