/**
 * A deterministic Turkish online-shop product catalogue, shared by the emulators (shop platform,
 * marketplace, marketing tool) so that the same seed gives the same products, stock codes and
 * barcodes everywhere. Plain data and pure functions only. Emulators take their products from
 * `sharedCatalog(seed, count)`, whose randomness comes from the seed alone, never from a stream the
 * emulator also draws its own data from; products are drawn one after another, so the first N
 * products of a longer catalogue equal a catalogue of N products from the same seed.
 */

import { intBetween, pick, seedStream, weightedPick, type Rng } from '../random.ts'

// --- categories ----------------------------------------------------------------------------

/** How a category's products vary: size × colour, shoe number × colour, colour, capacity, none. */
export type VariantKind = 'apparel' | 'shoes' | 'color' | 'capacity' | 'none'

/** The variant option a `capacity` category uses. */
export type CapacityOption = 'Kapasite' | 'Hafıza' | 'Hacim'

export type CategoryPath = readonly [string, string, string]

/** A leaf (third-level) category with everything needed to make up products for it. */
export interface CatalogCategory {
  path: CategoryPath
  /** Plausible brands for this kind of product. */
  brands: readonly string[]
  /** Product nouns that end a title, e.g. `Midi Elbise`. */
  nouns: readonly string[]
  /** Descriptive words that precede the noun, e.g. `Keten`. */
  adjectives: readonly string[]
  /** Retail price range in TRY, KDV included. */
  price: readonly [number, number]
  /** KDV rate in percent. */
  taxRate: number
  /** Shipping volume (desi) range. */
  desi: readonly [number, number]
  variants: VariantKind
  /** For `capacity` categories: which option varies. */
  capacity?: CapacityOption
  /** Relative frequency of the category in the shop. */
  weight: number
}

export interface CategoryGroup {
  name: string
  children: readonly CatalogCategory[]
}

export interface CategoryBranch {
  name: string
  children: readonly CategoryGroup[]
}

