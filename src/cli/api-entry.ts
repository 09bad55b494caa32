/** An API named on the command line, whole (operations, emulator, client), for the commands that use one. */
import { registry, type ApiEntry } from '../apis/registry.ts'
import { UsageError, unknownApi } from './util.ts'

/** The registry entry of an API named on the command line; an unknown name is a usage error. */
export function entryOf(name: string): ApiEntry {
  const found = registry[name]
  if (!found) throw new UsageError(unknownApi(name))
  return found
}
