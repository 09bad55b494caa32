/**
 * Bulk exports: the records of one type (or of one dynamic table) as a CSV file, made when it is
 * asked for and kept, listed with its size, row count and a download URL the emulator serves
 * (`/BulkExports/<key>/<name>`, gzip when compressed). Columns are the records' wire fields, or the
 * `Fields` asked for, in that order; filters: created and last-modified windows (from included, to
 * left out), `LastId`, and a segment's contacts. Types the emulator keeps no records of give a
 * file with its header only. Delimiters, names and columns are assumed (README.md).
 */
import { gzipSync } from 'node:zlib'
import { exactInstant } from '../codecs.ts'
import { ExportType } from '../schemas/account.ts'
import { fail } from './answers.ts'
import { companyOut } from './companies.ts'
import { contactOut, newSecret } from './contacts.ts'
import { momentsAt, statusAt } from './lifecycle.ts'
import { lineOut, orderOut } from './orders.ts'
import { sumsByContact } from './points.ts'
import { members } from './segments.ts'
import type { StoredExport } from './state-marketing.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp, timeWindow } from './time.ts'
import { entityOut } from './tables.ts'

type Row = Record<string, unknown>
type Name = keyof typeof ExportType

/** A type's rows, and which of their fields hold when made, when changed and whose they are. */
interface Source {
  rows: Row[]
  created?: string
  modified?: string
  contact?: string
}

function source(store: LoyaltiiStore, type: Name, now: number): Source {
  const orders = [...store.orders.values()]
  const email2 = [...store.email2Dispatches.values()]
  switch (type) {
    case 'Contacts':
      return {
        rows: [...store.contacts.values()].map((c) => {
          const { Version: _version, ...row } = contactOut(store, c)
          return row
        }),
        created: 'RegistrationDateTime',
        modified: 'LastModified',
        contact: 'Id',
      }
    case 'Stores':
      return { rows: [...store.stores.values()] }
    case 'Points':
      return { rows: store.points, created: 'DateTime', contact: 'ContactId' }
    case 'PointSums':
      return { rows: sumsByContact(store.points), modified: 'LastModified', contact: 'ContactId' }
    case 'Orders':
      return {
        rows: orders.map((o) => {
          const { OrderLines: _lines, ...row } = orderOut(store, o, false)
          return row
        }),
        created: 'OriginDate',
        contact: 'ContactId',
      }
    case 'OrderLines':
      return {
        rows: orders.flatMap((o) => o.OrderLines.map((l) => lineOut(store, o, l))),
        contact: 'ContactId',
      }
    case 'Events':
      return { rows: store.events, created: 'Created', contact: 'ContactId' }
    case 'ContactCompanies':
      return { rows: [...store.companies.values()].map((c) => companyOut(store, c)) }
    case 'Email2Dispatches':
      return {
        rows: email2.map((d) => ({
          Id: d.Id,
          TriggerId: d.TriggerId,
          Planned: d.Planned,
          Type: d.Type,
          Status: statusAt(store, d, now),
          Receivers: d.Receivers,
        })),
        created: 'Planned',
      }
    case 'Email2Receivers':
      return {
        rows: email2.flatMap((d) =>
          (store.receiversByDispatch.get(d.Id) ?? []).map((r) => ({
            Id: r.Id,
            DispatchId: d.Id,
            ContactId: r.ContactId,
            Email: r.Email,
            Created: r.Created,
            ...momentsAt(d, r, now),
          })),
        ),
        created: 'Created',
        contact: 'ContactId',
      }
    case 'ContactPermissionSources':
      return {
        rows: [...store.contacts.values()]
          .filter((c) => c.LatestPermissionSource !== null)
          .map((c) => ({
            ContactId: c.Id,
            PermissionSource: c.LatestPermissionSource,
            PermissionSourceCategoryId:
              store.permissionSourceCategoryRelations.find(
                (r) => r.PermissionSource === c.LatestPermissionSource,
              )?.PermissionSourceCategoryId ?? null,
          })),
        contact: 'ContactId',
      }
    default:
      return { rows: [] }
  }
}

type When = Date | string | null | undefined

export interface ExportSettings {
  Type?: Name | null | undefined
  DynamicTableId?: number | null | undefined
  ColumnDelimiter?: string | null | undefined
  RowDelimiter?: string | null | undefined
  CreatedDateTimeFrom?: When
  CreatedDateTimeTo?: When
  LastModifiedFrom?: When
  LastModifiedTo?: When
  LastId?: number | null | undefined
  ItemType?: string | null | undefined
  SegmentId?: number | null | undefined
  Fields?: string[] | null | undefined
  SuffixFileName?: string | null | undefined
  TimeZoneId?: string | null | undefined
  UseCompression?: boolean | null | undefined
  Format?: 'Csv' | 'Parquet' | null | undefined
}

