import { describe, expect, it } from 'vitest'
import {
  address,
  asciiFold,
  cities,
  companyName,
  emailFor,
  firstNamesFemale,
  firstNamesMale,
  gsm,
  isValidTcKimlikNo,
  isValidVergiNo,
  lastNames,
  person,
  taxOffices,
  tcKimlikNo,
  vergiNo,
} from '../../../src/emulator/locale/tr.ts'
import { intBetween, pick, weightedPick, type Rng } from '../../../src/emulator/random.ts'

/** mulberry32: a tiny seeded PRNG, independent of the emulator's own. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Every string that differs from `s` in exactly one digit. */
function oneDigitChanges(s: string): string[] {
  const out: string[] = []
  for (let i = 0; i < s.length; i++)
    for (let d = 0; d <= 9; d++)
      if (String(d) !== s[i]) out.push(s.slice(0, i) + d + s.slice(i + 1))
  return out
}

/** A second VKN check, written differently: digits from the right, weight 2^k, 0 → 9 rule. */
function vknReference(s: string): boolean {
  if (!/^\d{10}$/.test(s)) return false
  let total = 0
  const body = s.slice(0, 9).split('').reverse()
  body.forEach((ch, k) => {
    const c = (Number(ch) + k + 1) % 10
    if (c !== 0) total += (c * Math.pow(2, k + 1)) % 9 || 9
  })
  return (10 - (total % 10)) % 10 === Number(s[9])
}

/** A second T.C. kimlik check, written from the published rule with explicit positions. */
function tcReference(s: string): boolean {
  if (!/^\d{11}$/.test(s) || s[0] === '0') return false
  const n = (i: number) => Number(s[i - 1])
  const tenth = (7 * (n(1) + n(3) + n(5) + n(7) + n(9)) - (n(2) + n(4) + n(6) + n(8)) + 100) % 10
  let sum = 0
  for (let i = 1; i <= 10; i++) sum += n(i)
  return tenth === n(10) && sum % 10 === n(11)
}

describe('T.C. kimlik no', () => {
  it('accepts the well-known valid test number and rejects its one-digit variants', () => {
    expect(isValidTcKimlikNo('10000000146')).toBe(true)
    for (const bad of oneDigitChanges('10000000146')) expect(isValidTcKimlikNo(bad)).toBe(false)
  })

  it('generates 1,000 numbers that pass both validators and are 11 digits', () => {
    const rng = mulberry32(42)
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const id = tcKimlikNo(rng)
      expect(id).toMatch(/^[1-9]\d{10}$/)
      expect(isValidTcKimlikNo(id)).toBe(true)
      expect(tcReference(id)).toBe(true)
      seen.add(id)
    }
    expect(seen.size).toBeGreaterThan(990)
  })

  it('rejects every one-digit change of generated numbers', () => {
    const rng = mulberry32(7)
    for (let i = 0; i < 100; i++)
      for (const bad of oneDigitChanges(tcKimlikNo(rng))) expect(isValidTcKimlikNo(bad)).toBe(false)
  })

  it('agrees with the reference rule on arbitrary 11-digit strings, and rejects bad shapes', () => {
    const rng = mulberry32(3)
    let valid = 0
    for (let i = 0; i < 20_000; i++) {
      const s =
        String(intBetween(rng, 0, 99_999)).padStart(5, '0') +
        String(intBetween(rng, 0, 999_999)).padStart(6, '0')
      expect(isValidTcKimlikNo(s)).toBe(tcReference(s))
      if (tcReference(s)) valid++
    }
    expect(valid).toBeGreaterThan(0)
    for (const bad of ['', '1000000014', '100000001466', '1000000014a', '00000000000'])
      expect(isValidTcKimlikNo(bad)).toBe(false)
  })
})

