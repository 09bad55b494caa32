/** Raw HTTP/1.1 over a socket, for the checks that depend on what node:http sees (Host, framing). */
import net from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Sends `head` (request line and headers, without the blank line) and `body`, then reads the
 * answer until the server closes. `declaredLength` overrides content-length, so that a test can
 * announce more than it sends: the answer then proves the server did not wait for the rest.
 */
export function rawRequest(
  port: number,
  head: string[],
  body = '',
  declaredLength = Buffer.byteLength(body),
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      const text = Buffer.concat(chunks).toString('utf8')
      const parsed = parse(text)
      // an answer complete by its length: no need to wait for the server to hang up
      if (parsed && Buffer.byteLength(parsed.body) >= Number(parsed.headers['content-length'])) {
        socket.destroy()
        resolve(parsed)
      }
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const parsed = parse(Buffer.concat(chunks).toString('utf8'))
      if (parsed) resolve(parsed)
      else reject(new Error('the server closed without an answer'))
    })
    const lines = [...head, 'connection: close']
    if (declaredLength > 0 || body) lines.push(`content-length: ${declaredLength}`)
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`)
  })
}

function parse(text: string): RawAnswer | undefined {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine, ...fields] = text.slice(0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const field of fields) {
    const colon = field.indexOf(':')
    headers[field.slice(0, colon).toLowerCase()] = field.slice(colon + 1).trim()
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4) }
}
