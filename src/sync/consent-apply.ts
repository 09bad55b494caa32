/**
 * Consent said now (a webhook's unsubscribe) applied at once, through the same engine as a sync:
 * the event goes into the ledger (durable, each ref once), then the consent pipeline's verdict
 * streams run, so every tool hears it within the moment and exactly once: a repeat is known by its
 * ref, a run killed midway is finished by the next, as for any pipeline. Events that arrive while a
 * run is going are taken by one run after it: a burst of a thousand costs a few runs, not a thousand.
 */
import type { ConsentEntry, ConsentEvent } from '../model/consent.ts'
import type { Logger } from '../model/connector.ts'
import type { StateStore } from '../model/state.ts'
import { PipelineLockedError, runPipeline, type RunResult } from './engine.ts'
import type { PipelineDef } from './stream.ts'

export interface ConsentApplierOptions {
  store: StateStore
  /** the consent pipeline's verdict streams, under the pipeline's own name (its lock, its cursors) */
  verdicts: PipelineDef
  log?: Logger
  /** while a sync holds the pipeline's lock: the pause before trying again (default 250 ms) */
  lockedRetryMs?: number
  /**
   * each run's result (the server's log, tests), and the last ledger entry `apply` had recorded
   * when it started: it applied those up to there; later ones it may not have read, and a run
   * after it does
   */
  onRun?: (result: RunResult, applied: { upToSeq: number }) => void
}

export interface ConsentApplier {
  /** Records the events (answers those new to the ledger) and has them applied soon after. */
  apply(events: readonly ConsentEvent[]): Promise<ConsentEntry[]>
  /**
   * Applies what the ledger holds and the tools have not heard yet: what a server killed between
   * recording and applying left, at its next start.
   */
  catchUp(): void
  /** Resolves once everything recorded so far has been applied (or its run has failed). */
  settled(): Promise<void>
  /** Waits for the run in progress; nothing starts after. */
  close(): Promise<void>
}

export function consentApplier(options: ConsentApplierOptions): ConsentApplier {
  const { store, verdicts } = options
  const lockedRetryMs = options.lockedRetryMs ?? 250
  let running: Promise<void> | undefined
  let again = false
  let closed = false
  // the latest ledger entry `apply` recorded
  let recordedSeq = 0

  const runOnce = async (): Promise<void> => {
    for (;;) {
      try {
        const upToSeq = recordedSeq
        const result = await runPipeline(verdicts, {
          store,
          ...(options.log ? { log: options.log } : {}),
        })
        options.onRun?.(result, { upToSeq })
        if (result.status !== 'succeeded')
          options.log?.warn(`consent: applying opt-outs ${result.status}: ${result.error ?? ''}`)
        return
      } catch (error) {
        // a sync of the consent pipeline is running: it applies what is recorded, or we do after
        if (!(error instanceof PipelineLockedError) || closed) throw error
        await new Promise((resolve) => setTimeout(resolve, lockedRetryMs))
      }
    }
  }

  const kick = (): void => {
    if (closed) return
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          await runOnce()
        } catch (error) {
          options.log?.warn(`consent: applying opt-outs failed: ${(error as Error).message}`)
        }
      } while (again && !closed)
    })().finally(() => (running = undefined))
  }

  return {
    async apply(events) {
      const recorded = await store.recordConsent(events)
      for (const entry of recorded) recordedSeq = Math.max(recordedSeq, entry.seq)
      if (recorded.length) kick()
      return recorded
    },
    catchUp: kick,
    async settled() {
      while (running) await running
    },
    async close() {
      closed = true
      while (running) await running
    },
  }
}
