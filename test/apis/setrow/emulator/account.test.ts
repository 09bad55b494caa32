import { describe, expect, it } from 'vitest'
import { createSetrowClient } from '../../../../src/apis/setrow/client.ts'
import { expectCode, setup } from '../setup.ts'

describe('authentication', () => {
  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic a29wcnU6eA=='],
    ['a wrong key', 'Bearer not-the-key'],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with E401', async (_, authorization) => {
    const s = setup()
    const response = await s.emulator.fetch(`${s.emulator.baseUrl()}/group/email`, {
      headers: authorization ? { authorization } : {},
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({
      status: 'error',
      code: 'E401',
      message: 'User auth failed.',
    })
  })

  it('accepts the key from the environment and refuses the default then', async () => {
    const s = setup({ env: { KOPRU_SETROW_API_KEY: 'from-env' } })
    expect(s.emulator.credentials.apiKey).toBe('from-env')
    const stale = createSetrowClient({
      baseUrl: s.emulator.baseUrl(),
      apiKey: 'kopru-setrow-key',
      fetch: s.emulator.fetch,
    })
    await expectCode(stale.groups.email.list(), 'E401')
  })

  it('checks the key before the account switches', async () => {
    const s = setup()
    s.setSwitches({ accountActive: false, ipAllowed: false })
    const stale = createSetrowClient({
      baseUrl: s.emulator.baseUrl(),
      apiKey: 'x',
      fetch: s.emulator.fetch,
    })
    await expectCode(stale.groups.email.list(), 'E401')
    await expectCode(s.client.groups.email.list(), 'E403')
  })
})

describe('account switches', () => {
  it.each([
    [{ accountActive: false }, 'E145', 403],
    [{ ipAllowed: false }, 'E403', 403],
  ])('%j refuses every operation with %s', async (switches, code, status) => {
    const s = setup()
    s.setSwitches(switches)
    for (const call of [
      s.client.groups.email.list(),
      s.client.email.add({ body: [{ email: 'a@example.com', groupId: s.groupOf('email') }] }),
      s.client.iys.errors({ hours: 24 }),
    ])
      await expectCode(call, code)
    const answer = await s.raw('GET', '/category')
    expect(answer.status).toBe(status)
  })

  it('without SMS settings answers E110 on SMS sending features', async () => {
    const s = setup()
    const number = s.member('sms').address
    s.setSwitches({ smsSettings: false })
    await expectCode(s.client.sms.get({ number }), 'E110')
    await expectCode(s.client.groups.sms.list(), 'E110')
    await expectCode(s.client.sms.report({ number }), 'E110')
  })

  it('without SMS settings still keeps the SMS unsubscribe list', async () => {
    const s = setup()
    s.setSwitches({ smsSettings: false })
    expect((await s.client.unsubscribe.sms.add({ number: '5321112233' })).status).toBe('added')
  })

  it('without an IYS pool answers E146 on IYS calls only', async () => {
    const s = setup()
    s.setSwitches({ iysPool: false })
    await expectCode(s.client.iys.successes({ hours: 1 }), 'E146')
    await expect(s.client.groups.email.list()).resolves.toHaveLength(6)
  })

  it('refuses unknown switches and wrong values through the admin API', async () => {
    const s = setup()
    const put = (body: unknown) =>
      s.emulator.app.fetch(
        new Request('http://setrow/__kopru/switches', {
          method: 'PUT',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
      )
    expect((await put({ miniplan: true })).status).toBe(400)
    expect((await put({ miniPlan: 'yes' })).status).toBe(400)
    expect(await (await put({ miniPlan: true })).json()).toMatchObject({
      miniPlan: true,
      accountActive: true,
    })
  })
})

describe('general answers', () => {
  it.each([
    ['GET', '/nowhere', 404],
    ['GET', '/email', 404],
    ['PUT', '/email/add', 404],
    ['PATCH', '/group/email', 404],
  ])('%s %s answers E404', async (method, path, status) => {
    const s = setup()
    const answer = await s.raw(method, path)
    expect(answer.status).toBe(status)
    expect(answer.body).toMatchObject({ status: 'error', code: 'E404' })
  })

  it('answers a failure inside the emulator with E101, as JSON', async () => {
    const s = setup()
    // a store that breaks under the handler
    Object.defineProperty(s.state, 'categories', {
      get: () => {
        throw new Error('broken')
      },
    })
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      const answer = await s.raw('GET', '/category')
      expect(answer.status).toBe(500)
      expect(answer.body).toMatchObject({
        code: 'E101',
        message: 'An error occurred during an operation.',
      })
    } finally {
      console.error = original
    }
    expect(errors).toHaveLength(1)
  })

  it.each([429, 502, 503])('answers chaos status %i with E101 and that status', async (status) => {
    const s = setup({ chaos: { errors: { [String(status)]: 1 } } })
    const answer = await s.raw('GET', '/group/email')
    expect(answer.status).toBe(status)
    expect(answer.body).toMatchObject({ status: 'error', code: 'E101' })
  })
})
