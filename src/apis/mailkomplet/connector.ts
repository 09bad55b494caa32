/**
 * Mail Komplet as a sync destination: canonical customers become contacts of one mailing list,
 * their order facts custom columns. A contact is written by its address (`POST contacts` is an
 * upsert), joins the list only on its first delivery, and never one it has left.
 *
 * @example
 * const mk = createMailKompletClient({ baseCrypt, apiKey })
 * const sink = mailkompletCustomersSink(mk, { mailingList: 'Zákazníci', columns })
 * defineStream<Customer>({ name: 'customers', source, sink })
 */
import { mapConcurrent } from '../../core/limits.ts'
import { createOnce } from '../../core/once.ts'
import { foldEmail } from '../../core/text.ts'
import type { CallOptions } from '../../core/types.ts'
import type { Customer } from '../../model/index.ts'
import {
  oncePerRun,
  refusedOutcome,
  type Outcome,
  type Planned,
  type Sink,
  type StreamContext,
} from '../../model/connector.ts'
import type { MailKompletClient } from './client.ts'
import { isMailKompletError } from './errors.ts'
import { pragueInstantOf, pragueWallClock } from './time.ts'

/** The customer facts kept in custom columns. */
export type CustomerColumn = 'lastOrderAt' | 'orderCount' | 'totalSpent' | 'city'

/** Each fact's column type: 1 text, 2 integer, 3 decimal, 4 date (README.md, assumed ids). */
const columnTypes: Record<CustomerColumn, 1 | 2 | 3 | 4> = {
  lastOrderAt: 4,
  orderCount: 2,
  totalSpent: 3,
  city: 1,
}

export interface MailKompletCustomersSinkOptions {
  /** the list customers join: its id, or its name (created when missing) */
  mailingList: number | string
  /** the column name each fact is written to; null leaves it out */
  columns: Readonly<Record<CustomerColumn, string | null>>
  /** whether mail to the address may go at all: false keeps it off the list (default: always) */
  allowed?: (customer: Customer, ctx: StreamContext) => Promise<boolean> | boolean
}

/** Mail Komplet's time text: Prague's wall clock without a zone, `2026-03-15T08:00:00`. */
export function mailkompletTime(iso: string): string {
  return new Date(pragueWallClock(Date.parse(iso))).toISOString().slice(0, 19)
}

/** Mail Komplet's wall-clock time of Prague (no zone) as ISO 8601. */
export function pragueInstant(text: string): string {
  const wall = Date.parse(`${text}Z`)
  return Number.isNaN(wall) ? text : new Date(pragueInstantOf(wall)).toISOString()
}

/** A customer as `POST contacts` takes it: name, phone and the configured columns. */
export function toMailKompletContact(
  customer: Customer,
  columns: MailKompletCustomersSinkOptions['columns'],
) {
  const facts: Record<CustomerColumn, string | number | null> = {
    lastOrderAt: customer.lastOrderAt ? mailkompletTime(customer.lastOrderAt) : null,
    orderCount: customer.orderCount,
    totalSpent: customer.totalSpent,
    city: customer.city ?? null,
  }
  const customColumns: Record<string, string | number | null> = {}
  for (const [fact, name] of Object.entries(columns) as [CustomerColumn, string | null][])
    if (name) customColumns[name] = facts[fact]
  return {
    email: customer.email!,
    name: customer.firstName.slice(0, 100) || null,
    surname: customer.lastName.slice(0, 100) || null,
    ...(customer.gsm ? { mobilePhone: `+${customer.gsm}` } : {}),
    customColumns,
  }
}

/**
 * Customers → Mail Komplet contacts, one `POST contacts` each (an upsert by address), eight at
 * once. The list is given only on a customer's first delivery, and only when the address is on
 * no exclude list for it (global or this list) and `allowed` agrees: a later update sends no list,
 * so a contact who left the list is never put back. Columns are created before the first write
 * with their types. A customer without an e-mail address is delivered with nothing to do.
 */
