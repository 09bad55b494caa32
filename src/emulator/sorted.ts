/** Look-ups in the sorted lists emulator stores keep (orders newest first), by halving. */

/** The first index where `test` holds, for a test that is false and then true along the list. */
export function firstIndex<T>(list: readonly T[], test: (item: T) => boolean): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (test(list[mid]!)) high = mid
    else low = mid + 1
  }
  return low
}