/** Every leaf category, in tree order. */
export const categoryLeaves: readonly CatalogCategory[] = [
  // Giyim — KDV %10
  {
    path: ['Giyim', 'Kadın', 'Elbise'],
    brands: ['Koton', 'LC Waikiki', 'DeFacto', 'Mavi', 'Ipekyol', 'Trendyol Milla', 'Lela'],
    nouns: ['Elbise', 'Midi Elbise', 'Maxi Elbise', 'Saten Elbise', 'Mini Elbise'],
    adjectives: ['Keten', 'Desenli', 'Çiçekli', 'Kruvaze', 'Askılı', 'Basic', 'Düz', 'Volanlı'],
    price: [399, 1999],
    taxRate: 10,
    desi: [1, 2],
    variants: 'apparel',
    weight: 8,
  },
  {
    path: ['Giyim', 'Kadın', 'Bluz'],
    brands: ['Koton', 'LC Waikiki', 'DeFacto', 'Mavi', 'Trendyol Milla', 'Lela', 'Vis a Vis'],
    nouns: ['Bluz', 'Crop Bluz', 'Gömlek Yaka Bluz'],
    adjectives: ['Saten', 'Keten', 'Oversize', 'Desenli', 'Fırfırlı', 'Basic', 'Balon Kollu'],
    price: [249, 999],
    taxRate: 10,
    desi: [1, 1.5],
    variants: 'apparel',
    weight: 6,
  },
  {
    path: ['Giyim', 'Kadın', 'Pantolon'],
    brands: ['Koton', 'LC Waikiki', 'Mavi', 'DeFacto', 'Ipekyol', "Colin's"],
    nouns: ['Pantolon', 'Kumaş Pantolon', 'Palazzo Pantolon', 'Jean Pantolon'],
    adjectives: ['Yüksek Bel', 'Wide Leg', 'Keten', 'Pileli', 'Straight Fit', 'Mom Fit'],
    price: [349, 1499],
    taxRate: 10,
    desi: [1, 2],
    variants: 'apparel',
    weight: 5,
  },
  {
    path: ['Giyim', 'Kadın', 'Mont'],
    brands: ['Koton', 'LC Waikiki', 'DeFacto', 'Mavi', 'Ipekyol', 'Nine West'],
    nouns: ['Mont', 'Şişme Mont', 'Trençkot', 'Kaban'],
    adjectives: ['Kapüşonlu', 'Su İtici', 'Oversize', 'Kemerli', 'Kısa', 'Uzun'],
    price: [999, 4999],
    taxRate: 10,
    desi: [2, 4],
    variants: 'apparel',
    weight: 3,
  },
  {
    path: ['Giyim', 'Kadın', 'Pijama Takımı'],
    brands: ['Penti', 'Suwen', 'Koton', 'LC Waikiki', 'Katia & Bony', 'Siyah İnci'],
    nouns: ['Pijama Takımı', 'Şortlu Pijama Takımı', 'Saten Pijama Takımı'],
    adjectives: ['Pamuklu', 'Desenli', 'Düğmeli', 'Kareli', 'Baskılı', 'Uzun Kollu'],
    price: [299, 1199],
    taxRate: 10,
    desi: [1, 2],
    variants: 'apparel',
    weight: 3,
  },
  {
    path: ['Giyim', 'Erkek', 'Tişört'],
    brands: ['Mavi', 'LC Waikiki', 'DeFacto', 'Koton', 'Jack & Jones', 'U.S. Polo Assn.', 'Lufian'],
    nouns: ['Tişört', 'Polo Yaka Tişört', 'Bisiklet Yaka Tişört'],
    adjectives: ['Basic', 'Oversize', 'Slim Fit', 'Regular Fit', 'Baskılı', 'Pamuklu', 'Çizgili'],
    price: [149, 699],
    taxRate: 10,
    desi: [1, 1],
    variants: 'apparel',
    weight: 8,
  },
  {
    path: ['Giyim', 'Erkek', 'Gömlek'],
    brands: ['Kiğılı', 'Altınyıldız Classics', 'Damat Tween', 'Mavi', 'Koton', 'LC Waikiki'],
    nouns: ['Gömlek', 'Oxford Gömlek', 'Poplin Gömlek'],
    adjectives: ['Slim Fit', 'Regular Fit', 'Düğmeli Yaka', 'Keten', 'Kareli', 'Uzun Kollu'],
    price: [399, 1499],
    taxRate: 10,
    desi: [1, 1.5],
    variants: 'apparel',
    weight: 5,
  },
  {
    path: ['Giyim', 'Erkek', 'Jean'],
    brands: ['Mavi', "Colin's", 'LTB', 'DeFacto', 'Koton', "Levi's"],
    nouns: ['Jean Pantolon', 'Denim Pantolon', 'Jean'],
    adjectives: ['Slim Fit', 'Skinny', 'Regular Fit', 'Taşlanmış', 'Yırtık Detaylı', 'Straight'],
    price: [499, 1799],
    taxRate: 10,
    desi: [1, 2],
    variants: 'apparel',
    weight: 5,
  },
  {
    path: ['Giyim', 'Erkek', 'Sweatshirt'],
    brands: ['Mavi', 'LC Waikiki', 'DeFacto', 'Koton', 'Hummel', 'Lufian', 'Kinetix'],
    nouns: ['Sweatshirt', 'Kapüşonlu Sweatshirt', 'Hoodie'],
    adjectives: ['Oversize', 'Basic', 'Şardonlu', 'Baskılı', 'Yarım Fermuarlı', 'Regular Fit'],
    price: [299, 1199],
    taxRate: 10,
    desi: [1, 2],
    variants: 'apparel',
    weight: 4,
  },
  {
    path: ['Giyim', 'Erkek', 'Takım Elbise'],
    brands: ['Kiğılı', 'Altınyıldız Classics', 'Damat Tween', 'Sarar', 'Pierre Cardin'],
    nouns: ['Takım Elbise', 'Yelekli Takım Elbise'],
    adjectives: ['Slim Fit', 'Ekose', 'Düz', 'Çizgili', 'Yünlü', 'Modern Fit'],
    price: [2999, 9999],
    taxRate: 10,
    desi: [2, 4],
    variants: 'apparel',
    weight: 1,
  },
  {
    path: ['Giyim', 'Çocuk', 'Eşofman'],
    brands: ['LC Waikiki', 'DeFacto', 'Koton Kids', 'Panço', 'Hummel', 'Zeyland'],
    nouns: ['Eşofman Takımı', 'Eşofman Altı', 'Eşofman'],
    adjectives: ['Pamuklu', 'Baskılı', 'Basic', 'Renkli', 'Kapüşonlu', 'Şardonlu'],
    price: [199, 899],
    taxRate: 10,
    desi: [1, 2],
    variants: 'apparel',
    weight: 3,
  },
  {
    path: ['Giyim', 'Çocuk', 'Tişört'],
    brands: ['LC Waikiki', 'DeFacto', 'Koton Kids', 'Panço', 'Zeyland', 'Mavi Kids'],
    nouns: ['Tişört', 'Kısa Kollu Tişört', 'Uzun Kollu Tişört'],
    adjectives: ['Baskılı', 'Pamuklu', 'Basic', 'Çizgili', 'Dinozor Desenli', 'Renkli'],
    price: [99, 399],
    taxRate: 10,
    desi: [0.5, 1],
    variants: 'apparel',
    weight: 3,
  },
  {
    path: ['Giyim', 'Çocuk', 'Mont'],
    brands: ['LC Waikiki', 'DeFacto', 'Koton Kids', 'Panço', 'Zeyland'],
    nouns: ['Mont', 'Şişme Mont', 'Yağmurluk'],
    adjectives: ['Kapüşonlu', 'Su İtici', 'Polar Astarlı', 'Renkli', 'Fermuarlı', 'Hafif'],
    price: [399, 1499],
    taxRate: 10,
    desi: [2, 3],
    variants: 'apparel',
    weight: 2,
  },
  // Ayakkabı — KDV %10
  {
    path: ['Ayakkabı', 'Kadın', 'Sneaker'],
    brands: ['Hotiç', 'Derimod', 'Lumberjack', 'Kinetix', 'Polaris', 'Skechers', 'Marjin'],
    nouns: ['Sneaker', 'Spor Ayakkabı', 'Günlük Ayakkabı'],
    adjectives: ['Deri', 'Bağcıklı', 'Kalın Tabanlı', 'Hafif', 'Beyaz Tabanlı', 'Nefes Alan'],
    price: [699, 2999],
    taxRate: 10,
    desi: [2, 3],
    variants: 'shoes',
    weight: 5,
  },
  {
    path: ['Ayakkabı', 'Kadın', 'Topuklu Ayakkabı'],
    brands: ['Hotiç', 'Derimod', 'Marjin', 'İnci', 'Nine West', 'Elle Shoes'],
    nouns: ['Topuklu Ayakkabı', 'Stiletto', 'Sandalet'],
    adjectives: ['Rugan', 'Süet', 'Bilekten Bağlı', 'Kalın Topuklu', 'Sivri Burun', 'Deri'],
    price: [599, 2999],
    taxRate: 10,
    desi: [2, 3],
    variants: 'shoes',
    weight: 3,
  },
  {
    path: ['Ayakkabı', 'Erkek', 'Bot'],
    brands: ['Derimod', 'Hotiç', 'Lumberjack', 'Kiğılı', 'Greyder', 'Hammer Jack'],
    nouns: ['Bot', 'Chelsea Bot', 'Outdoor Bot'],
    adjectives: ['Deri', 'Süet', 'Su Geçirmez', 'Fermuarlı', 'Kürklü', 'Bağcıklı'],
    price: [1299, 4499],
    taxRate: 10,
    desi: [3, 4],
    variants: 'shoes',
    weight: 3,
  },
  {
    path: ['Ayakkabı', 'Erkek', 'Klasik Ayakkabı'],
    brands: ['Kiğılı', 'Derimod', 'Greyder', 'Hotiç', 'Pierre Cardin', 'Altınyıldız Classics'],
    nouns: ['Klasik Ayakkabı', 'Oxford Ayakkabı', 'Loafer'],
    adjectives: ['Deri', 'Rugan', 'Bağcıklı', 'Hakiki Deri', 'Kauçuk Tabanlı', 'Süet'],
    price: [999, 3999],
    taxRate: 10,
    desi: [2, 3],
    variants: 'shoes',
    weight: 2,
  },
  {
    path: ['Ayakkabı', 'Erkek', 'Spor Ayakkabı'],
    brands: ['Kinetix', 'Lumberjack', 'Skechers', 'Slazenger', 'Jump', 'Hummel', 'Polaris'],
    nouns: ['Spor Ayakkabı', 'Koşu Ayakkabısı', 'Sneaker'],
    adjectives: ['Hafif', 'Nefes Alan', 'Bağcıklı', 'Memory Foam', 'Kalın Tabanlı', 'Günlük'],
    price: [599, 2999],
    taxRate: 10,
    desi: [2, 3],
    variants: 'shoes',
    weight: 4,
  },
  // Çanta — KDV %10
  {
    path: ['Çanta', 'Kadın', 'Omuz Çantası'],
    brands: ['Derimod', 'Hotiç', 'Desa', 'Koton', 'Bagmori', 'Marjin'],
    nouns: ['Omuz Çantası', 'Baget Çanta', 'Askılı Çanta'],
    adjectives: ['Deri', 'Zincir Askılı', 'Kapitone', 'Hasır', 'Süet', 'Mini'],
    price: [299, 2499],
    taxRate: 10,
    desi: [1, 3],
    variants: 'color',
    weight: 4,
  },
  {
    path: ['Çanta', 'Kadın', 'Cüzdan'],
    brands: ['Derimod', 'Hotiç', 'Desa', 'Bagmori', 'Koton'],
    nouns: ['Cüzdan', 'Kartlık', 'Fermuarlı Cüzdan'],
    adjectives: ['Deri', 'Hakiki Deri', 'Kapitone', 'Mini', 'Çok Bölmeli', 'Rugan'],
    price: [199, 999],
    taxRate: 10,
    desi: [0.5, 1],
    variants: 'color',
    weight: 2,
  },
  {
    path: ['Çanta', 'Erkek', 'Sırt Çantası'],
    brands: ['Lumberjack', 'Kinetix', 'Hummel', 'Smart Bags', 'Derimod', 'Hotiç'],
    nouns: ['Sırt Çantası', 'Laptop Sırt Çantası', 'Okul Çantası'],
    adjectives: ['Su Geçirmez', 'USB Girişli', 'Çok Bölmeli', 'Deri', 'Hafif', 'Kanvas'],
    price: [349, 1999],
    taxRate: 10,
    desi: [2, 3],
    variants: 'color',
    weight: 2,
  },
  // Elektronik — KDV %20
  {
    path: ['Elektronik', 'Telefon Aksesuarları', 'Kılıf'],
    brands: ['Ttec', 'Spigen', 'Microsonic', 'Zore', 'Wiwu', 'Baseus'],
    nouns: ['Telefon Kılıfı', 'Silikon Kılıf', 'MagSafe Uyumlu Kılıf'],
    adjectives: ['Şeffaf', 'Darbe Emici', 'Kamera Korumalı', 'Mat', 'İnce', 'Standlı'],
    price: [99, 499],
    taxRate: 20,
    desi: [0.5, 1],
    variants: 'color',
    weight: 6,
  },
  {
    path: ['Elektronik', 'Telefon Aksesuarları', 'Şarj Cihazı'],
    brands: ['Ttec', 'Anker', 'Baseus', 'Samsung', 'Linktech', 'Philips'],
    nouns: ['Hızlı Şarj Cihazı', 'Type-C Şarj Adaptörü', 'Araç Şarj Cihazı'],
    adjectives: ['20W', '33W', '65W', 'GaN', 'PD Destekli', 'Çift Portlu'],
    price: [199, 999],
    taxRate: 20,
    desi: [0.5, 1],
    variants: 'none',
    weight: 3,
  },
  {
    path: ['Elektronik', 'Telefon Aksesuarları', 'Powerbank'],
    brands: ['Ttec', 'Anker', 'Baseus', 'Xiaomi', 'Linktech'],
    nouns: ['Powerbank', 'Taşınabilir Şarj Cihazı'],
    adjectives: ['Kablosuz', 'Hızlı Şarjlı', 'LED Göstergeli', 'Dijital Ekranlı', 'Slim', 'PD'],
    price: [499, 1999],
    taxRate: 20,
    desi: [1, 1],
    variants: 'capacity',
    capacity: 'Kapasite',
    weight: 2,
  },
  {
    path: ['Elektronik', 'Kulaklık', 'Kablosuz Kulaklık'],
    brands: ['Ttec', 'JBL', 'Xiaomi', 'Anker Soundcore', 'Baseus', 'Philips'],
    nouns: ['Bluetooth Kulaklık', 'TWS Kulaklık', 'Kulak İçi Kulaklık', 'Kulak Üstü Kulaklık'],
    adjectives: ['Gürültü Engelleyici', 'Mikrofonlu', 'Su Geçirmez', 'Dokunmatik', 'Oyuncu'],
    price: [399, 3999],
    taxRate: 20,
    desi: [1, 2],
    variants: 'color',
    weight: 3,
  },
  {
    path: ['Elektronik', 'Bilgisayar Aksesuarları', 'USB Bellek'],
    brands: ['SanDisk', 'Kingston', 'Lexar', 'Toshiba', 'HP', 'Ttec'],
    nouns: ['USB Bellek', 'Flash Bellek', 'OTG Bellek'],
    adjectives: ['USB 3.2', 'Type-C', 'Metal Kasa', 'Mini', 'Yüksek Hızlı'],
    price: [149, 799],
    taxRate: 20,
    desi: [0.5, 0.5],
    variants: 'capacity',
    capacity: 'Hafıza',
    weight: 1,
  },
  {
    path: ['Elektronik', 'Küçük Ev Aletleri', 'Türk Kahvesi Makinesi'],
    brands: ['Arzum', 'Fakir', 'Karaca', 'Sinbo', 'Beko', 'Arçelik'],
    nouns: ['Türk Kahvesi Makinesi', 'Kahve Makinesi'],
    adjectives: ['Sütlü', 'Çift Hazneli', 'Sesli Uyarılı', 'Otomatik', 'Kompakt'],
    price: [1299, 4999],
    taxRate: 20,
    desi: [3, 5],
    variants: 'color',
    weight: 1,
  },
  {
    path: ['Elektronik', 'Küçük Ev Aletleri', 'Saç Kurutma Makinesi'],
    brands: ['Arzum', 'Philips', 'Fakir', 'Sinbo', 'Rowenta', 'Remington'],
    nouns: ['Saç Kurutma Makinesi', 'Fön Makinesi'],
    adjectives: ['İyonik', '2200W', 'Katlanabilir', 'Seramik', 'Profesyonel', 'Difüzörlü'],
    price: [599, 2999],
    taxRate: 20,
    desi: [2, 3],
    variants: 'none',
    weight: 1,
  },
  // Ev & Yaşam — KDV %20
  {
    path: ['Ev & Yaşam', 'Mutfak', 'Tencere Seti'],
    brands: ['Karaca', 'Korkmaz', 'Emsan', 'Schafer', 'Hascevher', 'Taç'],
    nouns: ['Tencere Seti', 'Granit Tencere Seti', 'Çelik Tencere Seti'],
    adjectives: ['7 Parça', '9 Parça', 'İndüksiyon Tabanlı', 'Yapışmaz', 'Cam Kapaklı'],
    price: [1499, 8999],
    taxRate: 20,
    desi: [5, 10],
    variants: 'none',
    weight: 2,
  },
  {
    path: ['Ev & Yaşam', 'Mutfak', 'Tava'],
    brands: ['Karaca', 'Korkmaz', 'Emsan', 'Schafer', 'Tefal', 'Hascevher'],
    nouns: ['Tava', 'Granit Tava', 'Krep Tavası', 'Wok Tava'],
    adjectives: ['28 cm', '24 cm', 'Yapışmaz', 'İndüksiyon Tabanlı', 'Döküm', 'Derin'],
    price: [399, 1999],
    taxRate: 20,
    desi: [2, 3],
    variants: 'none',
    weight: 2,
  },
  {
    path: ['Ev & Yaşam', 'Mutfak', 'Yemek Takımı'],
    brands: ['Karaca', 'Porland', 'Kütahya Porselen', 'Güral Porselen', 'Paşabahçe'],
    nouns: ['Yemek Takımı', 'Porselen Yemek Takımı', 'Kahvaltı Takımı'],
    adjectives: ['24 Parça', '56 Parça', '6 Kişilik', '12 Kişilik', 'Desenli', 'Gold Detaylı'],
    price: [1499, 7999],
    taxRate: 20,
    desi: [6, 12],
    variants: 'none',
    weight: 1,
  },
  {
    path: ['Ev & Yaşam', 'Ev Tekstili', 'Nevresim Takımı'],
    brands: ['Taç', 'English Home', 'Özdilek', 'Madame Coco', 'Karaca Home', 'Yataş Bedding'],
    nouns: ['Nevresim Takımı', 'Çift Kişilik Nevresim Takımı', 'Tek Kişilik Nevresim Takımı'],
    adjectives: ['Ranforce', 'Pamuk Saten', 'Desenli', 'Düz', 'Çizgili', 'Çiçekli'],
    price: [699, 3499],
    taxRate: 20,
    desi: [2, 4],
    variants: 'color',
    weight: 3,
  },
  {
    path: ['Ev & Yaşam', 'Ev Tekstili', 'Havlu'],
    brands: ['Taç', 'English Home', 'Özdilek', 'Madame Coco', 'Karaca Home'],
    nouns: ['Banyo Havlusu', 'El Havlusu', 'Havlu Seti'],
    adjectives: ['Pamuklu', 'Bambu', 'Jakarlı', 'Yumuşak Dokulu', 'Kadife', 'Penye'],
    price: [149, 899],
    taxRate: 20,
    desi: [1, 3],
    variants: 'color',
    weight: 2,
  },
  {
    path: ['Ev & Yaşam', 'Dekorasyon', 'Vazo'],
    brands: ['Paşabahçe', 'English Home', 'Madame Coco', 'Karaca Home', 'Bella Maison'],
    nouns: ['Vazo', 'Cam Vazo', 'Seramik Vazo'],
    adjectives: ['El Yapımı', 'Dekoratif', 'Mat', 'Modern', 'Dalgalı', 'Füme'],
    price: [199, 1299],
    taxRate: 20,
    desi: [2, 4],
    variants: 'none',
    weight: 1,
  },
  // Kozmetik — KDV %20
  {
    path: ['Kozmetik', 'Cilt Bakımı', 'Nemlendirici'],
    brands: [
      'Farmasi',
      'Nivea',
      'La Roche-Posay',
      'The Purest Solutions',
      'Cream Co.',
      'Neutrogena',
    ],
    nouns: ['Nemlendirici Krem', 'Yüz Kremi', 'Nemlendirici Jel'],
    adjectives: ['Hyaluronik Asitli', 'Yoğun', 'Hafif Dokulu', 'SPF 30', 'Aloe Veralı', 'Onarıcı'],
    price: [149, 899],
    taxRate: 20,
    desi: [0.5, 1],
    variants: 'none',
    weight: 3,
  },
  {
    path: ['Kozmetik', 'Makyaj', 'Ruj'],
    brands: ['Flormar', 'Farmasi', 'Golden Rose', 'Pastel', 'Maybelline', 'Note'],
    nouns: ['Ruj', 'Likit Ruj', 'Mat Ruj'],
    adjectives: ['Kalıcı', 'Nemlendirici', 'Kadife', 'Parlak', 'Uzun Süre Kalıcı', 'Vegan'],
    price: [99, 449],
    taxRate: 20,
    desi: [0.5, 0.5],
    variants: 'none',
    weight: 2,
  },
  {
    path: ['Kozmetik', 'Parfüm', 'Kadın Parfüm'],
    brands: ['Nishane', 'Atelier Rebul', 'Farmasi', 'Avon', 'Eyüp Sabri Tuncer', 'Lancôme'],
    nouns: ['EDP Kadın Parfüm', 'Eau de Parfum', 'Eau de Toilette'],
    adjectives: ['Çiçeksi', 'Oryantal', 'Odunsu', 'Meyvemsi', 'Pudralı', 'Fresh'],
    price: [399, 4999],
    taxRate: 20,
    desi: [1, 1],
    variants: 'capacity',
    capacity: 'Hacim',
    weight: 2,
  },
  {
    path: ['Kozmetik', 'Parfüm', 'Erkek Parfüm'],
    brands: ['Nishane', 'Atelier Rebul', 'Farmasi', 'Avon', 'Eyüp Sabri Tuncer', 'Hugo Boss'],
    nouns: ['EDP Erkek Parfüm', 'Eau de Parfum', 'Eau de Toilette'],
    adjectives: ['Odunsu', 'Baharatlı', 'Aromatik', 'Deniz Esintili', 'Fresh', 'Amber'],
    price: [399, 4999],
    taxRate: 20,
    desi: [1, 1],
    variants: 'capacity',
    capacity: 'Hacim',
    weight: 2,
  },
  {
    path: ['Kozmetik', 'Saç Bakımı', 'Şampuan'],
    brands: ['Elidor', 'Bioxcin', 'Urban Care', 'Pantene', 'Head & Shoulders', 'Farmasi'],
    nouns: ['Şampuan', 'Saç Bakım Şampuanı'],
    adjectives: ['Kepeğe Karşı', 'Onarıcı', 'Sülfatsız', 'Argan Yağlı', 'Hacim Veren', 'Keratinli'],
    price: [79, 449],
    taxRate: 20,
    desi: [0.5, 1],
    variants: 'none',
    weight: 2,
  },
  // Saat & Aksesuar — KDV %20
  {
    path: ['Saat & Aksesuar', 'Saat', 'Kol Saati'],
    brands: ['Casio', 'Daniel Klein', 'Pierre Cardin', 'Fossil', 'Q&Q', 'Armani Exchange'],
    nouns: ['Kol Saati', 'Analog Kol Saati', 'Akıllı Saat'],
    adjectives: ['Çelik Kordon', 'Deri Kordon', 'Kronograf', 'Su Geçirmez', 'Minimal', 'Spor'],
    price: [599, 6999],
    taxRate: 20,
    desi: [1, 1],
    variants: 'none',
    weight: 2,
  },
  {
    path: ['Saat & Aksesuar', 'Takı', 'Kolye'],
    brands: ['Altınbaş', 'Atasay', 'Söğütlü Silver', 'Pandora', 'Gumush', 'Silverella'],
    nouns: ['Kolye', 'Gümüş Kolye', 'Zincir Kolye'],
    adjectives: ['925 Ayar', 'Taşlı', 'Minimal', 'Kalpli', 'Altın Kaplama', 'Sonsuzluk'],
    price: [199, 2499],
    taxRate: 20,
    desi: [0.5, 0.5],
    variants: 'none',
    weight: 2,
  },
  {
    path: ['Saat & Aksesuar', 'Gözlük', 'Güneş Gözlüğü'],
    brands: ['Ray-Ban', 'Osse', 'Polaroid', 'Vogue', 'Hawk', 'Police'],
    nouns: ['Güneş Gözlüğü', 'Polarize Güneş Gözlüğü'],
    adjectives: ['Aviator', 'Cat Eye', 'Oval', 'Kare', 'UV400 Korumalı', 'Metal Çerçeve'],
    price: [399, 4999],
    taxRate: 20,
    desi: [1, 1],
    variants: 'none',
    weight: 2,
  },
  // Spor & Outdoor — KDV %20
  {
    path: ['Spor & Outdoor', 'Fitness', 'Yoga Matı'],
    brands: ['Delta', 'Voit', 'Dunlop', 'Sportive', 'Adidas', 'Reebok'],
    nouns: ['Yoga Matı', 'Pilates Minderi', 'Egzersiz Matı'],
    adjectives: ['6 mm', '8 mm', 'Kaymaz', 'TPE', 'Taşıma Askılı', 'Çift Taraflı'],
    price: [199, 1299],
    taxRate: 20,
    desi: [2, 3],
    variants: 'color',
    weight: 1,
  },
  {
    path: ['Spor & Outdoor', 'Fitness', 'Dambıl'],
    brands: ['Voit', 'Delta', 'Dunlop', 'Sportive', 'Kettler'],
    nouns: ['Dambıl Seti', 'Ayarlanabilir Dambıl', 'Kettlebell'],
    adjectives: ['Vinil Kaplı', 'Döküm', 'Kromajlı', '10 kg', '20 kg', 'Çantalı'],
    price: [249, 2499],
    taxRate: 20,
    desi: [3, 10],
    variants: 'none',
    weight: 1,
  },
  {
    path: ['Spor & Outdoor', 'Kamp', 'Termos'],
    brands: ['Stanley', 'Thermos', 'Karaca', 'Korkmaz', 'Emsan'],
    nouns: ['Termos', 'Çelik Termos', 'Termos Bardak'],
    adjectives: ['Vakumlu', 'Sızdırmaz', 'Çift Cidarlı', 'Paslanmaz Çelik', 'Kulplu', 'Outdoor'],
    price: [399, 2499],
    taxRate: 20,
    desi: [1, 2],
    variants: 'color',
    weight: 1,
  },
  // Anne & Bebek
  {
    path: ['Anne & Bebek', 'Bebek Bakım', 'Islak Mendil'],
    brands: ['Uni Baby', 'Sleepy', 'Molfix', 'Baby Turco', 'Evy Baby'],
    nouns: ['Islak Mendil', 'Islak Havlu'],
    adjectives: ["12'li Paket", "24'lü Paket", 'Hassas', 'Parfümsüz', 'Su Bazlı', 'Pamuk Özlü'],
    price: [49, 399],
    taxRate: 20,
    desi: [2, 6],
    variants: 'none',
    weight: 2,
  },
  {
    path: ['Anne & Bebek', 'Bebek Bakım', 'Bebek Bezi'],
    brands: ['Sleepy', 'Molfix', 'Prima', 'Evy Baby', 'Canbebe', 'Huggies'],
    nouns: ['Bebek Bezi', 'Külot Bebek Bezi'],
    adjectives: [
      'Jumbo Paket',
      'Avantajlı Paket',
      'Natural',
      'Ekstra Emici',
      '4 Numara',
      '5 Numara',
    ],
    price: [299, 1199],
    taxRate: 10,
    desi: [4, 8],
    variants: 'none',
    weight: 2,
  },
  {
    path: ['Anne & Bebek', 'Beslenme', 'Biberon'],
    brands: ['Philips Avent', 'Wee Baby', 'Chicco', 'Bebedor', 'MAM', 'Uni Baby'],
    nouns: ['Biberon', 'Cam Biberon', 'Alıştırma Bardağı'],
    adjectives: ['Kolik Önleyici', '260 ml', '150 ml', 'BPA İçermez', 'Geniş Ağızlı', 'Silikon'],
    price: [149, 699],
    taxRate: 20,
    desi: [1, 1],
    variants: 'none',
    weight: 1,
  },
  {
    path: ['Anne & Bebek', 'Oyuncak', 'Eğitici Oyuncak'],
    brands: ['Fisher-Price', 'LEGO', 'Dede', 'Fen Toys', 'Chicco', 'Hamaha'],
    nouns: ['Eğitici Oyuncak', 'Ahşap Oyuncak', 'Yapı Oyuncağı'],
    adjectives: ['Sesli', 'Işıklı', 'Montessori', 'Ahşap', 'Renkli', '3 Yaş Üstü'],
    price: [149, 1499],
    taxRate: 20,
    desi: [1, 4],
    variants: 'none',
    weight: 1,
  },
]

