/**
 * Turkish market data for deterministic seed data in the local emulators: names, provinces and
 * districts, addresses, GSM numbers, e-mail addresses, T.C. kimlik and vergi numbers, companies;
 * and how Turkish text compares without case.
 * Plain data and pure functions only; every draw comes from the `rng` the caller passes in.
 */

import { intBetween, pick, weightedPick, type Rng } from '../random.ts'

// --- names ---------------------------------------------------------------------------------

// prettier-ignore
export const firstNamesFemale = [
  'Ayşe', 'Fatma', 'Emine', 'Hatice', 'Zeynep', 'Elif', 'Meryem', 'Şerife', 'Zehra', 'Sultan',
  'Hanife', 'Merve', 'Hülya', 'Esra', 'Özlem', 'Yasemin', 'Büşra', 'Derya', 'Sibel', 'Gül', 'Leyla',
  'Melek', 'Dilek', 'Nurcan', 'Songül', 'Gülsüm', 'Hacer', 'Aysel', 'Kübra', 'Tuğba', 'Ebru',
  'Esma', 'Sevgi', 'Seda', 'Aslı', 'Burcu', 'Ceren', 'Cansu', 'Damla', 'Duygu', 'Gizem', 'Pınar',
  'Selin', 'Şeyma', 'İlayda', 'Ecrin', 'Defne', 'Eylül', 'Azra', 'Nehir', 'Asya', 'Ela', 'Nisa',
  'Buse', 'Irmak', 'Beyza', 'Ezgi', 'İrem', 'Melis', 'Nazlı', 'Sena', 'Tuba', 'Yağmur', 'Başak',
  'Çiğdem', 'Gökçe', 'Öykü', 'Şule', 'Ümran', 'Filiz', 'Serap', 'Gülay', 'Nilay', 'Özge', 'Ayten',
  'Canan', 'Hande', 'Hilal', 'Müge', 'Rabia',
] as const

// prettier-ignore
export const firstNamesMale = [
  'Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'İsmail', 'Osman', 'Yusuf',
  'Murat', 'Ömer', 'Ramazan', 'Halil', 'Süleyman', 'Abdullah', 'Mahmut', 'Salih', 'Kemal', 'Recep',
  'Fatih', 'Emre', 'Burak', 'Yunus', 'Kadir', 'Hakan', 'Serkan', 'Orhan', 'Gökhan', 'Çağrı', 'Onur',
  'Erkan', 'Volkan', 'Uğur', 'Tolga', 'Barış', 'Can', 'Cem', 'Emir', 'Eymen', 'Alperen', 'Berat',
  'Kerem', 'Arda', 'Efe', 'Umut', 'Mert', 'Oğuz', 'Oğuzhan', 'Sinan', 'Selim', 'Şükrü', 'Yiğit',
  'Yasin', 'Enes', 'Furkan', 'Batuhan', 'Buğra', 'Egemen', 'Erdem', 'Ercan', 'Ferhat', 'Harun',
  'İlker', 'Koray', 'Levent', 'Metin', 'Nihat', 'Özgür', 'Sercan', 'Taner', 'Tayfun', 'Yavuz',
  'Zafer', 'Emirhan', 'Göktuğ', 'Çağlar', 'Görkem', 'Kaan', 'Bülent',
] as const

