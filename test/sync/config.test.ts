/** kopru.yaml as `loadConfig` reads it: what it refuses is a `ConfigError` naming the file and field. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/core/errors.ts'
import { checkConfig, loadConfig } from '../../src/sync/config.ts'

const dir = mkdtempSync(join(tmpdir(), 'kopru-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const withBaseUrl = (baseUrl: string) => ({
  connections: { softtr: { baseUrl, env: { username: 'KOPRU_SOFTTR_USERNAME' } } },
})

describe('loadConfig', () => {
  it('refuses a directory as the file, naming it', () => {
    expect(() => loadConfig(dir)).toThrow(ConfigError)
    expect(() => loadConfig(dir)).toThrow(`${dir} is a directory, not a kopru configuration file`)
  })

  it('refuses a base URL that is not http(s) when the file is read', () => {
    const file = join(dir, 'ftp.yaml')
    writeFileSync(file, 'connections:\n  softtr:\n    baseUrl: ftp://127.0.0.1:4402/api\n')
    expect(() => loadConfig(file)).toThrow(
      `${file} has errors:\n  connections.softtr.baseUrl: "ftp://127.0.0.1:4402/api" is not an http(s) URL`,
    )
  })
})

describe('a connection’s baseUrl', () => {
  it.each(['ftp://127.0.0.1:4402/api', 'file:///etc/passwd', 'http:/no-host', 'localhost:4402'])(
    'refuses %s, as kopru call --base-url does',
    (baseUrl) => {
      expect(() => checkConfig(withBaseUrl(baseUrl), 'kopru.yaml')).toThrow(
        `connections.softtr.baseUrl: ${JSON.stringify(baseUrl)} is not an http(s) URL`,
      )
    },
  )

  it.each([
    'http://127.0.0.1:4402/api',
    'https://www.example.com/api',
    'HTTPS://API.EXAMPLE.COM',
    // Mail Komplet's, its account's baseCrypt filled in later
    'http://127.0.0.1:4405/api/{baseCrypt}',
  ])('takes %s', (baseUrl) => {
    expect(checkConfig(withBaseUrl(baseUrl), 'kopru.yaml').connections.softtr!.baseUrl).toBe(
      baseUrl,
    )
  })
})