/** The same leaves as a three-level tree: top category → group → leaf. */
export const categoryTree: readonly CategoryBranch[] = buildTree(categoryLeaves)

function buildTree(leaves: readonly CatalogCategory[]): CategoryBranch[] {
  const tops: { name: string; children: { name: string; children: CatalogCategory[] }[] }[] = []
  for (const leaf of leaves) {
    const [top, mid] = leaf.path
    let branch = tops.find((b) => b.name === top)
    if (!branch) tops.push((branch = { name: top, children: [] }))
    let group = branch.children.find((g) => g.name === mid)
    if (!group) branch.children.push((group = { name: mid, children: [] }))
    group.children.push(leaf)
  }
  return tops
}

const leafByKey = new Map(categoryLeaves.map((leaf) => [leaf.path.join(' > '), leaf]))

/** The leaf category at `path`, if the tree has one. */
export function categoryByPath(path: readonly string[]): CatalogCategory | undefined {
  return leafByKey.get(path.join(' > '))
}

// --- variant options -----------------------------------------------------------------------

export const variantOptions = {
  Renk: [
    'Siyah',
    'Beyaz',
    'Lacivert',
    'Kırmızı',
    'Bej',
    'Haki',
    'Gri',
    'Pembe',
    'Mavi',
    'Yeşil',
    'Kahverengi',
    'Ekru',
  ],
  Beden: ['XS', 'S', 'M', 'L', 'XL', 'XXL'],
  /** Children's clothing sizes, sold under the option name `Beden`. */
  ÇocukBeden: ['3-4 Yaş', '5-6 Yaş', '7-8 Yaş', '9-10 Yaş', '11-12 Yaş', '13-14 Yaş'],
  Numara: ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45'],
  Kapasite: ['5000 mAh', '10000 mAh', '20000 mAh', '30000 mAh'],
  Hafıza: ['32 GB', '64 GB', '128 GB', '256 GB'],
  Hacim: ['30 ml', '50 ml', '100 ml'],
} as const satisfies Record<string, readonly string[]>

