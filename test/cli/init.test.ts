/**
 * The files the README has a newcomer write (`kopru init`, `kopru openapi -o`) and the project's own
 * checks: kopru.yaml is written as prettier writes YAML, so `npm run lint` passes with it in the
 * checkout; a generated OpenAPI document is kept out of the formatter, as `openapi/` is. And
 * `init --port` writes the ports `emulate --port` serves.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as prettier from 'prettier'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { apiNames, registry } from '../../src/apis/registry.ts'
import { configSchema } from '../../src/sync/config.ts'
import { kopru, root } from '../support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-init-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Whether prettier, with the project's settings, would leave `text` in `file` as it is. */
async function formatted(file: string, text: string): Promise<boolean> {
  const options = await prettier.resolveConfig(join(root, 'kopru.yaml'))
  return prettier.check(text, { ...options, filepath: file })
}

/** The APIs the starter kopru.yaml connects (those a pipeline syncs today). */
const SYNCED = ['setrow', 'softtr', 'narwoo', 'loyaltii', 'mailkomplet']

const portsOf = (text: string) => {
  const config = configSchema.parse(parse(text))
  return Object.fromEntries(
    Object.entries(config.connections).map(([api, c]) => [api, Number(new URL(c.baseUrl).port)]),
  )
}

describe('kopru init', () => {
  it('writes a commented kopru.yaml that parses and that prettier leaves as it is', async () => {
    const file = join(dir, 'kopru.yaml')
    const run = await kopru(['init', '-c', file])
    expect(run.code, run.stderr).toBe(0)
    const text = readFileSync(file, 'utf8')
    expect(text).toMatch(/^# /m)
    expect(portsOf(text)).toEqual(
      Object.fromEntries(SYNCED.map((api) => [api, registry[api]!.defaultPort])),
    )
    expect(await formatted(file, text)).toBe(true)
    expect(run.stdout).toContain(`wrote ${file}\n`)
    expect(run.stdout).toMatch(/^ {2}kopru emulate {3}\(in another terminal\)$/m)
    expect(run.stdout).toContain(`kopru sync -c ${file}`)
  })

  it('never overwrites one without --force', async () => {
    const file = join(dir, 'kept.yaml')
    expect((await kopru(['init', '-c', file])).code).toBe(0)
    const again = await kopru(['init', '-c', file])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/exists; --force overwrites it/)
    expect((await kopru(['init', '-c', file, '--force'])).code).toBe(0)
  })

  it('--port N writes the ports kopru emulate --port N serves, and says that command', async () => {
    const file = join(dir, 'ports.yaml')
    const run = await kopru(['init', '-c', file, '--port', '5100'], {
      env: { npm_lifecycle_event: 'kopru' },
    })
    expect(run.code, run.stderr).toBe(0)
    const text = readFileSync(file, 'utf8')
    // kopru emulate serves the APIs in the registry's order from the first port
    expect(portsOf(text)).toEqual(
      Object.fromEntries(SYNCED.map((api) => [api, 5100 + apiNames.indexOf(api)])),
    )
    expect(run.stdout).toContain('  npm run kopru -- emulate --port 5100   (in another terminal)')
    expect(text).toContain('# For the local emulators (npm run kopru -- emulate --port 5100)')
    expect(await formatted(file, text)).toBe(true)
  })

  it('--port api=N moves one API', async () => {
    const file = join(dir, 'one.yaml')
    const run = await kopru(['init', '-c', file, '--port', 'softtr=9402'])
    expect(run.code, run.stderr).toBe(0)
    expect(portsOf(readFileSync(file, 'utf8'))).toMatchObject({
      softtr: 9402,
      setrow: registry.setrow!.defaultPort,
    })
    expect(run.stdout).toContain(`kopru emulate softtr --port 9402`)
  })

  it.each([
    [['--port', 'softr=9402'], /--port softr=9402: no API "softr" \(did you mean softtr\?\)/],
    [['--port', '70000'], /--port must be a port from 1 to 65535/],
    [['--port', 'x'], /--port must be a whole number/],
    [['--port', '65535'], /--port 65535: the 5 APIs need ports up to 65539\n/],
  ])('refuses %j with usage help, writing nothing', async (args, message) => {
    const file = join(dir, 'refused.yaml')
    const run = await kopru(['init', '-c', file, ...args])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(() => readFileSync(file)).toThrow()
  })

  it('names a folder that is not there, and a directory given as the file, in one line, exit 1', async () => {
    const missing = join(dir, 'no-such-folder', 'kopru.yaml')
    const run = await kopru(['init', '-c', missing])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      `kopru: cannot write ${missing}: there is no folder ${join(dir, 'no-such-folder')}\n`,
    )
    const folder = await kopru(['init', '-c', dir, '--force'])
    expect(folder.code).toBe(1)
    expect(folder.stderr).toBe(
      `kopru: ${dir} is a directory; -c names the file to write, e.g. ${join(dir, 'kopru.yaml')}\n`,
    )
  })
})

describe('kopru openapi -o', () => {
  it('says what it wrote: the document openapi/<api>.json holds', async () => {
    const file = join(dir, 'softtr.openapi.json')
    const run = await kopru(['openapi', 'softtr', '-o', file])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(
      new RegExp(`^wrote ${file}: OpenAPI 3\\.1\\.0 of Softtr, 5 operations, \\d+ KiB\\n$`),
    )
    expect(readFileSync(file, 'utf8')).toBe(
      readFileSync(join(root, 'openapi', 'softtr.json'), 'utf8'),
    )
  })

  it('as the README names it, the file is kept out of the formatter’s check, as openapi/ is', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const named = /kopru -- openapi softtr -o (\S+)/.exec(readme)?.[1]
    expect(named).toBeDefined()
    const ignorePath = join(root, '.prettierignore')
    for (const path of [named!, 'openapi/softtr.json'])
      expect(await prettier.getFileInfo(join(root, path), { ignorePath }), path).toMatchObject({
        ignored: true,
      })
    // and it needs to be: prettier would reflow the generated JSON
    const text = readFileSync(join(root, 'openapi', 'softtr.json'), 'utf8')
    expect(await formatted(join(dir, 'softtr.json'), text)).toBe(false)
  })

  it('a file it cannot write is one line, exit 1', async () => {
    const run = await kopru(['openapi', 'softtr', '-o', join(dir, 'missing', 'x.json')])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^kopru: cannot write .*x\.json: ENOENT/)
  })
})
