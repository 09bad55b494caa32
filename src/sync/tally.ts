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
  // keys whose outcome a batch of this attempt committed since the last committed cursor, and
  // the same of the earlier attempts (read again by this one). A source whose cursor comes at its
  // end (one listing newest first) keeps them all: as a Set of keys or of hashes they added 15–20
  // MB to the 100,000-order sync's peak heap, so they are 53-bit hashes in one typed array, 8
  // bytes each. With 100,000 kept, a look-up meets another key's hash about once in 10^11.
  private readonly settled = new Hashes()
  private readonly earlier = new Hashes()

  /** Records read. */
  read(count: number): void {
    this.counts.read += count
  }

  /** A record read unchanged: skipped, unless an earlier attempt counted its outcome. */
  skip(key: string): void {
    if (this.earlier.size && this.earlier.has(hash53(key))) return
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
    for (const key of keys) this.settled.add(hash53(key))
  }

  /** Reading starts over from the last committed cursor. */
  restart(): void {
    this.earlier.take(this.settled)
    this.counts.read = this.atCursor.read
    this.unchanged = this.atCursor.unchanged
    this.counts.skipped = this.unchanged + this.sinkSkipped
  }
}

/** Numbers appended to one typed array; looked up by halving once sorted (`take`). */
class Hashes {
  private values = new Float64Array(0)
  size = 0

  add(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(Math.max(1024, this.size * 2))
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.size++] = value
  }

  clear(): void {
    this.values = new Float64Array(0)
    this.size = 0
  }

  /** Adds `other`'s values and empties it; sorted afterwards. */
  take(other: Hashes): void {
    for (let i = 0; i < other.size; i++) this.add(other.values[i]!)
    other.clear()
    this.values.subarray(0, this.size).sort()
  }

  /** Whether `value` is here; the values must be sorted (`take`). */
  has(value: number): boolean {
    let [low, high] = [0, this.size - 1]
    while (low <= high) {
      const mid = (low + high) >>> 1
      const at = this.values[mid]!
      if (at === value) return true
      if (at < value) low = mid + 1
      else high = mid - 1
    }
    return false
  }
}

/** cyrb53: a 53-bit string hash, two 32-bit lanes mixed (public domain, bryc). */
function hash53(text: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}