const turkishFold: Record<string, string> = {
  ç: 'c',
  Ç: 'C',
  ğ: 'g',
  Ğ: 'G',
  ı: 'i',
  İ: 'I',
  ö: 'o',
  Ö: 'O',
  ş: 's',
  Ş: 'S',
  ü: 'u',
  Ü: 'U',
}

/** Short SKU code of an option value: `Siyah` → `SIY`, `XL` → `XL`, `128 GB` → `128GB`. */
export function optionCode(value: string): string {
  let code = optionCodes.get(value)
  if (code === undefined) optionCodes.set(value, (code = computeOptionCode(value)))
  return code
}

const optionCodes = new Map<string, string>()

function computeOptionCode(value: string): string {
  const folded = value
    .replace(/[çÇğĞıİöÖşŞüÜ]/g, (ch) => turkishFold[ch] ?? ch)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
  return /^[A-Z]+$/.test(folded) && folded.length > 3 ? folded.slice(0, 3) : folded
}

// --- barcodes ------------------------------------------------------------------------------

function ean13CheckDigit(first12: string): number {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += (first12.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3)
  return (10 - (sum % 10)) % 10
}

/**
 * A 13-digit EAN barcode with a Turkish GS1 prefix (868 or 869) and a correct check digit.
 * `prefix` (e.g. a brand's company prefix `8691234`) fixes the leading digits; it must start
 * with 868 or 869 and have at most 12 digits.
 */