// prettier-ignore
export const lastNames = [
  'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir',
  'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek', 'Polat',
  'Özcan', 'Korkmaz', 'Çakır', 'Erdoğan', 'Yavuz', 'Can', 'Acar', 'Şen', 'Aktaş', 'Güler', 'Yalçın',
  'Güneş', 'Bozkurt', 'Bulut', 'Keskin', 'Ünal', 'Turan', 'Gül', 'Özer', 'Işık', 'Kaplan', 'Avcı',
  'Sarı', 'Tekin', 'Taş', 'Köse', 'Yüksel', 'Ateş', 'Aksoy', 'Yiğit', 'Çiftçi', 'Uçar', 'Karaca',
  'Tunç', 'Toprak', 'Altun', 'Bayram', 'Kahraman', 'Sönmez', 'Coşkun', 'Güven', 'Akın', 'Özgür',
  'Erdem', 'Eren', 'Karataş', 'Durmaz', 'Altıntaş', 'Demirci', 'Aydemir', 'Oral', 'Başaran',
  'Duman', 'Tuna', 'Sezer', 'Ekinci', 'Baş', 'Önal', 'Akbulut', 'Akgül', 'Yaman', 'Tosun', 'Uysal',
  'Kalkan', 'Güngör', 'Türk', 'Bilgin', 'Kılınç', 'Demirel', 'Karakaya', 'Metin', 'Sevim', 'Akyüz',
  'Gündüz', 'Aksu', 'Erol', 'Dinç', 'Uslu', 'Savaş', 'Özden', 'Soylu', 'Ekici', 'Oruç', 'Karakuş',
  'Cengiz', 'Temel', 'Çınar', 'Akkaya', 'Ergün', 'Sağlam', 'Gök', 'Kandemir', 'Gürbüz', 'Tan',
  'Yazıcı', 'Ercan', 'Kaymaz', 'Uzun', 'Bektaş',
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

export interface City {
  name: string
  plate: number
  districts: readonly string[]
  /** Population in thousands (TÜİK 2023, rounded): use it as the draw weight. */
  weight: number
}

// prettier-ignore
export const cities = [
  { name: 'İstanbul', plate: 34, weight: 15655, districts: [
    'Kadıköy', 'Beşiktaş', 'Şişli', 'Üsküdar', 'Bakırköy', 'Bağcılar', 'Fatih', 'Beyoğlu',
    'Ataşehir', 'Maltepe', 'Pendik', 'Esenyurt', 'Kartal', 'Sarıyer', 'Beylikdüzü',
  ] },
  { name: 'Ankara', plate: 6, weight: 5803, districts: [
    'Çankaya', 'Keçiören', 'Yenimahalle', 'Mamak', 'Etimesgut', 'Sincan', 'Altındağ', 'Pursaklar',
    'Gölbaşı', 'Polatlı', 'Beypazarı', 'Kahramankazan',
  ] },
  { name: 'İzmir', plate: 35, weight: 4479, districts: [
    'Konak', 'Karşıyaka', 'Bornova', 'Buca', 'Çiğli', 'Bayraklı', 'Karabağlar', 'Gaziemir',
    'Balçova', 'Narlıdere', 'Menemen', 'Torbalı', 'Çeşme', 'Urla', 'Ödemiş',
  ] },
  { name: 'Bursa', plate: 16, weight: 3214, districts: [
    'Osmangazi', 'Nilüfer', 'Yıldırım', 'İnegöl', 'Gemlik', 'Mudanya', 'Gürsu', 'Kestel',
    'Mustafakemalpaşa', 'Orhangazi', 'Karacabey', 'İznik',
  ] },
  { name: 'Antalya', plate: 7, weight: 2696, districts: [
    'Muratpaşa', 'Kepez', 'Konyaaltı', 'Alanya', 'Manavgat', 'Serik', 'Kemer', 'Kaş', 'Kumluca',
    'Aksu', 'Döşemealtı', 'Finike',
  ] },
  { name: 'Konya', plate: 42, weight: 2320, districts: [
    'Selçuklu', 'Meram', 'Karatay', 'Ereğli', 'Akşehir', 'Beyşehir', 'Çumra', 'Seydişehir', 'Ilgın',
    'Cihanbeyli', 'Kulu',
  ] },
  { name: 'Adana', plate: 1, weight: 2270, districts: [
    'Seyhan', 'Çukurova', 'Yüreğir', 'Sarıçam', 'Ceyhan', 'Kozan', 'İmamoğlu', 'Karataş', 'Pozantı',
    'Aladağ',
  ] },
  { name: 'Şanlıurfa', plate: 63, weight: 2213, districts: [
    'Eyyübiye', 'Haliliye', 'Karaköprü', 'Siverek', 'Viranşehir', 'Suruç', 'Birecik', 'Akçakale',
    'Ceylanpınar', 'Harran', 'Bozova',
  ] },
  { name: 'Gaziantep', plate: 27, weight: 2164, districts: [
    'Şahinbey', 'Şehitkamil', 'Nizip', 'İslahiye', 'Nurdağı', 'Oğuzeli', 'Araban', 'Yavuzeli',
    'Karkamış',
  ] },
  { name: 'Kocaeli', plate: 41, weight: 2103, districts: [
    'İzmit', 'Gebze', 'Darıca', 'Körfez', 'Gölcük', 'Derince', 'Kartepe', 'Başiskele', 'Çayırova',
    'Dilovası', 'Karamürsel', 'Kandıra',
  ] },
  { name: 'Mersin', plate: 33, weight: 1916, districts: [
    'Yenişehir', 'Mezitli', 'Toroslar', 'Akdeniz', 'Tarsus', 'Erdemli', 'Silifke', 'Anamur', 'Mut',
    'Gülnar',
  ] },
  { name: 'Diyarbakır', plate: 21, weight: 1818, districts: [
    'Bağlar', 'Kayapınar', 'Yenişehir', 'Sur', 'Bismil', 'Ergani', 'Silvan', 'Çermik', 'Lice',
    'Çınar',
  ] },
  { name: 'Hatay', plate: 31, weight: 1545, districts: [
    'Antakya', 'İskenderun', 'Defne', 'Dörtyol', 'Reyhanlı', 'Kırıkhan', 'Samandağ', 'Arsuz',
    'Payas', 'Altınözü', 'Hassa',
  ] },
  { name: 'Manisa', plate: 45, weight: 1475, districts: [
    'Yunusemre', 'Şehzadeler', 'Akhisar', 'Turgutlu', 'Salihli', 'Soma', 'Alaşehir', 'Saruhanlı',
    'Kula', 'Demirci',
  ] },
  { name: 'Kayseri', plate: 38, weight: 1445, districts: [
    'Melikgazi', 'Kocasinan', 'Talas', 'Develi', 'Yahyalı', 'Bünyan', 'İncesu', 'Hacılar',
    'Pınarbaşı',
  ] },
  { name: 'Samsun', plate: 55, weight: 1371, districts: [
    'İlkadım', 'Atakum', 'Canik', 'Tekkeköy', 'Bafra', 'Çarşamba', 'Vezirköprü', 'Terme', 'Havza',
    'Alaçam',
  ] },
  { name: 'Balıkesir', plate: 10, weight: 1273, districts: [
    'Altıeylül', 'Karesi', 'Bandırma', 'Edremit', 'Ayvalık', 'Gönen', 'Burhaniye', 'Bigadiç',
    'Susurluk', 'Erdek',
  ] },
  { name: 'Tekirdağ', plate: 59, weight: 1167, districts: [
    'Süleymanpaşa', 'Çorlu', 'Çerkezköy', 'Kapaklı', 'Ergene', 'Malkara', 'Saray', 'Hayrabolu',
    'Muratlı', 'Şarköy', 'Marmaraereğlisi',
  ] },
  { name: 'Aydın', plate: 9, weight: 1162, districts: [
    'Efeler', 'Nazilli', 'Söke', 'Kuşadası', 'Didim', 'İncirliova', 'Germencik', 'Çine', 'Bozdoğan',
    'Sultanhisar',
  ] },
  { name: 'Van', plate: 65, weight: 1128, districts: [
    'İpekyolu', 'Tuşba', 'Edremit', 'Erciş', 'Özalp', 'Muradiye', 'Gevaş', 'Başkale', 'Çaldıran',
  ] },
  { name: 'Kahramanmaraş', plate: 46, weight: 1116, districts: [
    'Onikişubat', 'Dulkadiroğlu', 'Elbistan', 'Afşin', 'Türkoğlu', 'Pazarcık', 'Göksun', 'Andırın',
  ] },
  { name: 'Sakarya', plate: 54, weight: 1100, districts: [
    'Adapazarı', 'Serdivan', 'Erenler', 'Arifiye', 'Akyazı', 'Hendek', 'Sapanca', 'Karasu', 'Geyve',
    'Pamukova',
  ] },
  { name: 'Muğla', plate: 48, weight: 1066, districts: [
    'Menteşe', 'Bodrum', 'Fethiye', 'Marmaris', 'Milas', 'Dalaman', 'Ortaca', 'Köyceğiz', 'Datça',
    'Yatağan', 'Seydikemer',
  ] },
  { name: 'Denizli', plate: 20, weight: 1060, districts: [
    'Pamukkale', 'Merkezefendi', 'Çivril', 'Acıpayam', 'Tavas', 'Honaz', 'Sarayköy', 'Buldan',
    'Çal',
  ] },
  { name: 'Eskişehir', plate: 26, weight: 915, districts: [
    'Odunpazarı', 'Tepebaşı', 'Sivrihisar', 'Çifteler', 'Alpu', 'Seyitgazi', 'Mahmudiye', 'İnönü',
  ] },
  { name: 'Mardin', plate: 47, weight: 881, districts: [
    'Artuklu', 'Kızıltepe', 'Midyat', 'Nusaybin', 'Derik', 'Ömerli', 'Mazıdağı', 'Savur',
    'Dargeçit',
  ] },
  { name: 'Trabzon', plate: 61, weight: 822, districts: [
    'Ortahisar', 'Akçaabat', 'Yomra', 'Of', 'Araklı', 'Sürmene', 'Vakfıkebir', 'Maçka', 'Beşikdüzü',
    'Arsin',
  ] },
  { name: 'Ordu', plate: 52, weight: 775, districts: [
    'Altınordu', 'Ünye', 'Fatsa', 'Perşembe', 'Kumru', 'Gölköy', 'Korgan', 'Akkuş', 'Gürgentepe',
  ] },
  { name: 'Erzurum', plate: 25, weight: 750, districts: [
    'Yakutiye', 'Palandöken', 'Aziziye', 'Oltu', 'Horasan', 'Pasinler', 'Hınıs', 'Tortum', 'İspir',
  ] },
  { name: 'Afyonkarahisar', plate: 3, weight: 750, districts: [
    'Merkez', 'Sandıklı', 'Bolvadin', 'Dinar', 'Emirdağ', 'Şuhut', 'Çay', 'İscehisar',
  ] },
  { name: 'Malatya', plate: 44, weight: 742, districts: [
    'Battalgazi', 'Yeşilyurt', 'Doğanşehir', 'Akçadağ', 'Darende', 'Hekimhan', 'Pütürge', 'Arapgir',
  ] },
  { name: 'Batman', plate: 72, weight: 647, districts: [
    'Merkez', 'Kozluk', 'Sason', 'Beşiri', 'Gercüş', 'Hasankeyf',
  ] },
  { name: 'Sivas', plate: 58, weight: 634, districts: [
    'Merkez', 'Şarkışla', 'Suşehri', 'Zara', 'Yıldızeli', 'Gemerek', 'Divriği',
  ] },
  { name: 'Elazığ', plate: 23, weight: 604, districts: [
    'Merkez', 'Kovancılar', 'Karakoçan', 'Palu', 'Baskil', 'Maden',
  ] },
  { name: 'Zonguldak', plate: 67, weight: 588, districts: [
    'Merkez', 'Ereğli', 'Çaycuma', 'Devrek', 'Alaplı', 'Kozlu', 'Kilimli', 'Gökçebey',
  ] },
  { name: 'Çanakkale', plate: 17, weight: 559, districts: [
    'Merkez', 'Biga', 'Çan', 'Gelibolu', 'Ezine', 'Ayvacık', 'Bayramiç', 'Lapseki', 'Eceabat',
    'Gökçeada', 'Bozcaada',
  ] },
  { name: 'Edirne', plate: 22, weight: 415, districts: [
    'Merkez', 'Keşan', 'Uzunköprü', 'İpsala', 'Havsa', 'Enez', 'Süloğlu',
  ] },
] as const satisfies readonly City[]

/** Neighbourhoods (Mahallesi), avenues (Caddesi), boulevards (Bulvarı) and streets (Sokak). */
// prettier-ignore
export const streetNames = [
  'Cumhuriyet Mahallesi', 'Atatürk Mahallesi', 'Yeni Mahalle', 'Fatih Mahallesi',
  'Bahçelievler Mahallesi', 'Yenişehir Mahallesi', 'Hürriyet Mahallesi', 'Mimar Sinan Mahallesi',
  'Zafer Mahallesi', 'Barbaros Mahallesi', 'Esentepe Mahallesi', 'Gazi Osman Paşa Mahallesi',
  'Yunus Emre Mahallesi', 'Mevlana Mahallesi', 'Atatürk Caddesi', 'İstiklal Caddesi',
  'Cumhuriyet Caddesi', 'Gazi Caddesi', 'Fevzi Çakmak Caddesi', 'Kazım Karabekir Caddesi',
  'Mustafa Kemal Caddesi', 'Millet Caddesi', 'Bağdat Caddesi', 'İnönü Bulvarı', 'Menderes Bulvarı',
  'Kordon Boyu Caddesi', 'İnönü Sokak', 'Gül Sokak', 'Lale Sokak', 'Menekşe Sokak', 'Papatya Sokak',
  'Akasya Sokak', 'Çınar Sokak', 'Ihlamur Sokak', 'Karanfil Sokak', 'Okul Sokak', 'Çamlık Sokak',
  'Pınar Sokak', 'Sedef Sokak', 'Yasemin Sokak', 'Kardelen Sokak', 'Söğüt Sokak',
] as const

const neighbourhoods = streetNames.filter((s) => s.endsWith('Mahallesi') || s.endsWith('Mahalle'))
const streets = streetNames.filter((s) => !neighbourhoods.includes(s))
const abbreviations: readonly (readonly [RegExp, string])[] = [
  [/ Mahallesi$/, ' Mah.'],
  [/ Mahalle$/, ' Mah.'],
  [/ Caddesi$/, ' Cad.'],
  [/ Sokak$/, ' Sok.'],
  [/ Bulvarı$/, ' Bulv.'],
]
const abbreviate = (s: string) => abbreviations.reduce((acc, [re, to]) => acc.replace(re, to), s)

/** Street part of a postal address, e.g. `Cumhuriyet Mah. Gül Sok. No:12 D:4` (houses: no D). */
export function address(rng: Rng): string {
  const line = `${abbreviate(pick(rng, neighbourhoods))} ${abbreviate(pick(rng, streets))}`
  const door = rng() < 0.85 ? ` D:${intBetween(rng, 1, 24)}` : ''
  return `${line} No:${intBetween(rng, 1, 160)}${door}`
}

// --- contact -------------------------------------------------------------------------------

/** Mobile prefixes after the trunk 0, by operator; weights roughly follow market share. */
export const gsmOperators = [
  { name: 'Turkcell', weight: 40, prefixes: [530, 531, 532, 533, 534, 535, 536, 537, 538, 539] },
  { name: 'Vodafone', weight: 31, prefixes: [540, 541, 542, 543, 544, 545, 546, 547, 548, 549] },
  {
    name: 'Türk Telekom',
    weight: 29,
    prefixes: [501, 505, 506, 507, 551, 552, 553, 554, 555, 556, 557, 558, 559],
  },
] as const

/** National format, 11 digits: `05321234567`. */
export function gsm(rng: Rng): string {
  const prefix = pick(rng, weightedPick(rng, gsmOperators).prefixes)
  return `0${prefix}${intBetween(rng, 1_000_000, 9_999_999)}`
}

/** Turkish (and other Latin) letters to plain ASCII, case kept: `Çağrı Işık` → `Cagri Isik`. */
export function asciiFold(text: string): string {
  // ı and I have no decomposition; the rest (ç ğ ö ş ü İ â î û) drop their combining marks
  return text
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
}

export const emailProviders = [
  { domain: 'gmail.com', weight: 45 },
  { domain: 'hotmail.com', weight: 25 },
  { domain: 'outlook.com', weight: 10 },
  { domain: 'yandex.com', weight: 10 },
  { domain: 'icloud.com', weight: 10 },
] as const

/** Lower-case ASCII address such as `ayse.yilmaz@gmail.com`, `ayseyilmaz87@…`, `a.yilmaz@…`. */
export function emailFor(rng: Rng, firstName: string, lastName: string): string {
  const slug = (s: string) =>
    asciiFold(s)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
  const f = slug(firstName)
  const l = slug(lastName)
  const yy = String(intBetween(rng, 60, 105) % 100).padStart(2, '0')
  const local = pick(rng, [
    `${f}.${l}`,
    `${f}${l}${yy}`,
    `${f.charAt(0)}.${l}`,
    `${f}${l}`,
    `${f}_${l}`,
    `${l}.${f}`,
    `${f}.${l}${intBetween(rng, 1, 99)}`,
    `${f}${yy}`,
  ])
  return `${local}@${weightedPick(rng, emailProviders).domain}`
}

// --- identifiers ---------------------------------------------------------------------------

const digitsOf = (s: string) => Array.from(s, Number)

/** The two T.C. kimlik check digits for the first nine digits. */
function tcCheckDigits(d: readonly number[]): [number, number] {
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!
  const even = d[1]! + d[3]! + d[5]! + d[7]!
  const d10 = (((odd * 7 - even) % 10) + 10) % 10 // JS % keeps the sign of a negative dividend
  const d11 = (d.slice(0, 9).reduce((a, b) => a + b, 0) + d10) % 10
  return [d10, d11]
}

/** 11-digit T.C. kimlik no: first digit 1–9, digits 10 and 11 are the official check digits. */
export function tcKimlikNo(rng: Rng): string {
  const d = [intBetween(rng, 1, 9), ...Array.from({ length: 8 }, () => intBetween(rng, 0, 9))]
  return [...d, ...tcCheckDigits(d)].join('')
}

export function isValidTcKimlikNo(s: string): boolean {
  if (!/^[1-9]\d{10}$/.test(s)) return false
  const d = digitsOf(s)
  const [d10, d11] = tcCheckDigits(d)
  return d[9] === d10 && d[10] === d11
}

/** The VKN check digit (10th) for the first nine digits. */
function vknCheckDigit(d: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < 9; i++) {
    const t = (d[i]! + 9 - i) % 10
    sum += t === 9 ? 9 : (t * 2 ** (9 - i)) % 9
  }
  return (10 - (sum % 10)) % 10
}

