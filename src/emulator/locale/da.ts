/**
 * Danish market data for deterministic seed data in the local emulators: names, towns with their
 * postcodes, street addresses, mobile numbers, e-mail addresses, CVR numbers, companies and the
 * Danish time zone. Plain data and pure functions only; every draw comes from the `rng` the caller
 * passes in.
 */

import { intBetween, pick, weightedPick, type Rng } from '../random.ts'

// --- names ---------------------------------------------------------------------------------

// the most common first names of living Danes (Danmarks Statistik), a little shuffled in rank
// prettier-ignore
export const firstNamesFemale = [
  'Anne', 'Kirsten', 'Mette', 'Hanne', 'Anna', 'Helle', 'Susanne', 'Lene', 'Maria', 'Marianne',
  'Lone', 'Camilla', 'Pia', 'Louise', 'Charlotte', 'Inge', 'Bente', 'Tina', 'Gitte', 'Karen',
  'Ida', 'Emma', 'Sofie', 'Freja', 'Clara', 'Laura', 'Ella', 'Alma', 'Agnes', 'Karla', 'Josefine',
  'Mathilde', 'Caroline', 'Julie', 'Signe', 'Line', 'Maja', 'Nanna', 'Sara', 'Astrid', 'Ellen',
  'Birgitte', 'Dorthe', 'Jette', 'Rikke', 'Trine', 'Malene', 'Stine', 'Cecilie', 'Frida',
] as const

// prettier-ignore
export const firstNamesMale = [
  'Peter', 'Jens', 'Lars', 'Michael', 'Henrik', 'Thomas', 'Søren', 'Jan', 'Niels', 'Christian',
  'Martin', 'Anders', 'Morten', 'Jesper', 'Mads', 'Rasmus', 'Per', 'Hans', 'Jørgen', 'Ole',
  'Frederik', 'Mikkel', 'Kasper', 'Jakob', 'Emil', 'Magnus', 'Oliver', 'William', 'Noah', 'Lucas',
  'Victor', 'Oscar', 'Carl', 'Aksel', 'Alfred', 'Malthe', 'Tobias', 'Mathias', 'Jonas', 'Simon',
  'Bo', 'Torben', 'Claus', 'Kim', 'Steen', 'Erik', 'Poul', 'Bjarne', 'Brian', 'Kristian',
] as const

// the most common surnames (about half of all Danes carry one of the first twenty)
// prettier-ignore
export const lastNames = [
  'Nielsen', 'Jensen', 'Hansen', 'Andersen', 'Pedersen', 'Christensen', 'Larsen', 'Sørensen',
  'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen',
  'Poulsen', 'Johansen', 'Møller', 'Mortensen', 'Knudsen', 'Jakobsen', 'Mikkelsen', 'Olesen',
  'Frederiksen', 'Laursen', 'Henriksen', 'Lund', 'Holm', 'Schmidt', 'Eriksen', 'Kristiansen',
  'Nissen', 'Clausen', 'Simonsen', 'Svendsen', 'Andreasen', 'Iversen', 'Jeppesen', 'Vestergaard',
  'Mogensen', 'Jacobsen', 'Dahl', 'Bertelsen', 'Østergaard', 'Lauridsen', 'Kjær', 'Bach',
  'Nørgaard', 'Friis', 'Bak', 'Damgaard', 'Brandt', 'Thygesen', 'Skov', 'Lindberg', 'Kjeldsen',
] as const

export interface Person {
  firstName: string
  lastName: string
  gender: 'F' | 'M'
}

export function person(rng: Rng): Person {
  const gender = rng() < 0.5 ? 'F' : 'M'
  const firstName = pick(rng, gender === 'F' ? firstNamesFemale : firstNamesMale)
  return { firstName, lastName: pick(rng, lastNames), gender }
}

// --- places --------------------------------------------------------------------------------

export interface Town {
  /** the post town as the postcode register writes it (`København Ø`, `Aarhus C`) */
  name: string
  /** the postcodes of the town, one drawn per address */
  postcodes: readonly string[]
  region: 'Hovedstaden' | 'Sjælland' | 'Syddanmark' | 'Midtjylland' | 'Nordjylland'
  /** population in thousands (municipality, rounded): use it as the draw weight */
  weight: number
}