export function ean13(rng: Rng, prefix?: string): string {
  if (prefix !== undefined && !/^86[89]\d{0,9}$/.test(prefix))
    throw new RangeError(`EAN-13 prefix must be 868/869 and at most 12 digits: ${prefix}`)
  let body = prefix ?? (rng() < 0.75 ? '869' : '868')
  while (body.length < 12) body += Math.floor(rng() * 10)
  return body + ean13CheckDigit(body)
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code) === code.charCodeAt(12) - 48
}

// --- products ------------------------------------------------------------------------------

export interface CatalogVariant {
  barcode: string
  sku: string
  options: { name: string; value: string }[]
  priceDelta: number
  stock: number
}

export interface CatalogProduct {
  /** Stock code, e.g. `KP-004217`, unique in the catalogue. */
  code: string
  /** Own barcode; `''` when the product has variants (the variants carry the barcodes). */
  barcode: string
  title: string
  brand: string
  categoryPath: CategoryPath
  /** Retail price in TRY, KDV included. */
  price: number
  taxRate: number
  desi: number
  /** Own stock, or the sum of the variants' stock when it has variants. */
  stock: number
  image: string
  description: string
  variants: CatalogVariant[]
}

const audiences = new Set(['Kadın', 'Erkek', 'Çocuk'])

