/** `--data-dir`: an emulator's state as one JSON file per API, written atomically after each change. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface Snapshot {
  format: 1
  api: string
  seed: { seed: number; now: string; sizes: Record<string, number> }
  switches: unknown
  /** how far the admin API moved the emulator's time ahead of its clock, when it did */
  clockOffsetMs?: number
  state: unknown
}

export function snapshotPath(dataDir: string, api: string): string {
  return join(dataDir, `${api}.json`)
}

export function loadSnapshot(dataDir: string, api: string): Snapshot | undefined {
  let text: string
  try {
    text = readFileSync(snapshotPath(dataDir, api), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const snapshot = JSON.parse(text) as Snapshot
  if (snapshot.format !== 1 || snapshot.api !== api) {
    throw new Error(`${snapshotPath(dataDir, api)} is not a kopru ${api} emulator state file`)
  }
  return snapshot
}

export function saveSnapshot(dataDir: string, snapshot: Snapshot): void {
  mkdirSync(dataDir, { recursive: true })
  const target = snapshotPath(dataDir, snapshot.api)
  const temporary = `${target}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(snapshot))
  renameSync(temporary, target)
}
