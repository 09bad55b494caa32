/**
 * A stream's counts over the attempts of one run. An attempt stopped by a transient failure runs
 * again from the last cursor a batch committed, so it reads again what the stopped one read past
 * that point: what reading counted (read, and skipped as unchanged) goes back to where it stood at
 * that cursor, what batches committed stays, and a record whose outcome an earlier attempt's batch
 * committed since is counted once, by that outcome, not a second time as skipped when it is read
 * again unchanged. (Within one attempt, a record read twice is counted twice, as read.)
 */
import { emptyCounts, type StreamCounts } from '../model/state.ts'

/** What reading had counted where a page ended: kept with the page's cursor. */
export interface ReadMark {
  read: number
  unchanged: number
}

export class StreamTally {
  /** the stream's counts as they stand: what progress shows and the run records */
  readonly counts = emptyCounts()
  // skipped = records read unchanged + records a sink skipped
  private unchanged = 0
  private sinkSkipped = 0
  private atCursor: ReadMark = { read: 0, unchanged: 0 }
  /** keys whose outcome a batch of this attempt committed since the last committed cursor */
  private settled = new Set<string>()
  /** the same, of the earlier attempts: read again by this one */
  private earlier = new Set<string>()

  /** Records read. */
  read(count: number): void {
    this.counts.read += count
  }

  /** A record read unchanged: skipped, unless an earlier attempt counted its outcome. */
  skip(key: string): void {
    if (this.earlier.has(key)) return
    this.unchanged++
    this.counts.skipped = this.unchanged + this.sinkSkipped
  }

  mark(): ReadMark {
    return { read: this.counts.read, unchanged: this.unchanged }
  }

  /**
   * A batch committed, with `outcomes` counted for `keys`; `cursor`: the mark of the page whose
   * cursor it committed, if it did.
   */
  committed(outcomes: StreamCounts, keys: readonly string[], cursor?: ReadMark): void {
    this.counts.created += outcomes.created
    this.counts.updated += outcomes.updated
    this.counts.failed += outcomes.failed
    this.sinkSkipped += outcomes.skipped
    this.counts.skipped = this.unchanged + this.sinkSkipped
    if (cursor) {
      this.atCursor = cursor
      // an attempt after this one starts after the cursor: what came before is not read again
      this.settled.clear()
      this.earlier.clear()
    }
    for (const key of keys) this.settled.add(key)
  }

  /** Reading starts over from the last committed cursor. */
  restart(): void {
    for (const key of this.settled) this.earlier.add(key)
    this.settled = new Set()
    this.counts.read = this.atCursor.read
    this.unchanged = this.atCursor.unchanged
    this.counts.skipped = this.unchanged + this.sinkSkipped
  }
}
