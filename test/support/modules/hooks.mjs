// Module hooks for a child process: every module it loads, one URL a line on stderr.
import { writeSync } from 'node:fs'

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  writeSync(2, `loaded ${resolved.url}\n`)
  return resolved
}