/** Makes the export and keeps it; it is listed from then on. */
export function createExport(ctx: LoyaltiiContext, s: ExportSettings): void {
  const store = ctx.state
  const now = ctx.now.getTime()
  if ((s.Type == null) === (s.DynamicTableId == null)) throw fail('invalidExportSettings')
  if (s.Format === 'Parquet') throw fail('parquetNotSupported')
  let found: Source
  if (s.DynamicTableId != null) {
    const table = [...store.tables.values()].find((t) => t.Id === s.DynamicTableId)
    if (!table) throw fail('invalidDynamicTable')
    found = {
      rows: table.Entities.map((e) => entityOut(table, e)),
      created: 'Created',
      modified: 'LastModified',
    }
  } else found = source(store, s.Type!, now)
  let rows = found.rows
  const window = (field: string | undefined, from: When, to: When) => {
    const dated = timeWindow(from, to)
    if (!field || !dated) return
    rows = rows.filter((r) => {
      const at = r[field]
      return typeof at === 'string' && dated(exactInstant(at))
    })
  }
  window(found.created, s.CreatedDateTimeFrom, s.CreatedDateTimeTo)
  window(found.modified, s.LastModifiedFrom, s.LastModifiedTo)
  if (s.LastId != null) rows = rows.filter((r) => typeof r.Id !== 'number' || r.Id > s.LastId!)
  if (s.SegmentId != null) {
    const segment = store.segments.get(s.SegmentId)
    if (!segment) throw fail('invalidSegment')
    const ids = new Set(members(store, segment, now).map((c) => c.Id))
    const key = found.contact
    if (key) rows = rows.filter((r) => ids.has(r[key] as number))
  }
  const all = Object.keys(found.rows[0] ?? { Id: null })
  const columns = (s.Fields?.length ? s.Fields : all).map((f) => {
    const column = all.find((c) => c.toLowerCase() === f.toLowerCase())
    if (!column) throw fail('invalidField', { field: f })
    return column
  })
  const text = csv(columns, rows, s.ColumnDelimiter ?? ';', s.RowDelimiter ?? '\r\n')
  const compressed = s.UseCompression === true
  const bytes = compressed ? gzipSync(text) : Buffer.from(text)
  const type = s.Type ?? 'DynamicTable'
  const at = stamp(ctx.now)
  const when = at.slice(0, 19).replace(/\D/g, '')
  const suffix = s.SuffixFileName ? `_${s.SuffixFileName}` : ''
  const item: StoredExport = {
    Id: store.nextId('export'),
    Key: newSecret(),
    Name: `${type}_${when}${suffix}.csv${compressed ? '.gz' : ''}`,
    Type: type,
    ExportType: s.Type ?? null,
    CreatedDateTimeFrom: dateOrNull(s.CreatedDateTimeFrom),
    CreatedDateTimeTo: dateOrNull(s.CreatedDateTimeTo),
    ItemType: s.ItemType ?? null,
    RowCount: rows.length,
    SegmentId: s.SegmentId ?? null,
    TimeZoneId: s.TimeZoneId ?? 'Romance Standard Time',
    Created: at,
    Compressed: compressed,
    Content: compressed ? bytes.toString('base64') : text,
    SizeInBytes: bytes.length,
  }
  store.exports.push(item)
}

function dateOrNull(value: When): string | null {
  if (value == null) return null
  return value instanceof Date ? stamp(value) : value
}

function csv(columns: string[], rows: Row[], column: string, row: string): string {
  const cell = (value: unknown) => {
    const text =
      value === null || value === undefined
        ? ''
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value)
    return /["\r\n]/.test(text) || text.includes(column) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const lines = [
    columns.join(column),
    ...rows.map((r) => columns.map((c) => cell(r[c])).join(column)),
  ]
  return lines.join(row) + row
}

/** `GET BulkExport`: of a type, or all; newest first. */
export function exportsOut(ctx: LoyaltiiContext, type: Name | undefined) {
  const origin = new URL(ctx.request.url).origin
  return ctx.state.exports
    .filter((e) => type === undefined || e.ExportType === type)
    .sort((a, b) => b.Id - a.Id)
    .map((e) => ({
      Name: e.Name,
      DownloadUrl: `${origin}/BulkExports/${e.Key}/${encodeURIComponent(e.Name)}`,
      SizeInBytes: e.SizeInBytes,
      Type: e.Type,
      CreatedDateTimeFrom: e.CreatedDateTimeFrom,
      CreatedDateTimeTo: e.CreatedDateTimeTo,
      ItemType: e.ItemType,
      RowCount: e.RowCount,
      SegmentId: e.SegmentId,
      Right: null,
      TimeZoneId: e.TimeZoneId,
    }))
}

/** Where the emulator serves the files (a side route, outside the API). */
export const EXPORT_PATH = '/BulkExports/:key/:name'

export function exportFile(ctx: LoyaltiiContext): Response {
  const key = new URL(ctx.request.url).pathname.split('/')[2]
  const found = ctx.state.exports.find((e) => e.Key === key)
  if (!found) return new Response(null, { status: 404 })
  const body = found.Compressed ? Buffer.from(found.Content, 'base64') : found.Content
  return new Response(body, {
    headers: {
      'content-type': found.Compressed ? 'application/gzip' : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${encodeURIComponent(found.Name)}"`,
    },
  })
}