/** 10-digit vergi kimlik no (company tax number) with a valid check digit. */
export function vergiNo(rng: Rng): string {
  const d = Array.from({ length: 9 }, () => intBetween(rng, 0, 9))
  return [...d, vknCheckDigit(d)].join('')
}

export function isValidVergiNo(s: string): boolean {
  if (!/^\d{10}$/.test(s)) return false
  const d = digitsOf(s)
  return d[9] === vknCheckDigit(d)
}

// --- companies -----------------------------------------------------------------------------

/** Tax offices (`… Vergi Dairesi`) in İstanbul, Ankara, İzmir and Bursa. */
// prettier-ignore
export const taxOffices = [
  'Kadıköy', 'Beşiktaş', 'Mecidiyeköy', 'Zincirlikuyu', 'Şişli', 'Boğaziçi Kurumlar', 'Kozyatağı',
  'Erenköy', 'Göztepe', 'Üsküdar', 'Bakırköy', 'Beyoğlu', 'Kağıthane', 'Maslak', 'Sarıyer',
  'Merter', 'Güngören', 'Tuzla', 'Kartal', 'Pendik', 'Ümraniye', 'İkitelli', 'Çankaya', 'Ulus',
  'Kavaklıdere', 'Ostim', 'Yenimahalle', 'Karşıyaka', 'Bornova', 'Konak', 'Kemeraltı',
  'Hasan Tahsin', 'Osmangazi', 'Nilüfer', 'Uludağ',
] as const

