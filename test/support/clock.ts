import type { Clock } from '../../src/core/limits.ts'

/** A clock that records the sleeps asked of it and moves time instead of waiting. */
export function fakeClock(start = 0): Clock & { sleeps: number[]; time: number } {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms)
      clock.time += ms
    },
  }
  return clock
}
