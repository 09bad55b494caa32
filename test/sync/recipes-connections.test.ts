/**
 * `configFor`: a run of some pipelines asks for the credentials of the connections those pipelines
 * use, and no others. Its table of connections per pipeline is held to the builders: each pipeline
 * builds with exactly the clients the table names, and fails without any one of them.
 */
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/core/errors.ts'
import { configSchema } from '../../src/sync/config.ts'
import { buildPipelines, configFor, type Clients } from '../../src/sync/recipes.ts'

const everyConnection = Object.fromEntries(
  ['softtr', 'narwoo', 'setrow', 'loyaltii', 'mailkomplet'].map((api) => [
    api,
    { baseUrl: `http://127.0.0.1:1/${api}`, env: {} },
  ]),
)
const configOf = (pipelines: Record<string, unknown>) =>
  configSchema.parse({ connections: everyConnection, pipelines })

// a client the builders only hold on to: a builder that called one while building would fail here
const clientsOf = (apis: readonly string[]) =>
  Object.fromEntries(apis.map((api) => [api, {}])) as Clients

describe('configFor', () => {
  const variants: [string, Record<string, unknown>][] = [
    ['inventory', {}],
    ['consent', {}],
    ['consent', { tools: ['setrow'] }],
    ['consent', { tools: ['mailkomplet', 'loyaltii'] }],
    ['customers-and-orders', {}],
    ['customers-and-orders', { from: ['narwoo'] }],
    ['catalog', {}],
    ['loyalty', {}],
    ['loyalty', { from: ['softtr'] }],
    ['mailkomplet', {}],
    ['mailkomplet', { from: ['narwoo'] }],
  ]

  it.each(variants)(
    '%s %j builds with the clients of its connections, and fails without any one',
    (name, settings) => {
      const narrowed = configFor(configOf({ [name]: settings }))
      const used = Object.keys(narrowed.connections)
      expect(used.length).toBeGreaterThan(0)
      expect(buildPipelines(narrowed, clientsOf(used)).map((p) => p.name)).toEqual([name])
      for (const api of used) {
        const build = () => buildPipelines(narrowed, clientsOf(used.filter((a) => a !== api)))
        expect(build).toThrow(ConfigError)
        expect(build).toThrow(`needs a "${api}" connection`)
      }
    },
  )

  it('keeps the pipelines named (or every enabled one) and the connections they use', () => {
    const config = configOf({
      inventory: {},
      catalog: {},
      loyalty: { from: ['softtr'] },
      mailkomplet: { enabled: false },
    })
    const catalog = configFor(config, ['catalog'])
    expect(Object.keys(catalog.pipelines)).toEqual(['catalog'])
    expect(Object.keys(catalog.connections).sort()).toEqual(['setrow', 'softtr'])
    const all = configFor(config)
    expect(Object.keys(all.pipelines).sort()).toEqual(['catalog', 'inventory', 'loyalty'])
    expect(Object.keys(all.connections).sort()).toEqual(['loyaltii', 'narwoo', 'setrow', 'softtr'])
    // a pipeline named but not enabled is left out, for the command to report
    const off = configFor(config, ['mailkomplet'])
    expect(off.pipelines).toEqual({})
    expect(off.connections).toEqual({})
    // the rest of the file is as it was
    expect(catalog.retryPauses).toEqual(config.retryPauses)
  })
})
