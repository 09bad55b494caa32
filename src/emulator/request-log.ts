/** The last requests an emulator answered, for inspection through the admin API. */

export interface LoggedRequest {
  seq: number
  at: string
  method: string
  path: string
  query: string
  operationId: string | undefined
  status: number
  durationMs: number
  requestId: string
  /** what chaos did to this request, if anything */
  chaos?: 'drop' | 'status' | 'slow' | undefined
  /** the start of the request body, for debugging */
  body?: string | undefined
}

export class RequestLog {
  private entries: LoggedRequest[] = []
  private seq = 0

  constructor(private readonly capacity = 2000) {}

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.entries.push({ seq: ++this.seq, ...entry })
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity)
  }

  list({
    operationId,
    limit = 100,
  }: { operationId?: string | undefined; limit?: number } = {}): LoggedRequest[] {
    const matching = operationId
      ? this.entries.filter((e) => e.operationId === operationId)
      : this.entries
    return matching.slice(-limit)
  }

  count(operationId?: string): number {
    return operationId
      ? this.entries.filter((e) => e.operationId === operationId).length
      : this.entries.length
  }

  clear(): void {
    this.entries = []
  }
}