type Describe = (title: string) => string

const descriptions: Record<string, readonly Describe[]> = {
  Giyim: [
    (t) => `${t}, gün boyu rahat kullanım sunan şık bir parça.`,
    (t) => `${t} ile kombinlerinize modern bir dokunuş katın.`,
    (t) => `${t}, yumuşak dokulu kumaşı ve özenli dikişleriyle öne çıkar.`,
  ],
  Ayakkabı: [
    (t) => `${t}, gün boyu konforlu adımlar için tasarlandı.`,
    (t) => `${t} ile stilinizi baştan ayağa tamamlayın.`,
  ],
  Çanta: [
    (t) => `${t}, günlük ihtiyaçlarınızı şıklıkla taşımanız için tasarlandı.`,
    (t) => `${t} ile kombinlerinizi zahmetsizce tamamlayın.`,
  ],
  Elektronik: [
    (t) => `${t}, güvenli ve uzun ömürlü kullanım için tasarlandı.`,
    (t) => `${t} ile cihazlarınızdan en iyi verimi alın.`,
  ],
  'Ev & Yaşam': [
    (t) => `${t} ile evinize sıcak ve şık bir dokunuş katın.`,
    (t) => `${t}, dayanıklı yapısıyla uzun yıllar kullanım sunar.`,
  ],
  Kozmetik: [
    (t) => `${t}, günlük bakım rutininiz için özenle formüle edildi.`,
    (t) => `${t} ile kendinizi her gün şımartın.`,
  ],
  'Saat & Aksesuar': [
    (t) => `${t}, her kombine uyum sağlayan zamansız bir tasarıma sahip.`,
    (t) => `${t} ile tarzınıza zarif bir imza atın.`,
  ],
  'Spor & Outdoor': [
    (t) => `${t}, aktif yaşamınızda size eşlik etmek için tasarlandı.`,
    (t) => `${t} ile antrenmanlarınızı bir üst seviyeye taşıyın.`,
  ],
  'Anne & Bebek': [
    (t) => `${t}, bebeğinizin hassas ihtiyaçları düşünülerek üretildi.`,
    (t) => `${t} ile bebeğinizin bakımı artık daha kolay.`,
  ],
}

