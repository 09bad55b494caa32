/**
 * `kopru emulate loyaltii --json` over a real socket: the line it prints, the key from the
 * environment, and the client working against it, the personal-data file on the same origin.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createLoyaltiiClient } from '../../../src/apis/loyaltii/client.ts'

let child: ChildProcess
let printed: { loyaltii: { baseUrl: string; auth: Record<string, string>; adminUrl: string } }

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      'bin/kopru.js',
      'emulate',
      'loyaltii',
      '--json',
      '--port',
      '0',
      '--size',
      'contacts=50',
      '--size',
      'points=300',
    ],
    {
      env: { ...process.env, KOPRU_LOYALTII_API_KEY: 'min-hemmelige-nøgle' },
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

it('prints the base URL replacing https://api.loyaltii.com and the key it accepts', () => {
  expect(printed.loyaltii.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  expect(printed.loyaltii.auth).toEqual({ apiKey: 'min-hemmelige-nøgle' })
})

it('serves the client over the socket, pages and links included', async () => {
  const { baseUrl, auth } = printed.loyaltii
  const loyaltii = createLoyaltiiClient({ baseUrl, apiKey: auth.apiKey!, validate: 'strict' })
  expect(await loyaltii.contacts.list()).toHaveLength(50)
  expect(await loyaltii.points.iterate({ lastId: 0 }).toArray()).toHaveLength(300)
  const url = await loyaltii.contacts.getPersonDataFile({ id: 1 })
  expect(new URL(url).origin).toBe(new URL(baseUrl).origin)
  expect(((await (await fetch(url)).json()) as { Contact: { Id: number } }).Contact.Id).toBe(1)
})
