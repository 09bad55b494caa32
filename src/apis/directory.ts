/**
 * The APIs kopru knows, by what costs nothing to load: name, title, the port `kopru emulate` uses,
 * the credentials each emulator accepts, what its error codes mean. A command that only speaks of
 * the APIs (a sync's messages and hints) reads this; `registry.ts` adds the operations, emulators
 * and clients, and adding an API means adding it to both.
 */
import { loyaltiiAbout } from './loyaltii/about.ts'
import { loyaltiiExplanations } from './loyaltii/errors.ts'
import { mailkompletAbout } from './mailkomplet/about.ts'
import { mailkompletExplanations } from './mailkomplet/errors.ts'
import { narwooAbout } from './narwoo/about.ts'
import { narwooExplanations } from './narwoo/errors.ts'
import { setrowAbout } from './setrow/about.ts'
import { setrowExplanations } from './setrow/errors.ts'
import { softtrAbout } from './softtr/about.ts'
import { softtrExplanations } from './softtr/errors.ts'

export interface ApiFacts {
  title: string
  /** credentials the emulator accepts unless told otherwise, with the variables that set them */
  credentials: Readonly<Record<string, { readonly default: string; readonly env: string }>>
  /** the port `kopru emulate` uses unless told otherwise */
  defaultPort: number
  /** the vendor's error codes in a few English words (from the API's errors.ts), for the CLI */
  errorExplanations: Readonly<Record<string, string>>
}

/** In the order the CLI lists them; the default ports follow it. */
export const directory: Readonly<Record<string, ApiFacts>> = {
  setrow: { ...setrowAbout, defaultPort: 4401, errorExplanations: setrowExplanations },
  softtr: { ...softtrAbout, defaultPort: 4402, errorExplanations: softtrExplanations },
  narwoo: { ...narwooAbout, defaultPort: 4403, errorExplanations: narwooExplanations },
  loyaltii: { ...loyaltiiAbout, defaultPort: 4404, errorExplanations: loyaltiiExplanations },
  mailkomplet: {
    ...mailkompletAbout,
    defaultPort: 4405,
    errorExplanations: mailkompletExplanations,
  },
}

export const apiNames = Object.keys(directory)

/** What a vendor's error code means in a few English words, when its room explains it. */
export function explainCode(api: string, code: string | undefined): string | undefined {
  if (code === undefined) return undefined
  const table = directory[api]?.errorExplanations
  return table && Object.hasOwn(table, code) ? table[code] : undefined
}
