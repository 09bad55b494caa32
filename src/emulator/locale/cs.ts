/**
 * Czech market data for deterministic seed data in the local emulators: names with the feminine
 * surname forms, cities, +420 mobile numbers, e-mail addresses, companies, the vocative Czech
 * greetings use, newsletter subjects and shop products priced in CZK. Plain data and pure
 * functions only; every draw comes from the `rng` the caller passes in.
 */
import { intBetween, pick, type Rng } from '../random.ts'

// prettier-ignore
export const firstNamesFemale = [
  'Jana', 'Marie', 'Eva', 'Hana', 'Anna', 'Lenka', 'Kateřina', 'Lucie', 'Věra', 'Alena', 'Petra',
  'Veronika', 'Jaroslava', 'Tereza', 'Martina', 'Michaela', 'Jitka', 'Helena', 'Ludmila', 'Zdeňka',
  'Ivana', 'Monika', 'Eliška', 'Zuzana', 'Markéta', 'Barbora', 'Jarmila', 'Kristýna', 'Adéla',
  'Klára', 'Natálie', 'Karolína', 'Simona', 'Dagmar', 'Vlasta', 'Šárka', 'Pavla', 'Romana', 'Iveta',
  'Nikola',
] as const

// prettier-ignore
export const firstNamesMale = [
  'Jiří', 'Jan', 'Petr', 'Josef', 'Pavel', 'Martin', 'Tomáš', 'Jaroslav', 'Miroslav', 'Zdeněk',
  'Václav', 'Michal', 'František', 'Jakub', 'Milan', 'Karel', 'Lukáš', 'David', 'Vladimír', 'Ondřej',
  'Ladislav', 'Roman', 'Stanislav', 'Marek', 'Radek', 'Daniel', 'Antonín', 'Vojtěch', 'Filip',
  'Adam', 'Matěj', 'Dominik', 'Aleš', 'Libor', 'Luboš', 'Radim', 'Vít', 'Štěpán', 'Patrik', 'Oldřich',
] as const

/** Masculine surnames with their feminine forms. */
// prettier-ignore
export const surnames: readonly (readonly [male: string, female: string])[] = [
  ['Novák', 'Nováková'], ['Svoboda', 'Svobodová'], ['Novotný', 'Novotná'], ['Dvořák', 'Dvořáková'],
  ['Černý', 'Černá'], ['Procházka', 'Procházková'], ['Kučera', 'Kučerová'], ['Veselý', 'Veselá'],
  ['Horák', 'Horáková'], ['Němec', 'Němcová'], ['Marek', 'Marková'], ['Pospíšil', 'Pospíšilová'],
  ['Pokorný', 'Pokorná'], ['Hájek', 'Hájková'], ['Král', 'Králová'], ['Jelínek', 'Jelínková'],
  ['Růžička', 'Růžičková'], ['Beneš', 'Benešová'], ['Fiala', 'Fialová'], ['Sedláček', 'Sedláčková'],
  ['Doležal', 'Doležalová'], ['Zeman', 'Zemanová'], ['Kolář', 'Kolářová'], ['Navrátil', 'Navrátilová'],
  ['Čermák', 'Čermáková'], ['Urban', 'Urbanová'], ['Vaněk', 'Vaňková'], ['Blažek', 'Blažková'],
  ['Kříž', 'Křížová'], ['Kovář', 'Kovářová'], ['Bartoš', 'Bartošová'], ['Vlček', 'Vlčková'],
  ['Polák', 'Poláková'], ['Musil', 'Musilová'], ['Kopecký', 'Kopecká'], ['Šimek', 'Šimková'],
  ['Konečný', 'Konečná'], ['Malý', 'Malá'], ['Holub', 'Holubová'], ['Štěpánek', 'Štěpánková'],
]

export interface Person {
  firstName: string
  lastName: string
  /** true male, false female, as Mail Komplet's `sex` */
  male: boolean
}

export function person(rng: Rng): Person {
  const male = rng() < 0.5
  const [m, f] = pick(rng, surnames)
  return {
    firstName: pick(rng, male ? firstNamesMale : firstNamesFemale),
    lastName: male ? m : f,
    male,
  }
}

/**
 * The vocative of a masculine surname, as Czech greetings use it (`Novák` → `Nováku`,
 * `Svoboda` → `Svobodo`, `Beneš` → `Beneši`); adjectival ones (`Novotný`) stay as they are.
 */
export function vocative(surname: string): string {
  if (/[ýí]$/.test(surname)) return surname
  if (/a$/.test(surname)) return `${surname.slice(0, -1)}o`
  if (/ek$/.test(surname)) return `${surname.slice(0, -2)}ku`
  if (/ec$/.test(surname)) return `${surname.slice(0, -2)}če`
  if (/(?:k|h|g|ch)$/.test(surname)) return `${surname}u`
  if (/[šžčřcjďťň]$/.test(surname)) return `${surname}i`
  if (/r$/.test(surname) && /[bcčdďfghjklmnňpqrřsštťvwxzž]r$/.test(surname))
    return `${surname.slice(0, -1)}ře`
  return `${surname}e`
}

