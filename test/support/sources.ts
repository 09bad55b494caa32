/** What the sources hold, read from the emulators' state without the connectors. */
import type { StoredOrder as NarwooOrder } from '../../src/apis/narwoo/emulator/store.ts'
import type { World } from './sync-world.ts'

/** An instant as Türkiye's wall clock, `yyyy-mm-dd hh:mm:ss` (Narwoo's and Setrow's dates). */
export const turkey = (ms: number) =>
  new Date(ms + 3 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)

/** The Narwoo orders a first run reads: placed within the three months before `now` (to the minute). */
export function narwooWindow(world: World, now: Date): NarwooOrder[] {
  const from = new Date(now)
  from.setUTCMonth(from.getUTCMonth() - 3)
  const start = `${turkey(from.getTime()).slice(0, 16)}:00`
  const end = `${turkey(now.getTime()).slice(0, 16)}:00`
  return world.narwoo.state.orders.filter((o) => o.placedAt >= start && o.placedAt <= end)
}

export const round2 = (n: number) => Math.round(n * 100) / 100