// prettier-ignore
export const sectors = [
  'Tekstil', 'Gıda', 'İnşaat', 'Otomotiv', 'Mobilya', 'Elektronik', 'Lojistik', 'Kozmetik',
  'Turizm', 'Bilişim', 'Yazılım', 'Kimya', 'Plastik', 'Ambalaj', 'Makine', 'Enerji', 'Tarım',
  'Medikal', 'Danışmanlık', 'Reklam', 'Matbaacılık', 'Kuyumculuk', 'Ayakkabı', 'Halı', 'Oyuncak',
  'Temizlik', 'Emlak', 'Nakliyat', 'Mimarlık', 'Mühendislik',
] as const

/** Legal-form suffixes; limited companies (Ltd. Şti.) far outnumber joint-stock ones (A.Ş.). */
export const legalForms = [
  { suffix: 'Ltd. Şti.', weight: 35 },
  { suffix: 'Tic. Ltd. Şti.', weight: 20 },
  { suffix: 'San. ve Tic. Ltd. Şti.', weight: 25 },
  { suffix: 'A.Ş.', weight: 10 },
  { suffix: 'San. ve Tic. A.Ş.', weight: 10 },
] as const

/** E.g. `Yılmaz Tekstil Ltd. Şti.`, `Demir Gıda San. ve Tic. A.Ş.`. */
export function companyName(rng: Rng, lastName?: string): string {
  const owner = lastName ?? pick(rng, lastNames)
  return `${owner} ${pick(rng, sectors)} ${weightedPick(rng, legalForms).suffix}`
}
