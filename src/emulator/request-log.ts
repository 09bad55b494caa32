/** The last requests an emulator answered, for inspection through the admin API. */

export interface LoggedRequest {
  seq: number
  at: string
  method: string
  path: string
  /** the query as sent, the values of the API's secret parameters replaced by `***` */
  query: string
  operationId: string | undefined
  status: number
  durationMs: number
  requestId: string
  /** what chaos did to this request, if anything */
  chaos?: 'drop' | 'status' | 'slow' | undefined
  /**
   * the first 2,000 characters of the body as sent, for debugging, the values of the API's secret
   * fields replaced by `***`; absent when the body was not read (credentials refused first)
   */
  body?: string | undefined
}

export class RequestLog {
  // the entry as given, its number beside it: a request pays for no copy, a listing does
  private entries: { seq: number; entry: Omit<LoggedRequest, 'seq'> }[] = []
  private seq = 0

  constructor(private readonly capacity = 2000) {}

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.entries.push({ seq: ++this.seq, entry })
    // trimmed in bulk: dropping one entry per request moved all the others, 11 µs a request at
    // capacity (bench/softtr-orders.bench.ts)
    if (this.entries.length >= 2 * this.capacity) this.entries = this.kept()
  }

  /** the last `capacity` entries, oldest first */
  private kept(): RequestLog['entries'] {
    return this.entries.length > this.capacity
      ? this.entries.slice(this.entries.length - this.capacity)
      : this.entries
  }

  list({
    operationId,
    limit = 100,
  }: { operationId?: string | undefined; limit?: number } = {}): LoggedRequest[] {
    const kept = this.kept()
    const matching = operationId ? kept.filter((e) => e.entry.operationId === operationId) : kept
    // `slice(-0)` would be everything
    if (!(limit > 0)) return []
    return matching.slice(-limit).map(({ seq, entry }) => ({ seq, ...entry }))
  }

  count(operationId?: string): number {
    const kept = this.kept()
    return operationId
      ? kept.filter((e) => e.entry.operationId === operationId).length
      : kept.length
  }

  clear(): void {
    this.entries = []
  }
}
