/**
 * The folder `kopru demo --state` keeps its sync state in. The demo starts from nothing each time,
 * but it deletes only the files it wrote itself, and only in a folder it made: a folder holding
 * anything else, without the demo's mark, is refused as it is (`--state .` must never empty a
 * checkout).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CommandError } from '../util.ts'

/** The mark the demo leaves in its state folder. */
export const DEMO_STATE = '.kopru-demo'
/** The kopru.yaml the demo writes beside its state, for `kopru status -c`. */
export const DEMO_CONFIG = 'kopru.yaml'

/** Everything the demo writes into its folder: SQLite's state and side files, its config, its mark. */
const OWN_FILES = [
  'state.db',
  'state.db-wal',
  'state.db-shm',
  'state.db-journal',
  DEMO_CONFIG,
  DEMO_STATE,
]

/**
 * Makes `dir` ready for a fresh demo: created when missing; emptied of the demo's own files when
 * the demo made it (its mark is there; or, for the default folder, which demos before the mark
 * left with only their own files, nothing but those); refused, untouched, when it holds anything
 * else. Nothing but the demo's own files is ever deleted, and never a folder.
 */
export function prepareStateFolder(
  dir: string,
  shown: string,
  isDefault: boolean,
  command = 'kopru demo',
): void {
  if (existsSync(dir)) {
    if (!lstatSync(dir).isDirectory())
      throw new CommandError(
        `--state ${shown} is not a folder; give ${command} a folder to keep its state in`,
      )
    const entries = readdirSync(dir)
    const marked = entries.includes(DEMO_STATE)
    const onlyOwn = entries.every((name) => OWN_FILES.includes(name))
    if (entries.length && !marked && !(isDefault && onlyOwn)) {
      throw new CommandError(
        `--state ${shown} holds files ${command} did not write (${describe(entries)}); it replaces only its own state, so give it a new or empty folder, e.g. --state .kopru/demo`,
      )
    }
    for (const name of OWN_FILES) {
      const path = join(dir, name)
      // a file (or a link) of that name; a folder of that name is not the demo's, left alone
      if (existsSync(path) && !lstatSync(path).isDirectory()) unlinkSync(path)
    }
  } else {
    mkdirSync(dir, { recursive: true })
  }
  writeFileSync(
    join(dir, DEMO_STATE),
    `${command} keeps its sync state here: each run replaces ${OWN_FILES.filter((f) => f !== DEMO_STATE).join(', ')} and nothing else.\n`,
  )
}

function describe(entries: readonly string[]): string {
  const shown = entries.filter((name) => !OWN_FILES.includes(name)).sort()
  return shown.length > 3
    ? `${shown.slice(0, 3).join(', ')} and ${shown.length - 3} more`
    : shown.join(', ')
}
