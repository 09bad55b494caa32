/**
 * Regenerates the checked-in artifacts derived from the operation records: `openapi/<api>.json`.
 * `--check` writes nothing and fails when a file is stale, as CI runs it. API names given as
 * arguments limit both to those APIs (`npm run gen:check -- softtr`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { registry } from '../src/apis/registry.ts'
import { toOpenApi } from '../src/core/openapi.ts'
import { version } from '../src/cli/version.ts'

const check = process.argv.includes('--check')
const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const unknown = names.filter((name) => !(name in registry))
if (unknown.length) {
  console.error(`unknown API ${unknown.join(', ')}; known: ${Object.keys(registry).join(', ')}`)
  process.exit(2)
}
const folder = join(import.meta.dirname, '..', 'openapi')
const stale: string[] = []
mkdirSync(folder, { recursive: true })
for (const { api } of Object.values(registry)) {
  if (names.length && !names.includes(api.name)) continue
  const file = join(folder, `${api.name}.json`)
  const text = `${JSON.stringify(toOpenApi(api, version), null, 2)}\n`
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined
  if (current === text) continue
  if (check) stale.push(file)
  else {
    writeFileSync(file, text)
    console.log(`wrote ${file}`)
  }
}
if (stale.length) {
  console.error(`stale generated files (run npm run gen):\n  ${stale.join('\n  ')}`)
  process.exit(1)
}
if (check) console.log('generated files are up to date')
