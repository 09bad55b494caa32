/**
 * The state file on disk: it holds customers' personal data, so it is created 0600 in a `.kopru/`
 * folder created 0700, and kopru takes group and other access away from both whenever it opens
 * them. What goes wrong opening it becomes one line naming the file and what to do.
 */
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  mkdirSync,
  openSync,
  statSync,
} from 'node:fs'
import { basename, dirname } from 'node:path'
import Database from 'better-sqlite3'
import { KopruError } from '../core/errors.ts'

/** The state file cannot be used: it is damaged, not kopru's, not a file, or not accessible. */
export class StateFileError extends KopruError {
  override name = 'StateFileError'
  constructor(
    readonly file: string,
    /** what is wrong, after the file's name: `is not an SQLite database (…)` */
    readonly problem: string,
    /** what the user can do about it */
    readonly advice: string,
    options?: { cause?: unknown },
  ) {
    super(`${file} ${problem}; ${advice}`, options)
  }
}

/** kopru's own state folder: the one it tightens to 0700 even when it exists already. */
const STATE_FOLDER = '.kopru'

/**
 * Makes `file`'s folder (0700, when kopru creates it or it is `.kopru`) and the file itself (0600),
 * created with that mode rather than changed after, so it is never readable by others.
 */
export function preparePrivateFile(file: string): void {
  const folder = dirname(file)
  const created = mkdirSync(folder, { recursive: true, mode: 0o700 })
  // the mode given to mkdir passes through the umask, which may take the owner's own bits away
  if (created !== undefined) chmodPrivate(folder, 0o700)
  else if (basename(folder) === STATE_FOLDER) tighten(folder)
  const stat = statSync(file, { throwIfNoEntry: false })
  if (stat?.isDirectory())
    throw new StateFileError(
      file,
      'is a directory, not a kopru state database',
      'move it away (kopru creates a fresh state file there on the next sync) or point "state:" in kopru.yaml at a file',
    )
  if (!stat) {
    let fd: number
    try {
      fd = openSync(file, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return tighten(file)
      throw error
    }
    try {
      if (process.platform !== 'win32') fchmodSync(fd, 0o600)
    } finally {
      closeSync(fd)
    }
    return
  }
  tighten(file)
  // SQLite would open a file it cannot write read-only, and the first write of a sync would fail
  accessSync(file, constants.R_OK | constants.W_OK)
}

function chmodPrivate(path: string, mode: number): void {
  if (process.platform !== 'win32') chmodSync(path, mode)
}

/**
 * Takes group and other access away from a file or folder of kopru's (the owner's own bits stay);
 * when that is not allowed (someone else's file), says so and goes on: refusing would protect
 * nothing.
 */
export function tighten(path: string): void {
  if (process.platform === 'win32') return
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat || (stat.mode & 0o077) === 0) return
  const mode = stat.mode & 0o700
  try {
    chmodSync(path, mode)
  } catch (error) {
    process.emitWarning(
      `${path} is open to other users (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}) and kopru cannot change that (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); it holds customers' personal data: chmod ${mode.toString(8).padStart(4, '0')} it`,
      'KopruWarning',
    )
  }
}

/** What went wrong opening the state, as one line that names the file and what to do. */
export function asStateFileError(file: string, error: unknown): unknown {
  if (error instanceof StateFileError) return error
  const code = (error as { code?: unknown }).code
  const reason = error instanceof Error ? error.message : String(error)
  const fail = (problem: string, advice: string) =>
    new StateFileError(file, problem, advice, { cause: error })
  const fresh = 'move it away and kopru creates a fresh one on the next sync'
  const restore = `restore it from a backup, or ${fresh} (a fresh state treats every record as new)`
  switch (code) {
    case 'SQLITE_NOTADB':
      return fail(
        `is not an SQLite database (${reason}): damaged, or another kind of file`,
        restore,
      )
    case 'SQLITE_CORRUPT':
      return fail(`is damaged (${reason})`, restore)
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return fail(
        `cannot be opened for reading and writing (${reason})`,
        'give the user running kopru read and write access to it and to its folder',
      )
    case 'SQLITE_BUSY':
      return fail(`is locked by another process (${reason})`, 'wait for it to finish and try again')
    case 'ENOTDIR':
    case 'EEXIST':
    case 'EISDIR':
    case 'ENAMETOOLONG':
      return fail(`cannot be a file (${reason})`, 'point "state:" in kopru.yaml at a file path')
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR'))
    return fail(
      `cannot be read or written (${reason})`,
      `check the disk, then ${fresh} if it stays unreadable`,
    )
  // anything else SQLite says on opening (the disk full, too many open files) is about the file
  if (error instanceof Database.SqliteError)
    return fail(`cannot be opened (${code}: ${reason})`, 'fix that and try again')
  return error
}

/**
 * A state file found damaged after it was opened (a page read later) as a `StateFileError`; any
 * other error as it was.
 */
export function stateFileError(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
    ? asStateFileError(file, error)
    : error
}

/** `PRAGMA application_id` of a kopru state database ("kopr"), so another program's is told apart. */
export const APPLICATION_ID = 0x6b6f7072

/** The tables and columns of a schema, for telling an older state file apart. */
const baseTables = new Map<string, Map<string, Set<string>>>()
function knownTables(schema: string): Map<string, Set<string>> {
  const known = baseTables.get(schema)
  if (known) return known
  const db = new Database(':memory:')
  try {
    db.exec(schema)
    const tables = new Map(
      tableNames(db).map((table) => [table, new Set(columnNames(db, table))] as const),
    )
    baseTables.set(schema, tables)
    return tables
  } finally {
    db.close()
  }
}

function tableNames(db: Database.Database): string[] {
  return db
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite!_%' escape '!'
         order by name`,
    )
    .pluck()
    .all() as string[]
}

export function columnNames(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${JSON.stringify(table)})`) as { name: string }[]).map(
    (c) => c.name,
  )
}

/**
 * Refuses a database that is not kopru's: one marked by another program, or holding tables kopru
 * does not have (or its tables without their columns). An empty one is new; an unmarked one with
 * only kopru's tables was written before the mark existed.
 */
export function refuseForeign(file: string, db: Database.Database, schema: string): void {
  const id = db.pragma('application_id', { simple: true }) as number
  if (id === APPLICATION_ID) return
  const foreign = (what: string) =>
    new StateFileError(
      file,
      `is not a kopru state database: ${what}`,
      'point "state:" in kopru.yaml at another file (kopru creates it on the next sync), or move this one away if it is a stray copy',
    )
  if (id !== 0) throw foreign(`an SQLite database marked by another program (application id ${id})`)
  const known = knownTables(schema)
  const strange = tableNames(db).filter((table) => {
    const columns = known.get(table)
    if (!columns) return true
    const present = new Set(columnNames(db, table))
    return [...columns].some((column) => !present.has(column))
  })
  if (strange.length)
    throw foreign(
      `an SQLite database with other tables (${strange.slice(0, 5).join(', ')}${strange.length > 5 ? ', …' : ''})`,
    )
}
