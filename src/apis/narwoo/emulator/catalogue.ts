/**
 * The marketplace's reference data, the same for every seller and seed: the category tree with
 * ids, the options (Renk, Beden, Hafıza, …) and brands of each leaf category, and the cargo
 * companies. Built once from the shared Turkish catalogue plus a few branches the seller does not
 * sell in (those of the document's own example keep its ids 249–254).
 */
import {
  categoryTree,
  variantOptions,
  type CatalogCategory,
} from '../../../emulator/locale/tr-catalog.ts'
import { sameName } from './format.ts'

export interface Category {
  id: number
  parentId: number
  name: string
  children: Category[]
  /** leaves only: the option ids and brand ids products in it may use */
  optionIds: number[]
  brandIds: number[]
  /** the shared catalogue's leaf, for seed data */
  source?: CatalogCategory
}

export interface Option {
  id: number
  name: string
  variantStatus: boolean
  values: { id: number; name: string }[]
}

export interface CargoCompany {
  id: number
  name: string
  /** tracking page for a cargo number; UPS's is protocol-relative, as the document shows */
  trackingLink: (cargoNumber: string) => string
}

type OptionName = (typeof optionDefs)[number]['name']

// option ids 170–199 and odd value ids from 3201, in the spirit of the document's 180 and 3287
const optionDefs = [
  {
    id: 180,
    name: 'Renk',
    variant: true,
    values: ['Karışık', 'Sarı', 'Altın', 'Gümüş', ...variantOptions.Renk],
  },
  {
    id: 182,
    name: 'Beden',
    variant: true,
    values: [...variantOptions.Beden, ...variantOptions.ÇocukBeden],
  },
  { id: 184, name: 'Numara', variant: true, values: [...variantOptions.Numara] },
  { id: 186, name: 'Hafıza', variant: true, values: [...variantOptions.Hafıza] },
  { id: 188, name: 'Kapasite', variant: true, values: [...variantOptions.Kapasite] },
  { id: 190, name: 'Hacim', variant: true, values: [...variantOptions.Hacim] },
  {
    id: 171,
    name: 'Kumaş Cinsi',
    variant: false,
    values: ['Pamuklu', 'Polyester', 'Keten', 'Viskon', 'Denim', 'Yün', 'Saten', 'Penye'],
  },
  {
    id: 172,
    name: 'Kalıp',
    variant: false,
    values: ['Regular Fit', 'Slim Fit', 'Oversize', 'Relaxed'],
  },
  {
    id: 173,
    name: 'Materyal',
    variant: false,
    values: ['Deri', 'Suni Deri', 'Kanvas', 'Plastik', 'Metal', 'Ahşap', 'Cam', 'Seramik', 'Pamuk'],
  },
  {
    id: 174,
    name: 'Taban Malzemesi',
    variant: false,
    values: ['Kauçuk', 'EVA', 'Poliüretan', 'Termo'],
  },
  {
    id: 175,
    name: 'Garanti Süresi',
    variant: false,
    values: ['Garantisiz', '1 Yıl', '2 Yıl', '3 Yıl'],
  },
  {
    id: 177,
    name: 'Cilt Tipi',
    variant: false,
    values: ['Tüm Cilt Tipleri', 'Kuru', 'Yağlı', 'Karma', 'Hassas'],
  },
  {
    id: 178,
    name: 'Yaş Grubu',
    variant: false,
    values: ['0-6 Ay', '6-12 Ay', '1-3 Yaş', '3+ Yaş'],
  },
] as const

let valueId = 3201
export const options: readonly Option[] = optionDefs.map((def) => ({
  id: def.id,
  name: def.name,
  variantStatus: def.variant,
  values: def.values.map((name) => ({ id: (valueId += 2) - 2, name })),
}))

const optionByName = new Map(options.map((o) => [o.name, o]))
export const optionById = new Map(options.map((o) => [o.id, o]))

/** The non-variant options of a top-level branch. */
const plainOptions: Record<string, OptionName[]> = {
  Giyim: ['Kumaş Cinsi', 'Kalıp'],
  Ayakkabı: ['Materyal', 'Taban Malzemesi'],
  Çanta: ['Materyal'],
  Elektronik: ['Garanti Süresi'],
  'Ev & Yaşam': ['Materyal'],
  Kozmetik: ['Cilt Tipi'],
  'Saat & Aksesuar': ['Materyal'],
  'Spor & Outdoor': ['Materyal'],
  'Anne & Bebek': ['Yaş Grubu'],
}

function variantOptionsOf(leaf: CatalogCategory): OptionName[] {
  switch (leaf.variants) {
    case 'apparel':
      return ['Renk', 'Beden']
    case 'shoes':
      return ['Renk', 'Numara']
    case 'color':
      return ['Renk']
    case 'capacity':
      return [leaf.capacity ?? 'Kapasite']
    case 'none':
      return []
  }
}

