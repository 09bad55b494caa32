#!/usr/bin/env node
// In a clone, the TypeScript sources run directly through tsx: no build step between a clone and a
// command. Installed as a package, the compiled JavaScript in dist/ runs on plain Node.
import { existsSync } from 'node:fs'

const sources = new URL('../src/cli/main.ts', import.meta.url)
let main
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import(sources.href))
} else {
  ;({ main } = await import('../dist/cli/main.js'))
}
process.exitCode = await main(process.argv.slice(2))
