/**
 * The documented operations, one a row: `test/fixtures/endpoints.tsv` is a copy of the vendor
 * reference list (`shared/reference/endpoints.tsv`) kept in the repository so tests run anywhere.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ReferenceRow {
  api: string
  method: string
  path: string
  title: string
}

export function referenceEndpoints(): ReferenceRow[] {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', 'endpoints.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => {
      const [api, method, path, , title] = line.split('\t')
      return { api: api!, method: method!, path: path!, title: title ?? '' }
    })
}