/** Categories of the marketplace the seller does not sell in, with the document's own ids. */
const extraBranches = [
  {
    id: 249,
    name: 'Din ve Törenler',
    groups: [
      {
        id: 250,
        name: 'Anma Töreni Malzemeleri',
        leaves: [{ id: 251, name: 'Kül Saklama Küpleri' }],
      },
      {
        id: 252,
        name: 'Dini Eşyalar',
        leaves: [
          { id: 253, name: 'Başörtüleri' },
          { id: 254, name: 'Dini Sunaklar' },
        ],
      },
    ],
  },
  {
    id: 255,
    name: 'Bilgisayar',
    groups: [{ id: 256, name: 'Yazılım', leaves: [{ id: 257, name: 'Eğitim Yazılımları' }] }],
  },
]
const extraBrands = ['Markasız', 'Nurdan', 'Eğitim Dünyası']

const brandNames = [...new Set([...categoryTree.flatMap(branchBrands), ...extraBrands])].sort(
  (a, b) => a.localeCompare(b, 'tr'),
)
export const brands: readonly { id: number; name: string }[] = brandNames.map((name, i) => ({
  id: 101 + i * 3,
  name,
}))
const brandByName = new Map(brands.map((b) => [b.name, b]))

function branchBrands(branch: (typeof categoryTree)[number]): string[] {
  return branch.children.flatMap((group) => group.children.flatMap((leaf) => [...leaf.brands]))
}

function buildTree(): Category[] {
  const tree: Category[] = []
  for (const branch of extraBranches) {
    tree.push({
      ...node(branch.id, 0, branch.name),
      children: branch.groups.map((group) => ({
        ...node(group.id, branch.id, group.name),
        children: group.leaves.map((leaf) => ({
          ...node(leaf.id, group.id, leaf.name),
          optionIds: [optionByName.get('Materyal')!.id],
          brandIds: extraBrands.map((name) => brandByName.get(name)!.id),
        })),
      })),
    })
  }
  let next = 2401
  for (const branch of categoryTree) {
    const top = node(next++, 0, branch.name)
    tree.push(top)
    for (const group of branch.children) {
      const mid = node(next++, top.id, group.name)
      top.children.push(mid)
      for (const leaf of group.children) {
        const names = [...variantOptionsOf(leaf), ...(plainOptions[branch.name] ?? [])]
        mid.children.push({
          ...node(next++, mid.id, leaf.path[2]),
          optionIds: names.map((name) => optionByName.get(name)!.id),
          brandIds: leaf.brands.map((name) => brandByName.get(name)!.id),
          source: leaf,
        })
      }
    }
  }
  return tree
}

function node(id: number, parentId: number, name: string): Category {
  return { id, parentId, name, children: [], optionIds: [], brandIds: [] }
}

export const categoryTreeWithIds: readonly Category[] = buildTree()

export const categoryById = new Map<number, Category>()
const visit = (list: readonly Category[]) =>
  list.forEach((c) => {
    categoryById.set(c.id, c)
    visit(c.children)
  })
visit(categoryTreeWithIds)

export function isLeaf(category: Category): boolean {
  return category.children.length === 0
}

/** The leaf category the shared catalogue's `path` lands in. */
export function categoryForPath(path: readonly string[]): Category {
  const found = [...categoryById.values()].find(
    (c) => c.source && c.source.path.join('>') === path.join('>'),
  )
  if (!found) throw new Error(`no Narwoo category for ${path.join(' > ')}`)
  return found
}

export function optionsOf(category: Category): Option[] {
  return category.optionIds.map((id) => optionById.get(id)!)
}

export function brandsOf(category: Category): { id: number; name: string }[] {
  return category.brandIds.map((id) => brands.find((b) => b.id === id)!)
}

/** An option of the category by name, and the value by name, compared as Turkish text. */
export function findOption(category: Category, name: string): Option | undefined {
  return optionsOf(category).find((o) => sameName(o.name, name))
}

export function findValue(option: Option, name: string): { id: number; name: string } | undefined {
  return option.values.find((v) => sameName(v.name, name))
}

export function findBrand(
  category: Category,
  name: string,
): { id: number; name: string } | undefined {
  return brandsOf(category).find((b) => sameName(b.name, name))
}

// the document's list example numbers Aras Kargo 1 and names UPS as the integration carrier
export const cargoCompanies: readonly CargoCompany[] = [
  {
    id: 1,
    name: 'Aras Kargo',
    trackingLink: (n) => `https://kargotakip.araskargo.com.tr/mainpage.aspx?code=${n}`,
  },
  {
    id: 2,
    name: 'Yurtiçi Kargo',
    trackingLink: (n) =>
      `https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=${n}`,
  },
  {
    id: 3,
    name: 'MNG Kargo',
    trackingLink: (n) => `https://kargotakip.mngkargo.com.tr/?takipNo=${n}`,
  },
  {
    id: 4,
    name: 'PTT Kargo',
    trackingLink: (n) => `https://gonderitakip.ptt.gov.tr/Track/Verify?q=${n}`,
  },
  {
    id: 5,
    name: 'Sürat Kargo',
    trackingLink: (n) => `https://suratkargo.com.tr/KargoTakip/?kargotakipno=${n}`,
  },
  { id: 6, name: 'UPS', trackingLink: (n) => `//www.ups.com.tr/WaybillSorgu.aspx?Waybill=${n}` },
]

export const INTEGRATION_CARRIER = 'UPS'

export function findCargoCompany(name: string): CargoCompany | undefined {
  return cargoCompanies.find((c) => sameName(c.name, name))
}