// prettier-ignore
export const towns = [
  { name: 'København K', postcodes: ['1050', '1150', '1250', '1360', '1455'], region: 'Hovedstaden', weight: 120 },
  { name: 'København N', postcodes: ['2200'], region: 'Hovedstaden', weight: 80 },
  { name: 'København Ø', postcodes: ['2100'], region: 'Hovedstaden', weight: 80 },
  { name: 'København S', postcodes: ['2300'], region: 'Hovedstaden', weight: 70 },
  { name: 'Valby', postcodes: ['2500'], region: 'Hovedstaden', weight: 55 },
  { name: 'Frederiksberg C', postcodes: ['1850', '1870'], region: 'Hovedstaden', weight: 100 },
  { name: 'Hellerup', postcodes: ['2900'], region: 'Hovedstaden', weight: 40 },
  { name: 'Lyngby', postcodes: ['2800'], region: 'Hovedstaden', weight: 55 },
  { name: 'Hillerød', postcodes: ['3400'], region: 'Hovedstaden', weight: 52 },
  { name: 'Helsingør', postcodes: ['3000'], region: 'Hovedstaden', weight: 63 },
  { name: 'Taastrup', postcodes: ['2630'], region: 'Hovedstaden', weight: 51 },
  { name: 'Roskilde', postcodes: ['4000'], region: 'Sjælland', weight: 90 },
  { name: 'Køge', postcodes: ['4600'], region: 'Sjælland', weight: 62 },
  { name: 'Næstved', postcodes: ['4700'], region: 'Sjælland', weight: 84 },
  { name: 'Slagelse', postcodes: ['4200'], region: 'Sjælland', weight: 80 },
  { name: 'Holbæk', postcodes: ['4300'], region: 'Sjælland', weight: 72 },
  { name: 'Odense C', postcodes: ['5000'], region: 'Syddanmark', weight: 130 },
  { name: 'Odense SØ', postcodes: ['5220'], region: 'Syddanmark', weight: 55 },
  { name: 'Svendborg', postcodes: ['5700'], region: 'Syddanmark', weight: 58 },
  { name: 'Esbjerg', postcodes: ['6700', '6705'], region: 'Syddanmark', weight: 115 },
  { name: 'Kolding', postcodes: ['6000'], region: 'Syddanmark', weight: 95 },
  { name: 'Vejle', postcodes: ['7100'], region: 'Syddanmark', weight: 120 },
  { name: 'Fredericia', postcodes: ['7000'], region: 'Syddanmark', weight: 51 },
  { name: 'Sønderborg', postcodes: ['6400'], region: 'Syddanmark', weight: 74 },
  { name: 'Haderslev', postcodes: ['6100'], region: 'Syddanmark', weight: 55 },
  { name: 'Aarhus C', postcodes: ['8000'], region: 'Midtjylland', weight: 180 },
  { name: 'Aarhus N', postcodes: ['8200'], region: 'Midtjylland', weight: 70 },
  { name: 'Viby J', postcodes: ['8260'], region: 'Midtjylland', weight: 60 },
  { name: 'Randers C', postcodes: ['8900'], region: 'Midtjylland', weight: 100 },
  { name: 'Horsens', postcodes: ['8700'], region: 'Midtjylland', weight: 98 },
  { name: 'Silkeborg', postcodes: ['8600'], region: 'Midtjylland', weight: 96 },
  { name: 'Herning', postcodes: ['7400'], region: 'Midtjylland', weight: 90 },
  { name: 'Viborg', postcodes: ['8800'], region: 'Midtjylland', weight: 97 },
  { name: 'Holstebro', postcodes: ['7500'], region: 'Midtjylland', weight: 59 },
  { name: 'Skive', postcodes: ['7800'], region: 'Midtjylland', weight: 46 },
  { name: 'Aalborg', postcodes: ['9000'], region: 'Nordjylland', weight: 120 },
  { name: 'Aalborg SØ', postcodes: ['9210', '9220'], region: 'Nordjylland', weight: 60 },
  { name: 'Nørresundby', postcodes: ['9400'], region: 'Nordjylland', weight: 40 },
  { name: 'Hjørring', postcodes: ['9800'], region: 'Nordjylland', weight: 64 },
  { name: 'Frederikshavn', postcodes: ['9900'], region: 'Nordjylland', weight: 59 },
  { name: 'Thisted', postcodes: ['7700'], region: 'Nordjylland', weight: 43 },
] as const satisfies readonly Town[]