// prettier-ignore
export const cities = [
  'Praha', 'Brno', 'Ostrava', 'Plzeň', 'Liberec', 'Olomouc', 'České Budějovice', 'Hradec Králové',
  'Ústí nad Labem', 'Pardubice', 'Zlín', 'Havířov', 'Kladno', 'Most', 'Opava', 'Frýdek-Místek',
  'Karviná', 'Jihlava', 'Teplice', 'Děčín', 'Karlovy Vary', 'Chomutov', 'Jablonec nad Nisou',
  'Mladá Boleslav', 'Prostějov', 'Přerov', 'Česká Lípa', 'Třebíč', 'Třinec', 'Tábor', 'Znojmo',
  'Kolín', 'Příbram', 'Cheb', 'Trutnov', 'Písek', 'Kroměříž', 'Šumperk', 'Vsetín', 'Uherské Hradiště',
] as const

/** A Czech mobile number as `+420` and nine digits (prefixes 60x–79x). */
export function mobile(rng: Rng): string {
  const prefix = pick(rng, [
    '601',
    '602',
    '603',
    '604',
    '605',
    '606',
    '607',
    '608',
    '702',
    '704',
    '721',
    '724',
    '728',
    '732',
    '736',
    '739',
    '773',
    '774',
    '775',
    '777',
    '792',
    '797',
  ])
  let rest = ''
  for (let i = 0; i < 6; i++) rest += intBetween(rng, 0, 9)
  return `+420${prefix}${rest}`
}

/** Lower case without diacritics, for e-mail addresses. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}

export const emailProviders = [
  'seznam.cz',
  'email.cz',
  'gmail.com',
  'centrum.cz',
  'post.cz',
  'volny.cz',
  'outlook.cz',
] as const

/** `jana.novakova42@seznam.cz`; `n` keeps addresses apart. */
export function emailFor(rng: Rng, { firstName, lastName }: Person, n: number): string {
  const local = `${asciiFold(firstName)}.${asciiFold(lastName)}`
  return `${local}${n}@${pick(rng, emailProviders)}`
}

// prettier-ignore
const companyWords = [
  'Stavby', 'Elektro', 'Pekárna', 'Autoservis', 'Kovo', 'Textil', 'Dřevo', 'Zahrady', 'Lékárna',
  'Knihkupectví', 'Optika', 'Cukrárna', 'Vinařství', 'Pivovar', 'Tiskárna', 'Software', 'Logistika',
] as const

export function companyName(rng: Rng, lastName: string): string {
  return `${pick(rng, companyWords)} ${lastName} ${pick(rng, ['s.r.o.', 'a.s.', 'v.o.s.', 's.r.o.'])}`
}

// prettier-ignore
export const campaignSubjects = [
  'Jarní výprodej: slevy až 50 %', 'Novinky týdne jen pro vás', 'Doprava zdarma tento víkend',
  'Vánoční dárky se slevou 20 %', 'Poslední šance: akce končí o půlnoci', 'Váš košík na vás čeká',
  'Letní kolekce je tady', 'Black Friday v plném proudu', 'Děkujeme, že nakupujete u nás',
  'Sleva 300 Kč na další nákup', 'Tipy na podzimní vaření', 'Nový katalog ke stažení',
  'Připomínka: věrnostní body vyprší', 'Pozvánka na otevření prodejny v Brně', 'Zimní výprodej začíná',
] as const

export interface Product {
  code: string
  name: string
  category: string
  manufacturer: string
  /** CZK without VAT */
  price: number
}

// prettier-ignore
const productNames: readonly (readonly [name: string, category: string, manufacturer: string, price: number])[] = [
  ['Hrnek s motivem Prahy', 'Domácnost', 'Český porcelán', 149], ['Pražená káva 1 kg', 'Potraviny', 'Mamacoffee', 459],
  ['Turistické boty', 'Obuv', 'Prestige', 2490], ['Dětská stavebnice', 'Hračky', 'Seva', 699],
  ['Sklenice na víno 6 ks', 'Domácnost', 'Crystalex', 589], ['Batoh 30 l', 'Sport', 'Husky', 1290],
  ['Čaj sypaný 100 g', 'Potraviny', 'Oxalis', 129], ['Kuchařka české kuchyně', 'Knihy', 'Albatros', 399],
  ['Pánské tričko', 'Oblečení', 'Alpine Pro', 549], ['Dámská mikina', 'Oblečení', 'Hannah', 1190],
]

export function product(rng: Rng, n: number): Product {
  const [name, category, manufacturer, price] = pick(rng, productNames)
  return {
    code: `EA${String(1_000_000 + n * 7919).slice(-7)}`,
    name,
    category,
    manufacturer,
    price,
  }
}

/** VAT on most goods (21 %), to show prices with VAT as Czech shops do. */
export const VAT_RATE = 0.21

export const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/4.0 (compatible; ms-office; MSOffice 16)',
  'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
] as const

/** An address of a Czech ISP's range (documentation-like, never contacted). */
export function ipAddress(rng: Rng): string {
  return `${pick(rng, ['80.95', '89.24', '94.112', '185.8', '46.135'])}.${intBetween(rng, 0, 255)}.${intBetween(rng, 1, 254)}`
}
