import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { narwooApi } from '../../../src/apis/narwoo/operations.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'
import { exampleProblems, lintProblems } from '../../support/openapi-answers.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const doc = toOpenApi(narwooApi, version) as Json
const op = (path: string, method = 'get') => doc.paths[path][method] as Json
const success = (path: string, method = 'get') =>
  op(path, method).responses['200'].content['application/json']
const accepts = (schema: Json, text: string) => new RegExp(schema.pattern).test(text)

describe('Narwoo OpenAPI document', () => {
  it("lints clean by the repository's rules (redocly.yaml), warnings included", async () => {
    expect(await lintProblems(doc, 'narwoo')).toEqual([])
  })

  it("has the seed's examples, well-formed, each read by its own schema and valid in the document", () => {
    expect(exampleProblems(narwooApi, doc)).toEqual([])
    const tree = success('/category-list').examples.seed.value.o.optionList
    expect(tree['249'].sub['250'].sub['251'].sub).toEqual([])
    expect(success('/product-list').examples.seed.value.o.productList[1]).toMatchObject({
      productId: '219',
      cargoCompanyName: 'UPS',
    })
    const body = op('/add-product', 'post').requestBody.content
    expect(body['application/x-www-form-urlencoded'].examples.seed.value.productList[0].title).toBe(
      'Kadın Beli Lastikli Duble Paça Kumuş Pantolon',
    )
  })

  it('shows the items of productList with the ranges the emulator checks', () => {
    const list = op('/add-product', 'post').requestBody.content['application/json'].schema
      .properties.productList
    const [text, array] = list.anyOf
    expect(text.type).toBe('string')
    expect(array).toMatchObject({ type: 'array', minItems: 1 })
    const [main, variant] = array.items.oneOf
    expect(main.properties.type.const).toBe('mainProduct')
    expect(variant.properties.type.const).toBe('variant')
    const currency = main.properties.currency.anyOf
    expect(currency).toContainEqual({ type: 'integer', minimum: 1, maximum: 5 })
    expect(['1', '5', '0', '6'].map((t) => accepts(currency[0], t))).toEqual([
      true,
      true,
      false,
      false,
    ])
    const price = main.properties.price.anyOf
    expect(['129.99', '0.5', '0', '0.00', '12,5'].map((t) => accepts(price[0], t))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ])
    expect(main.properties.images).toMatchObject({
      type: 'array',
      items: { required: ['url', 'prime'] },
    })
  })

  it('says limit is 1 to 100 and offset from 0, with no integer bound that no schema declares', () => {
    const [offset, limit] = (op('/order-list').parameters as Json[]).map((p) => p.schema)
    expect(['0', '100', '101'].map((t) => accepts(limit, t))).toEqual([false, true, false])
    expect(['0', '-1'].map((t) => accepts(offset, t))).toEqual([true, false])
    expect(JSON.stringify(doc)).not.toContain(String(Number.MAX_SAFE_INTEGER))
  })

  it('is checked in as openapi/narwoo.json, as npm run gen writes it', () => {
    const file = join(import.meta.dirname, '..', '..', '..', 'openapi', 'narwoo.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(doc)
  })
})