const genericDescriptions: readonly Describe[] = [
  (t) => `${t}, kaliteli malzemesiyle uzun ömürlü kullanım sunar.`,
]

/** `k` distinct items in draw order (partial Fisher–Yates on a copy). */
function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const pool = items.slice()
  const n = Math.min(k, pool.length)
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (pool.length - i))
    const tmp = pool[i]!
    pool[i] = pool[j]!
    pool[j] = tmp
  }
  return pool.slice(0, n)
}

/** `length` consecutive items starting at a random offset. */
function run<T>(rng: Rng, items: readonly T[], length: number): T[] {
  const n = Math.min(length, items.length)
  const start = intBetween(rng, 0, items.length - n)
  return items.slice(start, start + n)
}

/** Stock of one SKU: about 8% sold out, mostly 1–60, now and then a deep shelf. */
function drawStock(rng: Rng): number {
  const r = rng()
  if (r < 0.08) return 0
  if (r < 0.13) return intBetween(rng, 61, 300)
  return intBetween(rng, 1, 60)
}

/** A price in `[min, max]` with a retail ending: 349,99 / 349,90 / 1.849,99 / 4.899,99. */
function retailPrice(rng: Rng, range: readonly [number, number]): number {
  const [min, max] = range
  const raw = min + rng() * (max - min)
  const unit = raw < 100 ? 5 : raw < 1000 ? 10 : raw < 3000 ? 50 : 100
  const drop = rng() < 0.7 ? 1 : 10
  const lo = Math.round(min * 100)
  const hi = Math.round(max * 100)
  let whole = Math.ceil(raw / unit) * unit
  for (let i = 0; i < 20 && whole * 100 - drop > hi; i++) whole -= unit
  for (let i = 0; i < 20 && whole * 100 - drop < lo; i++) whole += unit
  let cents = whole * 100 - drop
  if (cents > hi || cents < lo) cents = Math.max(lo, Math.floor(max) * 100 - 1)
  return cents / 100
}

