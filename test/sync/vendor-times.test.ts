/**
 * The vendors' zoneless times both ways: what kopru writes reads back as the same instant (but in
 * the hour Prague's clocks repeat when summer time ends, which a zoneless time cannot tell apart).
 */
import { describe, expect, it } from 'vitest'
import { mailkompletTime, pragueInstant } from '../../src/apis/mailkomplet/connector.ts'
import { setrowInstant, setrowTime } from '../../src/apis/setrow/connector.ts'

describe('zoneless vendor times', () => {
  it.each(['2026-03-15T07:00:00.000Z', '2026-07-01T22:30:15.000Z', '2026-10-26T00:30:00.000Z'])(
    '%s round-trips through Setrow (Türkiye) and Mail Komplet (Prague, summer time too)',
    (iso) => {
      expect(setrowInstant(setrowTime(iso))).toBe(iso)
      expect(pragueInstant(mailkompletTime(iso))).toBe(iso)
    },
  )

  it('reads the wall clock as the vendor means it, and leaves other text as it is', () => {
    expect(setrowInstant('2026-03-15 10:00:00')).toBe('2026-03-15T07:00:00.000Z')
    expect(pragueInstant('2026-07-01T12:00:00')).toBe('2026-07-01T10:00:00.000Z')
    expect(pragueInstant('2026-01-01T12:00:00')).toBe('2026-01-01T11:00:00.000Z')
    expect(setrowInstant('yesterday')).toBe('yesterday')
    expect(pragueInstant('soon')).toBe('soon')
  })
})
