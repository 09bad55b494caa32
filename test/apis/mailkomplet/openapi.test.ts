import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mailkompletApi } from '../../../src/apis/mailkomplet/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import { exampleProblems, lintProblems } from '../../support/openapi-answers.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const root = join(import.meta.dirname, '..', '..', '..')
const doc = toOpenApi(mailkompletApi, version) as Json
const operations = Object.values(doc.paths as Json).flatMap((item) => Object.values(item as Json))
const find = (id: string) =>
  operations.find((op: Json) => op.operationId.split('_or_').includes(id))!

describe('Mail Komplet OpenAPI document', () => {
  it("lints clean by the repository's rules (redocly.yaml), warnings included", async () => {
    expect(await lintProblems(doc, 'mailkomplet')).toEqual([])
  })

  it("has the seed's examples, each valid by its own schema and where the document shows it", () => {
    expect(exampleProblems(mailkompletApi, doc)).toEqual([])
  })

  it('puts the baseCrypt in the server URL as a variable and the raw key in Authorization', () => {
    expect(doc.servers).toEqual([
      {
        url: 'https://api.mail-komplet.cz/api/{baseCrypt}',
        variables: { baseCrypt: expect.objectContaining({ default: 'baseCrypt' }) },
      },
    ])
    expect(doc.components.securitySchemes.mailkomplet).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    })
  })

  it.each([
    ['mailingLists.update', '200'],
    ['contacts.delete', '200'],
    ['excludeLists.create', '201'],
    ['saleCoupons.create', '201'],
  ])('documents %s as answering %s with an empty body', (id, status) => {
    expect(find(id).responses[status]).toEqual({ description: 'Success, with an empty body' })
  })

  it.each([
    ['mailingLists.create', '201'],
    ['transactionalEmails.send', '200'],
    ['contacts.list', '200'],
  ])('documents %s as answering %s with a body', (id, status) => {
    expect(find(id).responses[status].content['application/json'].schema).toBeDefined()
  })

  it('documents the create and the update sharing POST saleCouponGroups, told apart by the body', () => {
    const shared = find('saleCouponGroups.update')
    expect(shared.operationId).toBe('saleCouponGroups.create_or_saleCouponGroups.update')
    expect(shared.description).toContain('body field `couponGroupId`')
    expect(shared.requestBody.content['application/json'].schema.anyOf).toHaveLength(2)
    expect(Object.keys(shared.responses)).toEqual(expect.arrayContaining(['200', '201']))
  })

  it('is checked in as openapi/mailkomplet.json, as npm run gen writes it', () => {
    const file = JSON.parse(readFileSync(join(root, 'openapi', 'mailkomplet.json'), 'utf8')) as Json
    expect(file).toEqual(doc)
  })
})