function desiIn(rng: Rng, [min, max]: readonly [number, number]): number {
  return Math.round((min + rng() * (max - min)) * 2) / 2
}

function capacityDelta(price: number, step: number): number {
  return Math.max(10, Math.round((price * 0.3 * step) / 10) * 10)
}

/**
 * The catalogue every emulator of a seed sells: product i (code, barcodes, title, brand, category,
 * price, variants, stock) depends on the seed and on i only, so it is the same in every emulator
 * whatever sizes each is given, and a larger `count` only adds products after it.
 */
export function sharedCatalog(seed: number, count: number): CatalogProduct[] {
  return generateCatalog(seedStream(seed, 'catalogue'), count)
}

/**
 * `count` products with categories drawn by weight. Stock codes and barcodes (products and
 * variants) are unique across the catalogue; each brand gets its own GS1 company prefix.
 */
export function generateCatalog(rng: Rng, count: number): CatalogProduct[] {
  const products: CatalogProduct[] = []
  const usedBarcodes = new Set<string>()
  const usedPrefixes = new Set<string>()
  const brandPrefix = new Map<string, string>()
  let serial = intBetween(rng, 1000, 4999)

  const prefixFor = (brand: string): string => {
    let prefix = brandPrefix.get(brand)
    if (prefix === undefined) {
      do prefix = (rng() < 0.75 ? '869' : '868') + String(intBetween(rng, 0, 9999)).padStart(4, '0')
      while (usedPrefixes.has(prefix))
      usedPrefixes.add(prefix)
      brandPrefix.set(brand, prefix)
    }
    return prefix
  }

  const barcodeFor = (brand: string): string => {
    const prefix = prefixFor(brand)
    let code = ean13(rng, prefix)
    for (let i = 0; usedBarcodes.has(code); i++) code = ean13(rng, i < 50 ? prefix : undefined)
    usedBarcodes.add(code)
    return code
  }

  for (let n = 0; n < count; n++) {
    const category = weightedPick(rng, categoryLeaves)
    const [top, audience] = category.path
    const brand = pick(rng, category.brands)
    const noun = pick(rng, category.nouns)
    const adjective = pick(rng, category.adjectives)
    const words = [brand]
    if (audiences.has(audience)) words.push(audience)
    if (!noun.includes(adjective)) words.push(adjective)
    words.push(noun)
    const title = words.join(' ')

    serial += intBetween(rng, 1, 9)
    const code = `KP-${String(serial).padStart(6, '0')}`
    const price = retailPrice(rng, category.price)
    const desi = desiIn(rng, category.desi)
    const describe = pick(rng, descriptions[top] ?? genericDescriptions)

    const combos: { name: string; value: string }[][] = []
    const deltas: number[] = []
    switch (category.variants) {
      case 'apparel': {
        const colours = sample(rng, variantOptions.Renk, intBetween(rng, 1, 3))
        const sizeList = audience === 'Çocuk' ? variantOptions.ÇocukBeden : variantOptions.Beden
        const sizes = run(rng, sizeList, intBetween(rng, 3, 6))
        for (const colour of colours)
          for (const size of sizes)
            combos.push([
              { name: 'Renk', value: colour },
              { name: 'Beden', value: size },
            ])
        break
      }
      case 'shoes': {
        const colours = sample(rng, variantOptions.Renk, intBetween(rng, 1, 2))
        const all = variantOptions.Numara
        const range =
          audience === 'Kadın' ? all.slice(0, 7) : audience === 'Erkek' ? all.slice(3) : all
        const numbers = run(rng, range, intBetween(rng, 4, 7))
        for (const colour of colours)
          for (const number of numbers)
            combos.push([
              { name: 'Renk', value: colour },
              { name: 'Numara', value: number },
            ])
        break
      }
      case 'color': {
        for (const colour of sample(rng, variantOptions.Renk, intBetween(rng, 2, 4)))
          combos.push([{ name: 'Renk', value: colour }])
        break
      }
      case 'capacity': {
        const name = category.capacity ?? 'Kapasite'
        const values = run(rng, variantOptions[name], intBetween(rng, 2, 3))
        values.forEach((value, i) => {
          combos.push([{ name, value }])
          deltas.push(i === 0 ? 0 : capacityDelta(price, i))
        })
        break
      }
      case 'none':
        break
    }

    const variants: CatalogVariant[] = combos.map((options, i) => ({
      barcode: barcodeFor(brand),
      sku: [code, ...options.map((o) => optionCode(o.value))].join('-'),
      options,
      priceDelta: deltas[i] ?? 0,
      stock: drawStock(rng),
    }))

    products.push({
      code,
      barcode: variants.length > 0 ? '' : barcodeFor(brand),
      title,
      brand,
      categoryPath: category.path,
      price,
      taxRate: category.taxRate,
      desi,
      stock: variants.length > 0 ? variants.reduce((sum, v) => sum + v.stock, 0) : drawStock(rng),
      image: `/Data/products/${code.toLowerCase()}-1.jpg`,
      description: describe(title),
      variants,
    })
  }
  return products
}