export function mailkompletCustomersSink(
  client: MailKompletClient,
  options: MailKompletCustomersSinkOptions,
): Sink<Customer> {
  const setup = oncePerRun(async (ctx) => ({
    listId: await mailingListId(client, options.mailingList, ctx),
    excluded: await excludedAddresses(client, { signal: ctx.signal }),
    columns: ctx.dryRun
      ? undefined
      : await ensureColumns(client, options.columns, { signal: ctx.signal }),
  }))

  const deliver = async (
    planned: Planned<Customer>,
    ctx: StreamContext,
    run: Awaited<ReturnType<typeof setup>>,
  ): Promise<Outcome> => {
    const customer = planned.record
    if (!customer.email) return { ok: true }
    const address = foldEmail(customer.email)
    const joins =
      planned.action === 'create' &&
      run.listId !== undefined &&
      !run.excluded.all.has(address) &&
      !run.excluded.byList.get(run.listId)?.has(address) &&
      (await (options.allowed?.(customer, ctx) ?? true))
    const input = {
      ...toMailKompletContact(customer, options.columns),
      ...(joins ? { mailingListIds: [run.listId!] } : {}),
    }
    try {
      if (ctx.dryRun) {
        client.prepare('contacts.create', input)
        return { ok: true, destId: address }
      }
      const { contactId } = await client.contacts.create(input, { signal: ctx.signal })
      return { ok: true, destId: String(contactId) }
    } catch (error) {
      return refusedOutcome(error)
    }
  }

  return {
    name: 'mailkomplet.contacts',
    batchSize: 100,
    async write(batch, ctx) {
      const run = await setup(ctx)
      return mapConcurrent(batch, 8, (p) => deliver(p, ctx, run))
    },
  }
}

/**
 * The list's id, by id or by name; a name Mail Komplet does not have is created (names are unique,
 * so a create whose answer was lost is found, not made twice). A dry run creates nothing: undefined.
 */
export async function mailingListId(
  client: MailKompletClient,
  list: number | string,
  { dryRun, signal }: Pick<StreamContext, 'dryRun' | 'signal'>,
): Promise<number | undefined> {
  if (typeof list === 'number') return list
  const find = async () => {
    for await (const l of client.mailingLists.iterate({ pageSize: 1000 }, { signal }))
      if (l.name.toLowerCase() === list.toLowerCase()) return l.mailingListId
    return undefined
  }
  const found = await find()
  if (found !== undefined || dryRun) return found
  try {
    return await createOnce(
      async () =>
        (await client.mailingLists.create({ name: list, isTest: false }, { signal })).mailingListId,
      find,
    )
  } catch (error) {
    // 400: the name was taken meanwhile (another run)
    const again = isMailKompletError(error, 'badRequest') ? await find() : undefined
    if (again === undefined) throw error
    return again
  }
}

/** The addresses on the exclude list: globally, and per mailing list. */
export async function excludedAddresses(client: MailKompletClient, call: CallOptions) {
  const all = new Set<string>()
  const byList = new Map<number, Set<string>>()
  for await (const e of client.excludeLists.iterate({ pageSize: 1000 }, call)) {
    const address = foldEmail(e.email)
    if (e.mailingListId === null && e.campaignId === null) all.add(address)
    else if (e.mailingListId !== null) {
      if (!byList.has(e.mailingListId)) byList.set(e.mailingListId, new Set())
      byList.get(e.mailingListId)!.add(address)
    }
  }
  return { all, byList }
}

/** Creates the configured columns the account lacks, with their types. */
async function ensureColumns(
  client: MailKompletClient,
  columns: MailKompletCustomersSinkOptions['columns'],
  call: CallOptions,
): Promise<void> {
  const have = new Set<string>()
  for await (const c of client.customColumns.iterate({ pageSize: 1000 }, call))
    have.add(c.name.toLowerCase())
  for (const [fact, name] of Object.entries(columns) as [CustomerColumn, string | null][]) {
    if (!name || have.has(name.toLowerCase())) continue
    const exists = async () => {
      for await (const c of client.customColumns.iterate({ pageSize: 1000 }, call))
        if (c.name.toLowerCase() === name.toLowerCase()) return true
      return undefined
    }
    await createOnce(async () => {
      await client.customColumns.create(
        { name, dataTypeId: columnTypes[fact], caption: name },
        call,
      )
      return true
    }, exists)
  }
}
