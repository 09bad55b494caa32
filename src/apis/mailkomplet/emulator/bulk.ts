/**
 * Bulk imports. `POST contacts/bulk` checks the call and queues the contacts (`Waiting`); each
 * `getBulkInfo` processes the next `bulkChunk` of every queued import (`InProgress`), so a client
 * sees the import progress and then its result: `SuccessfulyFinished` (sic, the seed's), or
 * `FinishedWithErrors` with one line per contact refused in `errors`.
 *
 * preImportAction (assumed): 0 nothing, 1 empty the given mailing lists first.
 * contactOverwriteMode (assumed): 0 keep an existing contact as it is (lists are still assigned),
 * 1 update the fields given, 2 replace every field (those not given become empty).
 */
import { z } from 'zod'
import { bulkContact, emailText, isAddressAsIs } from '../schemas.ts'
import { ErrorReply } from '../../../emulator/types.ts'
import { notFound } from './answers.ts'
import { apply, assign, create, requireList } from './contacts.ts'
import type { StoredImport } from './state.ts'
import { stamp, type MailKompletStore } from './store.ts'

type Contact = z.output<typeof bulkContact>

export function queueImport(
  store: MailKompletStore,
  input: {
    preImportAction: number
    contactOverwriteMode: number
    mailingListIds?: number[] | null | undefined
    contacts: Contact[]
  },
  now: Date,
): string {
  const mailingListIds = input.mailingListIds ?? []
  for (const id of mailingListIds) requireList(store, id)
  const job: StoredImport = {
    operationId: store.guid(),
    created: stamp(now),
    status: 'Waiting',
    errors: null,
    errorMessage: null,
    preImportAction: input.preImportAction,
    contactOverwriteMode: input.contactOverwriteMode,
    mailingListIds,
    // as the call read them (numbers, text, true, false, null): the state dump stays plain JSON
    pending: input.contacts,
    processed: 0,
    failures: [],
  }
  store.data.imports.push(job)
  return job.operationId
}

/** Processes the next chunk of every unfinished import, oldest first. */
export function advanceImports(store: MailKompletStore, chunk: number, now: Date): void {
  for (const job of store.data.imports) {
    if (job.status !== 'Waiting' && job.status !== 'InProgress') continue
    if (job.status === 'Waiting' && job.preImportAction === 1) {
      const lists = new Set(job.mailingListIds)
      for (const c of store.data.contacts)
        c.lists = c.lists.filter((l) => !lists.has(l.mailingListId))
    }
    job.status = 'InProgress'
    for (const raw of job.pending.splice(0, chunk)) {
      const index = job.processed++
      try {
        // the call checked every field but the address; the row, taken off the queue, is ours
        if (!isAddressAsIs(raw.email)) raw.email = emailText.parse(raw.email)
        importOne(store, job, raw, now)
      } catch (error) {
        job.failures.push(`contact ${index} (${String(raw.email)}): ${reason(error)}`)
      }
    }
    if (job.pending.length) continue
    job.status = job.failures.length ? 'FinishedWithErrors' : 'SuccessfulyFinished'
    job.errors = job.failures.length ? job.failures.join('\n') : null
  }
}

function importOne(store: MailKompletStore, job: StoredImport, contact: Contact, now: Date): void {
  const existing = store.contactByEmail(contact.email)
  // the row is this import's own copy: its lists become the job's and its own
  const lists = (contact.mailingListIds = contact.mailingListIds?.length
    ? [...new Set([...job.mailingListIds, ...contact.mailingListIds])]
    : job.mailingListIds)
  if (!existing) {
    create(store, contact, now)
    return
  }
  if (job.contactOverwriteMode === 0) {
    for (const id of lists) requireList(store, id)
    assign(existing, lists, now)
    return
  }
  apply(store, existing, { ...contact, email: undefined, mailingListIds: lists }, now, {
    replace: job.contactOverwriteMode === 2,
  })
}

function reason(error: unknown): string {
  if (error instanceof ErrorReply) return (error as { detail?: string }).detail ?? 'refused'
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? 'invalid'
  return error instanceof Error ? error.message : String(error)
}

export function importInfo(store: MailKompletStore, operationId: string, chunk: number, now: Date) {
  const job = store.data.imports.find(
    (j) => j.operationId.toLowerCase() === operationId.trim().toLowerCase(),
  )
  if (!job) throw notFound(`bulk import ${operationId}`)
  advanceImports(store, chunk, now)
  return { status: job.status, errors: job.errors, errorMessage: job.errorMessage }
}
