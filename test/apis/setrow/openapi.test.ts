import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { setrowApi } from '../../../src/apis/setrow/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import { exampleProblems, lintProblems } from '../../support/openapi-answers.ts'
import { referenceEndpoints } from '../../support/reference.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const doc = toOpenApi(setrowApi, version) as Json
const op = (path: string, method: string) => doc.paths[path][method] as Json
const body = (path: string, method = 'post') =>
  op(path, method).requestBody.content['application/json'].schema as Json
const param = (path: string, name: string, method = 'get') =>
  (op(path, method).parameters as Json[]).find((p) => p.name === name)!
const accepts = (schema: Json, text: string) => new RegExp(schema.pattern).test(text)

describe('Setrow OpenAPI document', () => {
  it("lints clean by the repository's rules (redocly.yaml), warnings included", async () => {
    expect(await lintProblems(doc, 'setrow')).toEqual([])
  })

  it('ends a path in a slash only where the seed does', () => {
    const seed = referenceEndpoints()
      .filter((row) => row.api === 'setrow')
      .map((row) => row.path.split('?')[0]!)
    const slashed = Object.keys(doc.paths).filter((path) => path.endsWith('/'))
    expect(slashed).toHaveLength(6)
    for (const path of slashed) expect(seed).toContain(path)
  })

  it("has the seed's example URIs, each read by its own schema and valid in the document", () => {
    expect(exampleProblems(setrowApi, doc)).toEqual([])
    expect(param('/email/{email}', 'email').example).toBe('test@setrow.com')
    expect(param('/iys/list/email', 'getAreas').example).toBe('spArea3,spArea5')
  })

  it('says a bulk body holds 1 to 1000 items (E102 for none, E125 above)', () => {
    for (const path of ['/email/add', '/sms/add', '/orders/add', '/iys/transaction'])
      expect(body(path)).toMatchObject({ type: 'array', minItems: 1, maxItems: 1000 })
    expect(body('/email/delete', 'delete')).toMatchObject({ minItems: 1, maxItems: 1000 })
  })

  it('shows the ranges of ids, hours and statuses the emulator enforces', () => {
    const group = param('/group/email/{group_id}', 'group_id').schema
    expect(['1', '123456', '0', '-3'].map((t) => accepts(group, t))).toEqual([
      true,
      true,
      false,
      false,
    ])
    const hours = param('/iys/errors/{hours}', 'hours').schema
    expect(['1', '24', '96', '0', '97'].map((t) => accepts(hours, t))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ])
    expect(accepts(param('/iys/list/sms', 'hour').schema, '97')).toBe(false)
    expect(
      ['1', '2', '3'].map((t) => accepts(param('/product/all/{status}', 'status').schema, t)),
    ).toEqual([true, true, false])
    expect(body('/email/add').items.properties.groupId.anyOf).toEqual([
      { type: 'integer', minimum: 1 },
      expect.objectContaining({ type: 'string' }),
    ])
    expect(JSON.stringify(doc)).not.toContain(String(Number.MAX_SAFE_INTEGER))
  })

  it('shows group-name lengths, addresses, and the one-of rules of products and IYS ids', () => {
    expect(body('/group/email').properties.groupName).toMatchObject({
      minLength: 3,
      maxLength: 100,
    })
    expect(body('/email/add').items.properties.email.format).toBe('email')
    expect(body('/product/add').anyOf.map((rule: Json) => rule.required)).toEqual([
      ['productCode'],
      ['productBarcode'],
    ])
    expect(body('/iys/transaction').items.oneOf).toEqual([
      { required: ['email'] },
      { required: ['number'] },
    ])
    const stamp = op('/group/email', 'get').responses['200'].content['application/json'].schema
      .properties.data.items.properties.createdAt
    expect(['2022-02-06 22:36:48', '2022-02-06'].map((t) => accepts(stamp, t))).toEqual([
      true,
      false,
    ])
  })

  it('gives a shared route the answers of both its operations', () => {
    const shared = op('/group/email/{group_id}', 'get')
    expect(shared.operationId).toBe('groups.email.members_or_groups.email.filter')
    expect(shared.responses['400'].description).toContain('E100')
    expect(Object.keys(shared.responses)).toEqual(['200', '400', '401', '403', '404', '500'])
  })

  it('is checked in as openapi/setrow.json, as npm run gen writes it', () => {
    const file = join(import.meta.dirname, '..', '..', '..', 'openapi', 'setrow.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(doc)
  })
})
