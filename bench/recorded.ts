/**
 * The requests a sync recorded (`sync-run.ts` writes them), read back and sent again by the
 * replays (`sync-replay.ts`, `sync-latency-replay.ts`).
 */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { RecordedRequest } from './sync-run.ts'

/** The recorded requests of `file`, in the order they were sent. */
export async function* readRecorded(file: string): AsyncGenerator<RecordedRequest> {
  let request: RecordedRequest | undefined
  for await (const line of createInterface({
    input: createReadStream(file),
    crlfDelay: Infinity,
  })) {
    if (request) {
      request.body = line
    } else {
      const { hasBody, ...meta } = JSON.parse(line) as RecordedRequest & { hasBody: boolean }
      request = meta
      if (hasBody) continue
    }
    yield request
    request = undefined
  }
}

/**
 * Sends a recorded request and checks its answer: a 200 (Setrow's with its envelope, and the items
 * it refused counted), or a 429 where `tolerate429`; anything else throws.
 */
export async function sendRecorded(
  request: RecordedRequest,
  tolerate429 = false,
): Promise<{ status: 200 | 429; failedItems: number }> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  })
  const text = await response.text()
  if (response.status === 429 && tolerate429) return { status: 429, failedItems: 0 }
  if (response.status !== 200)
    throw new Error(`${request.op} answered ${response.status}: ${text.slice(0, 200)}`)
  if (!request.op.startsWith('setrow.')) return { status: 200, failedItems: 0 }
  if (!text.startsWith('{"status":"success"'))
    throw new Error(`${request.op} refused: ${text.slice(0, 300)}`)
  return { status: 200, failedItems: Number(/"failed":(\d+)/.exec(text)?.[1] ?? 0) }
}