export type TownName = (typeof towns)[number]['name']

export function town(rng: Rng): Town {
  return weightedPick(rng, towns)
}

// prettier-ignore
export const streetNames = [
  'Vestergade', 'Østergade', 'Nørregade', 'Søndergade', 'Algade', 'Jernbanegade', 'Bredgade',
  'Storegade', 'Adelgade', 'Kongensgade', 'Dronningensgade', 'Skolevej', 'Kirkevej', 'Møllevej',
  'Stationsvej', 'Parkvej', 'Skovvej', 'Engvej', 'Birkevej', 'Egevej', 'Lindevej', 'Bøgevej',
  'Rosenvej', 'Violvej', 'Ahornvej', 'Kastanievej', 'Strandvejen', 'Havnegade', 'Frederiksgade',
  'Christiansgade', 'Nygade', 'Torvegade', 'Enghavevej', 'Vesterbrogade', 'Nørrebrogade',
  'Amagerbrogade', 'Åboulevarden', 'Banegårdsgade', 'Sankt Annæ Gade', 'H.C. Andersens Vej',
  'Grundtvigsvej', 'Solsikkevej', 'Fasanvej', 'Lærkevej', 'Mågevej',
] as const

/** Floors and sides of flats: `2. th.` (second floor, right), `st. tv.`, `1. mf.`. */
const sides = ['th.', 'tv.', 'mf.'] as const

/**
 * The street part of a Danish address: `Vestergade 12`, a letter on some numbers (`14B`), and a
 * floor and side for flats (`Nørrebrogade 104, 3. tv.`), about half of them.
 */
export function address(rng: Rng): string {
  const letter = rng() < 0.08 ? pick(rng, ['A', 'B', 'C']) : ''
  const street = `${pick(rng, streetNames)} ${intBetween(rng, 1, 180)}${letter}`
  if (rng() < 0.5) return street
  const floor = rng() < 0.25 ? 'st.' : `${intBetween(rng, 1, 5)}.`
  return `${street}, ${floor} ${pick(rng, sides)}`
}

// --- contact -------------------------------------------------------------------------------

/** The country calling code, as Danish systems write it beside the number. */
export const COUNTRY_CODE = '+45'

/** First digits of Danish mobile numbers (the numbering plan's mobile series). */
// prettier-ignore
const mobilePrefixes = [
  '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '40', '41', '42', '50',
  '51', '52', '53', '60', '61', '71', '81', '91', '92', '93',
] as const

/** An 8-digit Danish mobile number without the country code: `20123456`. */
export function mobile(rng: Rng): string {
  return `${pick(rng, mobilePrefixes)}${String(intBetween(rng, 0, 999_999)).padStart(6, '0')}`
}

/** `20123456` → `20 12 34 56`, as Danes write a number. */
export function spacedNumber(number: string): string {
  return number.replace(/(\d{2})(?=\d)/g, '$1 ')
}

/** Danish letters to ASCII as Danes spell them in addresses: æ → ae, ø → oe, å → aa. */
export function asciiFold(text: string): string {
  return text
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'Ae')
    .replace(/ø/g, 'oe')
    .replace(/Ø/g, 'Oe')
    .replace(/å/g, 'aa')
    .replace(/Å/g, 'Aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
}

export const emailProviders = [
  { domain: 'gmail.com', weight: 40 },
  { domain: 'hotmail.com', weight: 16 },
  { domain: 'outlook.dk', weight: 8 },
  { domain: 'live.dk', weight: 8 },
  { domain: 'yahoo.dk', weight: 5 },
  { domain: 'mail.dk', weight: 7 },
  { domain: 'jubii.dk', weight: 4 },
  { domain: 'icloud.com', weight: 8 },
  { domain: 'youmail.dk', weight: 4 },
] as const

