/**
 * The package's build: compiled ESM JavaScript with `.d.ts` types in `dist/`, from `src/` alone.
 * tsc rewrites the sources' `.ts` import paths to `.js` in the JavaScript; the declarations keep
 * `.ts`, which a consumer on an older TypeScript or another tool may refuse, so they are rewritten
 * here too. Run by `npm pack` and `npm publish` (prepack); a clone needs it for neither `npm start`
 * nor `npm test`, which run the sources.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const dist = join(root, 'dist')
rmSync(dist, { recursive: true, force: true })
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    // stdout is npm pack's own (`npm pack --json`): everything said here goes to stderr
    stdio: ['ignore', 2, 2],
  },
)
// the dashboard's static files are served as they are written
cpSync(join(root, 'src/web/assets'), join(dist, 'web/assets'), { recursive: true })
let rewritten = 0
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue
  const file = join(entry.parentPath, entry.name)
  const text = readFileSync(file, 'utf8')
  const fixed = text.replace(/(from\s+['"]|import\(['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1$2.js$3')
  if (fixed !== text) {
    writeFileSync(file, fixed)
    rewritten++
  }
}
console.error(`built dist/ (${rewritten} declaration files with their import paths rewritten)`)
