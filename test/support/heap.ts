import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * The heap `make` leaves in use while what it returns is still held: garbage is collected before
 * and after, so what grew is what the result keeps alive.
 */
export async function heapKeptBy<T>(
  make: () => T | Promise<T>,
): Promise<{ kept: T; bytes: number }> {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const used = () => (gc(), gc(), process.memoryUsage().heapUsed)
  const before = used()
  const kept = await make()
  return { kept, bytes: used() - before }
}