/** A lower-case ASCII address such as `soeren.jensen@gmail.com`, `mettehansen81@…`, `a.holm@…`. */
export function emailFor(rng: Rng, firstName: string, lastName: string): string {
  const slug = (s: string) =>
    asciiFold(s)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
  const f = slug(firstName)
  const l = slug(lastName)
  const yy = String(intBetween(rng, 50, 107) % 100).padStart(2, '0')
  const local = pick(rng, [
    `${f}.${l}`,
    `${f}${l}${yy}`,
    `${f.charAt(0)}.${l}`,
    `${f}${l}`,
    `${f}_${l}`,
    `${f}.${l}${intBetween(rng, 1, 99)}`,
    `${f}${yy}`,
  ])
  return `${local}@${weightedPick(rng, emailProviders).domain}`
}

// --- companies -----------------------------------------------------------------------------

const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const

/** Whether `s` is an 8-digit CVR number whose weighted digit sum is divisible by 11 (modulus 11). */
export function isValidCvr(s: string): boolean {
  if (!/^[1-9]\d{7}$/.test(s)) return false
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(s[i]) * CVR_WEIGHTS[i]!
  return sum % 11 === 0
}

/** An 8-digit CVR number (the company register's id) with a valid check digit. */
export function cvr(rng: Rng): string {
  for (;;) {
    const digits = [
      intBetween(rng, 1, 9),
      ...Array.from({ length: 6 }, () => intBetween(rng, 0, 9)),
    ]
    let sum = 0
    for (let i = 0; i < 7; i++) sum += digits[i]! * CVR_WEIGHTS[i]!
    // the last weight is 1: the check digit is what brings the sum to a multiple of 11
    const check = (11 - (sum % 11)) % 11
    if (check < 10) return [...digits, check].join('')
  }
}

// prettier-ignore
export const trades = [
  'Byg', 'VVS', 'El', 'Tømrer', 'Maler', 'Revision', 'Advokatfirma', 'Arkitekter', 'Rådgivning',
  'Logistik', 'Transport', 'IT', 'Software', 'Design', 'Reklame', 'Ejendomme', 'Handel', 'Import',
  'Engros', 'Catering', 'Rengøring', 'Auto', 'Tandklinik', 'Fysioterapi', 'Blomster', 'Bageri',
] as const

/** Legal forms: anpartsselskaber (ApS) far outnumber aktieselskaber (A/S). */
export const legalForms = [
  { suffix: 'ApS', weight: 60 },
  { suffix: 'A/S', weight: 25 },
  { suffix: 'I/S', weight: 10 },
  { suffix: 'K/S', weight: 5 },
] as const

/** E.g. `Nielsen Byg ApS`, `Holm & Søn VVS A/S`, `Østergaard Revision I/S`. */
export function companyName(rng: Rng, lastName?: string): string {
  const owner = lastName ?? pick(rng, lastNames)
  const family = rng() < 0.15 ? `${owner} & Søn` : owner
  return `${family} ${pick(rng, trades)} ${weightedPick(rng, legalForms).suffix}`
}

// --- time ----------------------------------------------------------------------------------

const HOUR = 3_600_000

/** The UTC instant of the last Sunday of `month` (0-based) in `year`, at 01:00 UTC. */
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0))
  const back = lastDay.getUTCDay()
  return Date.UTC(year, month, lastDay.getUTCDate() - back, 1)
}

/**
 * Denmark's offset from UTC at an instant, in minutes: CET (+60), and CEST (+120) from the last
 * Sunday of March to the last Sunday of October, changing at 01:00 UTC as across the EU.
 */
export function danishOffsetMinutes(at: number): number {
  const year = new Date(at).getUTCFullYear()
  const summer = at >= lastSundayAt1Utc(year, 2) && at < lastSundayAt1Utc(year, 9)
  return summer ? 120 : 60
}

/**
 * The UTC instant of a Danish wall-clock time given as UTC fields (`Date.UTC(y, m, d, h, …)` of
 * the local reading). In the hour the clocks go back the earlier (summer) reading is taken.
 */
export function fromDanishWallClock(wall: number): number {
  const summer = wall - 2 * HOUR
  return danishOffsetMinutes(summer) === 120 ? summer : wall - HOUR
}
