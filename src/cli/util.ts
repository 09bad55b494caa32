/** Small pieces the commands share: errors for bad usage, `k=v` lists, reading `@file` and `-`. */
import { readFileSync } from 'node:fs'

/** Wrong flags or arguments: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Commander collector for repeatable `--flag k=v`. */
export function collectPairs(value: string, previous: [string, string][] = []): [string, string][] {
  const at = value.indexOf('=')
  if (at <= 0) throw new UsageError(`expected key=value, got "${value}"`)
  return [...previous, [value.slice(0, at), value.slice(at + 1)]]
}

/** `@path` reads a file, `-` reads standard input, anything else is the text itself. */
export function readTextArgument(value: string): string {
  if (value === '-') return readFileSync(0, 'utf8')
  if (value.startsWith('@')) {
    try {
      return readFileSync(value.slice(1), 'utf8')
    } catch (error) {
      throw new UsageError(`cannot read ${value.slice(1)}: ${(error as Error).message}`)
    }
  }
  return value
}

export function parseJsonArgument(value: string, what: string): unknown {
  const text = readTextArgument(value)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`)
  }
}

export function parseInteger(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${what} must be a whole number, got "${value}"`)
  return Number(value)
}

/** Environment variable holding an API's setting: KOPRU_SOFTTR_USERNAME. */
export function envName(api: string, key: string): string {
  return `KOPRU_${api}_${key.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase()
}
