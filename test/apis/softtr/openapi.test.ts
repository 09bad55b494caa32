import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import { describe, expect, it } from 'vitest'
import { softtrErrors } from '../../../src/apis/softtr/errors.ts'
import { softtrApi } from '../../../src/apis/softtr/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import { exampleProblems, lintProblems } from '../../support/openapi-answers.ts'
import { referenceEndpoints } from '../../support/reference.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const root = join(import.meta.dirname, '..', '..', '..')
const doc = toOpenApi(softtrApi, version) as Json
const rows = referenceEndpoints().filter((row) => row.api === 'softtr')
/** `/order/{ORDERNO}` and `/order/{orderno}` name the same path. */
const samePath = (path: string) => path.replace(/\{[^}]+\}/g, (p) => p.toLowerCase())
const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, op]) => ({ path, method, op: op as Json })),
)
const find = (id: string) => operations.find((o) => o.op.operationId === id)!.op

describe('Softtr OpenAPI document', () => {
  it("is a valid OpenAPI 3.1 document by Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'] })
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi/softtr.json',
      config,
    })
    const accepted = new Set(['info-license', 'tag-description'])
    expect(
      problems
        .filter((p) => p.severity === 'error' || !accepted.has(p.ruleId))
        .map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
    ).toEqual([])
  })

  it('has one operation per Softtr row of the reference endpoint list, and no other', () => {
    expect(rows).toHaveLength(5)
    const documented = operations.map((o) => `${o.method.toUpperCase()} ${samePath(o.path)}`)
    const expected = rows.map((r) => `${r.method} ${samePath(r.path)}`)
    expect(documented.sort()).toEqual(expected.sort())
  })

  it.each(rows)(
    'names $method $path after its seed heading "$title"',
    ({ method, path, title }) => {
      const found = operations.find(
        (o) => o.method === method.toLowerCase() && samePath(o.path) === samePath(path),
      )
      expect(found?.op.summary).toBe(title)
    },
  )

  it.each([
    ['orders.list', ['200', '400', '401', '404', '405', '500']],
    ['orders.get', ['200', '401', '404', '405', '500']],
    ['orders.updateStatus', ['200', '400', '401', '404', '405', '500']],
    ['products.list', ['200', '400', '401', '404', '405', '500']],
    ['products.updateStockAndPrice', ['200', '400', '401', '404', '405', '500']],
  ])('documents the answers of %s: %j', (id, statuses) => {
    const responses = find(id).responses as Json
    expect(Object.keys(responses)).toEqual(statuses)
    for (const status of statuses.filter((s) => s !== '200')) {
      expect(responses[status].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/Error',
      })
    }
  })

  it("lists Softtr's own code and message for each documented error", () => {
    const updates = find('orders.updateStatus').responses as Json
    expect(updates['400'].description.split('\n')).toEqual([
      '400: Geçersiz istek',
      '400: {parametre} Boş ya da Geçersiz',
      '400: Data sınırı aşıldı',
    ])
    expect(find('orders.list').responses['400'].description).toBe(
      '400: {parametre} Boş ya da Geçersiz',
    )
    for (const { op } of operations) {
      for (const entry of Object.values(softtrErrors).filter((e) => 'general' in e))
        expect(op.responses[String(entry.status)].description).toBe(
          `${entry.code}: ${entry.message}`,
        )
    }
  })

  it("describes the error answer as Softtr's envelope", () => {
    const error = doc.components.schemas.Error
    expect(error.required).toEqual(['status', 'message'])
    expect(error.properties.message.properties.detail.required).toEqual(['requestID'])
  })

  it('describes Basic authentication and the documented base URL', () => {
    expect(doc.components.securitySchemes).toEqual({ softtr: { type: 'http', scheme: 'basic' } })
    expect(doc.security).toEqual([{ softtr: [] }])
    expect(doc.servers).toEqual([{ url: 'https://www.domain.com/api' }])
  })

  it('describes the inputs as they travel', () => {
    expect(find('orders.get').parameters).toEqual([
      expect.objectContaining({ name: 'orderno', in: 'path', required: true }),
    ])
    expect(find('orders.list').parameters.map((p: Json) => [p.name, p.in, p.required])).toEqual([
      ['page', 'query', false],
      ['pageSize', 'query', false],
      ['startDate', 'query', false],
      ['endDate', 'query', false],
    ])
    const body = find('orders.updateStatus').requestBody.content['application/json'].schema
    expect(body).toMatchObject({ type: 'array', minItems: 1, maxItems: 100 })
    expect(body.items.properties.status.enum).toContain('SHIPPED')
  })

  it("lints clean by the repository's rules (redocly.yaml), warnings included", async () => {
    expect(await lintProblems(doc, 'softtr')).toEqual([])
  })

  it("has the seed's examples, each read by its own schema and valid where the document shows it", () => {
    expect(exampleProblems(softtrApi, doc)).toEqual([])
    const list = find('orders.list')
    expect(list.parameters.map((p: Json) => p.example)).toEqual([
      '2',
      '10',
      '01-09-2022',
      undefined,
    ])
    expect(
      list.responses['200'].content['application/json'].examples.seed.value.data,
    ).toMatchObject({ orderCount: 25, content: [{ orderno: '01092022001221-AIK' }] })
    const body = find('orders.updateStatus').requestBody.content['application/json']
    expect(body.examples.seed.value).toHaveLength(3)
  })

  it('shows the ranges the emulator enforces, and no integer bound that no schema declares', () => {
    const [page, pageSize, startDate] = find('orders.list').parameters.map((p: Json) => p.schema)
    const accepts = (schema: Json, text: string) => new RegExp(schema.pattern).test(text)
    expect(['1', '100', '0', '101'].map((t) => accepts(pageSize, t))).toEqual([
      true,
      true,
      false,
      false,
    ])
    expect(['1', '0', '-1'].map((t) => accepts(page, t))).toEqual([true, false, false])
    expect(['01-09-2022', '2022-09-01', '32-01-2022'].map((t) => accepts(startDate, t))).toEqual([
      true,
      false,
      false,
    ])
    const item = find('orders.updateStatus').requestBody.content['application/json'].schema.items
    expect(item.properties.orderno).toMatchObject({ minLength: 1, pattern: '\\S' })
    const ok = find('orders.get').responses['200'].content['application/json'].schema
    expect(ok.properties.status).toEqual({ type: 'integer', const: 200 })
    expect(JSON.stringify(doc)).not.toContain(String(Number.MAX_SAFE_INTEGER))
  })

  it('describes the order numbers or barcodes a refused update names', () => {
    const detail = doc.components.schemas.Error.properties.message.properties.detail
    expect(detail.properties.unknown).toMatchObject({ type: 'array', items: { type: 'string' } })
    expect(detail.required).toEqual(['requestID'])
  })

  it('is checked in as openapi/softtr.json, as npm run gen writes it', async () => {
    const file = JSON.parse(readFileSync(join(root, 'openapi', 'softtr.json'), 'utf8')) as Json
    expect(file).toEqual(doc)
    const check = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/gen.ts', '--check', 'softtr'],
      { cwd: root, timeout: 20_000 },
    )
    expect(check.stdout).toContain('up to date')
  })
})