describe('vergi kimlik no', () => {
  it('matches a published example and rejects its neighbour', () => {
    // python-stdnum's doctest: 4540536920 is valid, 4540536921 is not
    expect(vknReference('4540536920')).toBe(true)
    expect(isValidVergiNo('4540536920')).toBe(true)
    expect(isValidVergiNo('4540536921')).toBe(false)
    // 1234567890 is often quoted as valid; both implementations agree (check digit of 123456789 is 0)
    expect(vknReference('1234567890')).toBe(true)
    expect(isValidVergiNo('1234567890')).toBe(true)
    expect(isValidVergiNo('1234567891')).toBe(false)
  })

  it('agrees with an independent implementation on every check digit of many prefixes', () => {
    const rng = mulberry32(11)
    for (let i = 0; i < 2000; i++) {
      const prefix = String(intBetween(rng, 0, 999_999_999)).padStart(9, '0')
      let accepted = 0
      for (let d = 0; d <= 9; d++) {
        expect(isValidVergiNo(prefix + d)).toBe(vknReference(prefix + d))
        if (isValidVergiNo(prefix + d)) accepted++
      }
      expect(accepted).toBe(1)
    }
  })

  it('generates 1,000 numbers that pass both validators', () => {
    const rng = mulberry32(42)
    for (let i = 0; i < 1000; i++) {
      const vkn = vergiNo(rng)
      expect(vkn).toMatch(/^\d{10}$/)
      expect(isValidVergiNo(vkn)).toBe(true)
      expect(vknReference(vkn)).toBe(true)
    }
  })

  it('rejects every one-digit change of generated numbers, and bad shapes', () => {
    const rng = mulberry32(8)
    for (let i = 0; i < 100; i++)
      for (const bad of oneDigitChanges(vergiNo(rng))) expect(isValidVergiNo(bad)).toBe(false)
    for (const bad of ['', '454053692', '45405369200', '454053692O'])
      expect(isValidVergiNo(bad)).toBe(false)
  })
})

describe('GSM numbers', () => {
  const operators: Record<string, string[]> = {
    Turkcell: ['530', '531', '532', '533', '534', '535', '536', '537', '538', '539'],
    Vodafone: ['540', '541', '542', '543', '544', '545', '546', '547', '548', '549'],
    'Türk Telekom': [
      '501',
      '505',
      '506',
      '507',
      '551',
      '552',
      '553',
      '554',
      '555',
      '556',
      '557',
      '558',
      '559',
    ],
  }
  const operatorOf = (prefix: string) =>
    Object.keys(operators).find((name) => operators[name]!.includes(prefix))

  it('are 11-digit national numbers with real operator prefixes, all operators represented', () => {
    const rng = mulberry32(42)
    const counts = new Map<string, number>()
    const prefixes = new Set<string>()
    for (let i = 0; i < 3000; i++) {
      const n = gsm(rng)
      expect(n).toMatch(/^05\d{9}$/)
      const op = operatorOf(n.slice(1, 4))
      expect(op, n).toBeDefined()
      counts.set(op!, (counts.get(op!) ?? 0) + 1)
      prefixes.add(n.slice(1, 4))
    }
    for (const name of Object.keys(operators)) expect(counts.get(name)).toBeGreaterThan(500)
    expect([...prefixes].sort()).toEqual(Object.values(operators).flat().sort())
  })
})

describe('e-mail addresses', () => {
  const strict = /^[a-z0-9]+(?:[._][a-z0-9]+)*@(?:gmail|hotmail|outlook|yandex|icloud)\.com$/

  it('folds Turkish letters to ASCII', () => {
    expect(asciiFold('Çağrı Işık İlayda Şeyma Gökhan Ümit Öztürk')).toBe(
      'Cagri Isik Ilayda Seyma Gokhan Umit Ozturk',
    )
    expect(asciiFold('çğıöşü ÇĞİÖŞÜ')).toBe('cgiosu CGIOSU')
  })

  it('are strict lower-case ASCII, built from the name, mostly gmail and hotmail', () => {
    const rng = mulberry32(42)
    const domains = new Map<string, number>()
    const locals = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const p = person(rng)
      const email = emailFor(rng, p.firstName, p.lastName)
      expect(email).toMatch(strict)
      const [local, domain] = email.split('@') as [string, string]
      const last = asciiFold(p.lastName).toLowerCase()
      const first = asciiFold(p.firstName).toLowerCase()
      expect(local.includes(last) || local.startsWith(first), email).toBe(true)
      domains.set(domain, (domains.get(domain) ?? 0) + 1)
      locals.add(local.replace(/[a-z]+/g, 'a').replace(/\d+/g, '9'))
    }
    expect(emailFor(mulberry32(1), 'Çağrı', 'Öztürk')).toMatch(/^(?:cagri|c|ozturk)[._]?/)
    const byCount = [...domains.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d)
    expect(byCount.slice(0, 2)).toEqual(['gmail.com', 'hotmail.com'])
    expect(domains.size).toBe(5)
    expect(locals.size).toBeGreaterThanOrEqual(5) // several shapes: a.a, aa9, a_a, a9 …
  })
})

