/**
 * `kopru emulate mailkomplet --json` over a real socket: the line it prints (the baseCrypt in the
 * base URL, the key beside it), credentials from the environment, the client working against it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createMailKompletClient } from '../../../src/apis/mailkomplet/client.ts'

let child: ChildProcess
let printed: { mailkomplet: { baseUrl: string; auth: Record<string, string>; adminUrl: string } }

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['bin/kopru.js', 'emulate', 'mailkomplet', '--json', '--port', '0', '--size', 'contacts=30'],
    {
      env: {
        ...process.env,
        KOPRU_MAILKOMPLET_API_KEY: 'klic-z-prostredi',
        KOPRU_MAILKOMPLET_BASE_CRYPT: 'crypt-z-prostredi',
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
}, 30_000)

afterAll(async () => {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
})

it('prints {"mailkomplet":{"baseUrl":"http://127.0.0.1:PORT/api/<baseCrypt>","auth":{"apiKey":…}}}', () => {
  expect(printed.mailkomplet.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/crypt-z-prostredi$/)
  expect(printed.mailkomplet.auth).toEqual({ apiKey: 'klic-z-prostredi' })
})

it('serves the client over the socket with what it printed', async () => {
  const mk = createMailKompletClient({
    baseUrl: printed.mailkomplet.baseUrl,
    apiKey: printed.mailkomplet.auth.apiKey!,
    validate: 'strict',
  })
  expect((await mk.contacts.list({ pageSize: 1 })).totalRecordCount).toBe(30)
})
