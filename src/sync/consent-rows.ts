/** The consent ledger's rows, as both state stores read them back. */
import type { ConsentEntry } from '../model/consent.ts'

export interface ConsentRow {
  seq: number | string
  ref: string
  person: string
  channel: ConsentEntry['channel']
  status: ConsentEntry['status']
  tool: string
  reason: string
  at: string
  source: string | null
  recorded_at: string | Date
}

/** A ledger row as the model has it (PostgreSQL's bigint comes as text, its times as dates). */
export function consentEntry(row: ConsentRow): ConsentEntry {
  const time = (t: string | Date) => (t instanceof Date ? t.toISOString() : t)
  return {
    seq: Number(row.seq),
    ref: row.ref,
    person: row.person,
    channel: row.channel,
    status: row.status,
    tool: row.tool,
    reason: row.reason,
    at: time(row.at),
    ...(row.source === null ? {} : { source: row.source }),
    recordedAt: time(row.recorded_at),
  }
}
