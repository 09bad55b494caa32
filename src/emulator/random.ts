/** Seeded randomness: the same seed gives the same seed data and the same chaos, run after run. */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number

/** sfc32 seeded through splitmix32: fast, well mixed, 32-bit state words. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = split()
  let b = split()
  let c = split()
  let d = split()
  return () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

/** A child stream, so adding draws in one part of a generator does not shift another part. */
export function fork(rng: Rng, label: string): Rng {
  let h = Math.floor(rng() * 4294967296)
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619)
  return createRng(h)
}

/**
 * A stream that depends on the seed and the label alone: whatever else a generator draws, and in
 * whichever order, it never moves. For data that must not shift when other sizes change, such as
 * the catalogue that several emulators share.
 */
export function seedStream(seed: number, label: string): Rng {
  return fork(createRng(seed), label)
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!
}

export function weightedPick<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0)
  let r = rng() * total
  for (const item of items) {
    r -= item.weight
    if (r < 0) return item
  }
  return items[items.length - 1]!
}

/** Inclusive on both ends. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability
}

export function digits(rng: Rng, count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) out += Math.floor(rng() * 10)
  return out
}

export function hex(rng: Rng, count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) out += Math.floor(rng() * 16).toString(16)
  return out
}

/** Money with two decimals, as vendors print it. */
export function money(rng: Rng, min: number, max: number): number {
  return Math.round((min + rng() * (max - min)) * 100) / 100
}
