import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loyaltiiApi } from '../../../src/apis/loyaltii/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import { exampleProblems, lintProblems } from '../../support/openapi-answers.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const doc = toOpenApi(loyaltiiApi, version) as Json
const item = (path: string) => doc.paths[path] as Json

describe('Loyaltii OpenAPI document', () => {
  it("lints clean by the repository's rules (redocly.yaml), warnings included", async () => {
    expect(await lintProblems(doc, 'loyaltii')).toEqual([])
  })

  it('has examples that its own schemas read and the document validates', () => {
    expect(exampleProblems(loyaltiiApi, doc)).toEqual([])
  })

  it('documents the two SEARCH operations under the extension key, with their store-id bodies', () => {
    const search = item('/api/v1/Points/ForStores')['x-kopru-additional-operations'].SEARCH
    expect(search.operationId).toBe('points.searchForStores')
    expect(search.requestBody.content['application/json'].schema.type).toBe('array')
    expect(
      item('/api/v1/Points/SumsForStoresByContactCompanies')['x-kopru-additional-operations'].SEARCH
        .operationId,
    ).toBe('points.searchCompanySumsForStores')
  })

  it('shows a bare 404 as an answer without a body, and the 409 as a message or the contact', () => {
    const get = item('/api/v1/Contacts/{id}').get
    expect(get.responses['404']).toEqual({ description: expect.stringContaining('notFound') })
    const conflict = item('/api/v1/Contacts/{id}').put.responses['409'].content['application/json']
    expect(conflict.schema.anyOf).toHaveLength(2)
    expect(item('/api/v1/Contacts/{id}').delete.responses['200']).not.toHaveProperty('content')
  })

  it('accepts enums by name and by number, and dates with an offset', () => {
    const body = item('/api/v1/Contacts').patch.requestBody.content['application/json'].schema
    expect(body.properties.KeyType.anyOf).toEqual([
      { type: 'string', enum: ['Id', 'Secret', 'Email', 'Phone'] },
      { type: 'integer', enum: [1, 2, 3, 4] },
    ])
    const contact = item('/api/v1/Contacts/{id}').get.responses['200'].content['application/json']
    expect(contact.schema.properties.LastModified.format).toBe('date-time')
  })

  it('is checked in as openapi/loyaltii.json, as npm run gen writes it', () => {
    const file = join(import.meta.dirname, '..', '..', '..', 'openapi', 'loyaltii.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(doc)
  })
})
