/**
 * The small pieces behind the CLI's messages: "did you mean", commands named as the user runs kopru,
 * the emulate command for a kopru.yaml's ports, each stream's destination for counting refusals,
 * and the sync summary's wording.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { apiNames, explainCode, registry } from '../../src/apis/registry.ts'
import { emulateCommandFor } from '../../src/cli/connections.ts'
import { kopruCommand } from '../../src/cli/invocation.ts'
import { closest, didYouMean, distance } from '../../src/cli/suggest.ts'
import { jsonSummary, textReport, type PipelineReport } from '../../src/cli/sync-report.ts'
import { buildPipelines, streamDestinations } from '../../src/sync/recipes.ts'
import { createWorld, inProcessClients, worldConfig, worldUrls } from '../support/sync-world.ts'

// as if typed in a shell, whatever runs the tests (npm test, npx vitest)
beforeEach(() => {
  vi.stubEnv('npm_lifecycle_event', undefined)
})
afterEach(() => {
  vi.unstubAllEnvs()
})

describe('did you mean', () => {
  it.each([
    ['pagesize', ['page', 'pageSize', 'startDate'], ['pageSize']],
    ['order.list', ['orders.list', 'orders.get', 'products.list'], ['orders.list']],
    ['narwo', apiNames, ['narwoo']],
    ['email.ad', ['email.add', 'email.get', 'sms.add'], ['email.add']],
    ['pag', ['page', 'pig', 'pages'], ['page', 'pig']],
    ['orders.delete', ['orders.list', 'orders.get'], []],
    ['x', ['orders.list'], []],
  ])('%s among %j: %j', (typed, known, expected) => {
    expect(closest(typed, known)).toEqual(expected)
  })

  it('reads as a parenthesis, or nothing', () => {
    expect(didYouMean('softr', apiNames)).toBe(' (did you mean softtr?)')
    expect(didYouMean('pag', ['page', 'pig'])).toBe(' (did you mean page or pig?)')
    expect(didYouMean('zzz', apiNames)).toBe('')
  })

  it('counts a swap of neighbours as one edit', () => {
    expect(distance('pgae', 'page')).toBe(1)
    expect(distance('kitten', 'sitting')).toBe(3)
  })
})

describe('commands named as the user runs kopru', () => {
  it.each([
    ['kopru', 'npm run kopru -- init'],
    ['start', 'npm run kopru -- init'],
    ['npx', 'npx kopru init'],
    ['test', 'kopru init'],
    [undefined, 'kopru init'],
  ])('npm_lifecycle_event=%s: %s', (event, expected) => {
    expect(kopruCommand('init', event === undefined ? {} : { npm_lifecycle_event: event })).toBe(
      expected,
    )
  })
})

describe('the emulate command for a kopru.yaml', () => {
  const config = (ports: Record<string, number>) =>
    worldConfig({
      setrow: `http://127.0.0.1:${ports.setrow}`,
      softtr: `http://127.0.0.1:${ports.softtr}/api`,
      narwoo: `http://localhost:${ports.narwoo}/api`,
    })
  const defaults = Object.fromEntries(apiNames.map((api) => [api, registry[api]!.defaultPort]))

  it('plain on the default ports, --port N on the ports init --port N writes', () => {
    expect(emulateCommandFor(config(defaults))).toBe('kopru emulate')
    const consecutive = Object.fromEntries(apiNames.map((api, i) => [api, 6000 + i]))
    expect(emulateCommandFor(config(consecutive), 'narwoo')).toBe('kopru emulate --port 6000')
  })

  it('the unreachable API alone on its port otherwise', () => {
    const scattered = { setrow: 7001, softtr: 7020, narwoo: 7300 }
    expect(emulateCommandFor(config(scattered), 'softtr')).toBe('kopru emulate softtr --port 7020')
    expect(emulateCommandFor(config(scattered))).toBe(
      'kopru emulate softtr --port 7020 and kopru emulate narwoo --port 7300 and kopru emulate setrow --port 7001',
    )
  })
})

describe('refusals counted by the API that refused them', () => {
  it('knows the destination of every stream of every built-in pipeline', async () => {
    const world = createWorld({ now: new Date() })
    const pipelines = buildPipelines(worldConfig(worldUrls(world)), await inProcessClients(world))
    const streams = pipelines.flatMap((p) => p.streams.map((s) => `${p.name}/${s.name}`))
    expect(streams.sort()).toEqual(Object.keys(streamDestinations).sort())
    for (const api of Object.values(streamDestinations)) expect(apiNames).toContain(api)
  })

  it('explains vendor codes from each API’s own table', () => {
    expect(explainCode('setrow', 'E128')).toBe('junk address')
    expect(explainCode('narwoo', '6')).toMatch(/^not authorised/)
    expect(explainCode('softtr', '401')).toMatch(/username or password/)
    expect(explainCode('setrow', 'toString')).toBeUndefined()
    expect(explainCode('nowhere', '1')).toBeUndefined()
  })
})

describe('the sync summary', () => {
  const counts = (failed: number) => ({
    read: 5,
    created: 5 - failed,
    updated: 0,
    skipped: 0,
    failed,
  })
  const reports: PipelineReport[] = [
    {
      result: {
        runId: 1,
        pipeline: 'customers-and-orders',
        status: 'succeeded',
        counts: { customers: counts(3) },
        durationMs: 1200,
      },
      refused: [
        { api: 'setrow', code: 'E128', count: 2, explanation: 'junk address' },
        { api: 'setrow', code: 'E126', count: 1, explanation: 'address unsubscribed from email' },
      ],
    },
    {
      result: {
        runId: 2,
        pipeline: 'catalog',
        status: 'failed',
        counts: {},
        durationMs: 10,
        error: 'softtr products.list: network error (ECONNREFUSED)',
      },
      refused: [],
      failure: { message: 'cannot reach softtr', kind: 'unreachable', hint: 'Start it.' },
    },
  ]

  it('counts what was refused, by whom and why, and names the command that lists them', () => {
    const text = textReport(reports, 'shop.yaml')
    expect(text).toMatch(/^customers-and-orders \(1\.2 s\) +succeeded, 3 refused$/m)
    expect(text).toContain(
      [
        '3 records refused in this run, kept as dead letters (the rest went on):',
        '  2 refused by setrow (E128 junk address)',
        '  1 refused by setrow (E126 address unsubscribed from email)',
        'see them: kopru dead-letters list -c shop.yaml',
      ].join('\n'),
    )
    expect(text).toContain('\ncatalog failed: cannot reach softtr\n  Start it.\n')
    expect(textReport(reports.slice(1), 'kopru.yaml')).not.toContain('refused in this run')
  })

  it('sums it up for scripts', () => {
    expect(jsonSummary(reports, 'kopru.yaml')).toEqual({
      type: 'summary',
      status: 'failed',
      exitCode: 1,
      pipelines: 2,
      succeeded: 1,
      failed: 1,
      interrupted: 0,
      totals: { read: 5, created: 2, updated: 0, skipped: 0, failed: 3 },
      refused: 3,
      deadLettersCommand: 'kopru dead-letters list',
      error: null,
    })
  })
})
