/**
 * `kopru emulate narwoo --json` over a real socket: the line it prints, credentials from the
 * environment, and the client working against it, label link included.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createNarwooClient } from '../../../src/apis/narwoo/client.ts'

let child: ChildProcess
let printed: { narwoo: { baseUrl: string; auth: Record<string, string>; adminUrl: string } }

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      'bin/kopru.js',
      'emulate',
      'narwoo',
      '--json',
      '--port',
      '0',
      '--size',
      'orders=40',
      '--size',
      'products=10',
    ],
    {
      env: {
        ...process.env,
        KOPRU_NARWOO_USER_EMAIL: 'magaza@ornek.com.tr',
        KOPRU_NARWOO_USER_PASSWORD: 'gizli-sifre',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const lines = createInterface({ input: child.stdout! })
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`kopru emulate exited with ${code}`)))
  })
  printed = JSON.parse(first) as typeof printed
})

afterAll(async () => {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
})

it('prints the base URL replacing https://www.narwoo.com/api and the credentials it accepts', () => {
  expect(printed.narwoo.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/)
  expect(printed.narwoo.auth).toEqual({
    userEmail: 'magaza@ornek.com.tr',
    userPassword: 'gizli-sifre',
  })
})

it('serves the client over the socket, and the UPS label on the same origin', async () => {
  const { baseUrl, auth } = printed.narwoo
  const narwoo = createNarwooClient({
    baseUrl,
    userEmail: auth.userEmail!,
    userPassword: auth.userPassword!,
    validate: 'strict',
  })
  const orders = await narwoo.orders.iterate({ start_date: '2020-01-01 00:00' }).toArray()
  expect(orders).toHaveLength(40)
  const open = []
  for (const order of orders) {
    const detail = await narwoo.orders.detail(order.orderNumber)
    if (detail.paid && !detail.canceled) open.push(order.orderNumber)
  }
  for (const orderNumber of open) {
    const booked = await narwoo.cargo
      .createIntegration({ order_number: orderNumber })
      .catch(() => undefined)
    if (!booked) continue
    expect(new URL(booked.cargoLabelLink).origin).toBe(new URL(baseUrl).origin)
    const label = await fetch(booked.cargoLabelLink)
    expect(label.status).toBe(200)
    expect(await label.text()).toContain(booked.cargoKey)
    return
  }
  throw new Error('no order could be booked with UPS')
})
