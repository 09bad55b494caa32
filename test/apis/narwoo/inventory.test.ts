/** The definition against the reference list of operations, and what is derived from it. */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { narwooApi } from '../../../src/apis/narwoo/operations.ts'
import { inventory } from '../../../src/apis/inventory.ts'
import { version } from '../../../src/cli/version.ts'
import { toOpenApi } from '../../../src/core/openapi.ts'

// shared/reference/endpoints.tsv, the narwoo rows
const reference = `
GET /order-list
GET /login
GET /category-list
GET /option-list
GET /delete-product
GET /brand-list
GET /product-list
POST /add-product
POST /edit-product
GET /order-detail
POST /order-confirm
POST /order-cancel
GET /cargo-company-list
POST /cargo-create/manuel
POST /cargo-cancel/manuel
POST /cargo-create/integration
POST /cargo-cancel/integration
GET /cargo-detail/integration`
  .trim()
  .split('\n')

it('declares exactly the 18 documented operations, each in client and emulator', () => {
  const rows = inventory().filter((row) => row.api === 'narwoo')
  expect(rows.map((row) => `${row.method} ${row.path}`).sort()).toEqual([...reference].sort())
  expect(rows.every((row) => row.client && row.emulator)).toBe(true)
})

it('has an up-to-date openapi/narwoo.json whose references all resolve', () => {
  const generated = toOpenApi(narwooApi, version)
  const file = new URL('../../../openapi/narwoo.json', import.meta.url)
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(generated)
  const refs = JSON.stringify(generated).match(/"\$ref":"[^"]+"/g) ?? []
  for (const ref of new Set(refs)) {
    const pointer = ref.slice('"$ref":"'.length, -1).replace(/^#\//, '').split('/')
    const target = pointer.reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/')],
      generated,
    )
    expect(target, ref).toBeDefined()
  }
})

it('documents the errors that come with HTTP 200 beside the success shape', () => {
  const paths = toOpenApi(narwooApi, version).paths as Record<string, Record<string, Operation>>
  const ok = paths['/order-confirm']!.post!.responses['200']!
  expect(ok.description).toContain('11: Alıcı sipariş ücretini henüz ödememiş.')
  expect(ok.content['application/json']!.schema.anyOf).toContainEqual({
    $ref: '#/components/schemas/Error',
  })
})

interface Operation {
  responses: Record<
    string,
    { description: string; content: Record<string, { schema: { anyOf?: unknown[] } }> }
  >
}
