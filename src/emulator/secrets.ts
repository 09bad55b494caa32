/** Credentials in the emulator host: compared in constant time, and kept out of the request log. */
import { timingSafeEqual } from 'node:crypto'
import { pathSecretValues, type ApiDef } from '../core/operation.ts'
import { startOf } from '../core/text.ts'

/**
 * Whether `given` is the credential `expected`, in a time that depends on the lengths only: `===`
 * stops at the first differing character, which lets a caller find a credential one character at
 * a time by timing wrong guesses.
 */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '')
  const b = Buffer.from(expected)
  if (a.length !== b.length) {
    // timingSafeEqual wants equal lengths; the same work either way
    timingSafeEqual(b, b)
    return false
  }
  return timingSafeEqual(a, b)
}

export const REDACTED = '***'

// `name=value` in a query or a form body; a PHP-style `name[]` counts as `name`
const FIELD = /([?&]|^)([^=&]*)=([^&]*)/g
// `"name": value` anywhere in JSON text, a string value possibly cut off where the text ends; an
// object or a list as the value matches nothing, and the members inside are matched in turn
const MEMBER = /"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*"?|[\w.+-]*)/g

/**
 * Replaces the values of the secrets an API definition names (`ApiDef.secrets`) in what the
 * request log keeps: the query, and the start of a body as it was sent, JSON or form. Names are
 * matched without regard to case, also when escaped (`%74oken`, `"\u0074oken"`).
 */
export class SecretFilter {
  private readonly queryNames: ReadonlySet<string> | undefined
  private readonly bodyNames: ReadonlySet<string> | undefined
  /** the text a query must hold for a secret to be in it: most queries skip the rest */
  private readonly queryHint: RegExp | undefined
  // a list polled with one query pays for its filtering once
  private lastSearch = ''
  private lastFiltered = ''

  constructor(
    secrets: ApiDef['secrets'],
    /** the API, when its base path holds a secret (`secrets.path`) */
    private readonly api?: ApiDef,
  ) {
    this.queryNames = names(secrets.query)
    this.bodyNames = names(secrets.body)
    if (this.queryNames) {
      const words = [...this.queryNames].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      this.queryHint = new RegExp(`${words.join('|')}|%`, 'i')
    }
  }

  /** The URL path with the base path's secret segments (an account key) replaced. */
  path(path: string): string {
    if (!this.api?.secrets.path?.length) return path
    let out = path
    for (const value of pathSecretValues(this.api, path)) out = out.split(value).join(REDACTED)
    return out
  }

  /** The query text (`?a=1&token=…`) with the secrets' values replaced. */
  query(search: string): string {
    if (!this.queryNames || !search || !this.queryHint!.test(search)) return search
    if (search === this.lastSearch) return this.lastFiltered
    const filtered = fields(search, this.queryNames)
    this.lastSearch = search
    this.lastFiltered = filtered
    return filtered
  }

  /** The first `maxChars` of a body with the secrets' values replaced, whatever its format. */
  body(text: string, maxChars = 2000): string {
    const start = startOf(text, maxChars)
    const secret = this.bodyNames
    if (!secret) return start
    const json = start.replace(MEMBER, (whole, key: string, colon: string) =>
      secret.has(fieldName(jsonKey(key))) ? `"${key}"${colon}"${REDACTED}"` : whole,
    )
    return fields(json, secret)
  }
}

function names(list: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return list?.length ? new Set(list.map((n) => n.toLowerCase())) : undefined
}

function fields(text: string, secret: ReadonlySet<string>): string {
  return text.replace(FIELD, (whole, lead: string, key: string) =>
    secret.has(fieldName(formKey(key))) ? `${lead}${key}=${REDACTED}` : whole,
  )
}

function fieldName(key: string): string {
  const bracket = key.indexOf('[')
  return (bracket > 0 ? key.slice(0, bracket) : key).toLowerCase()
}

function formKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '))
  } catch {
    return key
  }
}

function jsonKey(key: string): string {
  try {
    return JSON.parse(`"${key}"`) as string
  } catch {
    return key
  }
}