describe('places', () => {
  it('cover the 30 most populous provinces with real plate codes', () => {
    expect(cities.length).toBeGreaterThanOrEqual(30)
    const plate = (name: string) => cities.find((c) => c.name === name)?.plate
    expect(plate('İstanbul')).toBe(34)
    expect(plate('Ankara')).toBe(6)
    expect(plate('İzmir')).toBe(35)
    expect(plate('Şanlıurfa')).toBe(63)
    expect(plate('Tekirdağ')).toBe(59)
    expect(plate('Ordu')).toBe(52)
    expect(new Set(cities.map((c) => c.plate)).size).toBe(cities.length)
    expect(new Set(cities.map((c) => c.name)).size).toBe(cities.length)
    for (const c of cities) expect(c.plate >= 1 && c.plate <= 81, c.name).toBe(true)
  })

  it('have 5–15 unique districts each, in the right province', () => {
    for (const c of cities) {
      expect(c.districts.length, c.name).toBeGreaterThanOrEqual(5)
      expect(c.districts.length, c.name).toBeLessThanOrEqual(15)
      expect(new Set(c.districts).size, c.name).toBe(c.districts.length)
    }
    const home = (district: string) =>
      cities.filter((c) => (c.districts as readonly string[]).includes(district)).map((c) => c.name)
    expect(home('Çerkezköy')).toEqual(['Tekirdağ'])
    expect(home('Kadıköy')).toEqual(['İstanbul'])
    expect(home('Çankaya')).toEqual(['Ankara'])
    expect(home('Karşıyaka')).toEqual(['İzmir'])
  })

  it('weightedPick favours İstanbul, then Ankara, over 10,000 draws', () => {
    const rng = mulberry32(42)
    const counts = new Map<string, number>()
    for (let i = 0; i < 10_000; i++) {
      const name = weightedPick(rng, cities).name
      counts.set(name, (counts.get(name) ?? 0) + 1)
    }
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1])
    expect(ranked[0]![0]).toBe('İstanbul')
    expect(ranked[1]![0]).toBe('Ankara')
    const total = cities.reduce((s, c) => s + c.weight, 0)
    const expected = (15_655 / total) * 10_000
    expect(Math.abs(counts.get('İstanbul')! - expected)).toBeLessThan(300)
  })

  it('addresses read like Turkish street addresses', () => {
    const rng = mulberry32(42)
    for (let i = 0; i < 500; i++)
      expect(address(rng)).toMatch(
        /^[\p{Lu}][\p{L} ]* Mah\. [\p{Lu}][\p{L} ]* (?:Cad|Sok|Bulv)\. No:\d+(?: D:\d+)?$/u,
      )
  })
})

describe('people and companies', () => {
  it('name lists are sizeable and free of duplicates', () => {
    for (const list of [firstNamesFemale, firstNamesMale, lastNames]) {
      expect(new Set(list).size).toBe(list.length)
    }
    expect(firstNamesFemale.length).toBeGreaterThanOrEqual(75)
    expect(firstNamesMale.length).toBeGreaterThanOrEqual(75)
    expect(lastNames.length).toBeGreaterThanOrEqual(110)
  })

  it('the same seed gives the same people; another seed does not', () => {
    const run = (seed: number) => {
      const rng = mulberry32(seed)
      return Array.from({ length: 50 }, () => person(rng))
    }
    const a = run(42)
    expect(run(42)).toEqual(a)
    expect(run(43)).not.toEqual(a)
    for (const p of a) {
      const names: readonly string[] = p.gender === 'F' ? firstNamesFemale : firstNamesMale
      expect(names).toContain(p.firstName)
      expect(lastNames as readonly string[]).toContain(p.lastName)
    }
    expect(new Set(a.map((p) => p.gender))).toEqual(new Set(['F', 'M']))
  })

  it('company names carry an owner, a sector and a legal form', () => {
    const rng = mulberry32(42)
    expect(companyName(rng, 'Yılmaz')).toMatch(/^Yılmaz \p{L}+ (?:.+ )?(?:Ltd\. Şti\.|A\.Ş\.)$/u)
    for (let i = 0; i < 200; i++)
      expect(companyName(rng)).toMatch(
        /^\p{Lu}\p{L}+ \p{Lu}\p{L}+ (?:.+ )?(?:Ltd\. Şti\.|A\.Ş\.)$/u,
      )
    expect(taxOffices).toContain('Kadıköy')
    expect(new Set(taxOffices).size).toBe(taxOffices.length)
  })

  it('pick and intBetween stay in range and reach both ends', () => {
    const rng = mulberry32(42)
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) {
      const n = intBetween(rng, 3, 7)
      expect(n >= 3 && n <= 7).toBe(true)
      seen.add(n)
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7])
    expect(pick(() => 0.999999, ['a', 'b', 'c'])).toBe('c')
    expect(pick(() => 0, ['a', 'b', 'c'])).toBe('a')
  })
})
