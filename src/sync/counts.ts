/** What a run's commits wrote, counted the same way by every state store. */
import { emptyCounts, type AuditEntry, type StreamCounts } from '../model/state.ts'

/**
 * A run's committed counts after one more commit, from its audit entries as the engine counts
 * them: a removal counts as updated; `read` is the records whose outcome was committed (what the
 * run read and skipped dies with its process).
 */
export function tally(
  before: Record<string, StreamCounts>,
  audit: readonly AuditEntry[],
): Record<string, StreamCounts> {
  const after: Record<string, StreamCounts> = {}
  for (const [stream, counts] of Object.entries(before)) after[stream] = { ...counts }
  for (const { stream, action } of audit) {
    const field =
      action === 'create'
        ? 'created'
        : action === 'update' || action === 'delete'
          ? 'updated'
          : action === 'fail'
            ? 'failed'
            : undefined
    if (!field) continue
    const counts = (after[stream] ??= emptyCounts())
    counts[field]++
    counts.read++
  }
  return after
}
