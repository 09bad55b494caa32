/**
 * `kopru/mailkomplet/tracker`: Mail Komplet's cart tracker in a shop page, typed. Loads the
 * tracking script (the vendor's, or a kopru emulator's `/tracker.js`) once and gives the seed's
 * six functions with its `CartItem`. Browser-only; no runtime dependency (the zod schema it types
 * from is imported as a type).
 *
 * @example
 * import { loadMkTracker, Currency } from 'kopru/mailkomplet/tracker'
 * const mk = await loadMkTracker({ instance: 'my-shop-id' }) // or { scriptUrl: 'http://127.0.0.1:4405/tracker.js', instance }
 * await mk.addBasketItem({ code: 'EA123', name: 'Hrnek', amount: 1, price: 149, currency: Currency.CZK })
 */
import type { CartItem } from './tracker-schema.ts'

export type { CartItem, CurrencyCode } from './tracker-schema.ts'

/** The seed's currency codes: CZK 5, EUR 7, USD 32, GBP 33. */
export const Currency = { CZK: 5, EUR: 7, USD: 32, GBP: 33 } as const

/** The vendor's script; `instance` is the shop identity Mail Komplet sends after activation. */
export const MAILKOMPLET_TRACKER_URL = 'https://tracker.mail-komplet.cz/tracker.js'

export interface MkTracker {
  /** replaces the whole cart (the vendor recommends it) */
  updateBasketContent(items: CartItem[]): Promise<boolean>
  /** adds an item; the same `code` and `variant` merge into one line */
  addBasketItem(item: CartItem): Promise<boolean>
  /** takes `item.amount` of the item off the cart */
  removeBasketItem(item: CartItem): Promise<boolean>
  /** the cart became order `orderId` */
  sessionCompleted(orderId: string, email?: string): Promise<boolean>
  /** pairs the visitor with an address (login, order, newsletter sign-up) */
  identifyVisitor(email: string): Promise<boolean>
  /** a custom event that starts an automation */
  pushEvent(eventName: string, customData?: Record<string, unknown>): Promise<boolean>
}

export interface LoadOptions {
  instance: string
  /** where the script is (default the vendor's); an emulator serves it at `<origin>/tracker.js` */
  scriptUrl?: string
  /** give up after this long (default 10 s) */
  timeoutMs?: number
}

// the few DOM shapes used, so that this module needs no DOM typings to compile
interface ScriptElement {
  src: string
  async: boolean
  onload: (() => void) | null
  onerror: (() => void) | null
}
interface Page {
  document: {
    createElement(tag: 'script'): ScriptElement
    head: { appendChild(node: ScriptElement): void }
  }
  MkTracker?: Partial<MkTracker>
}

const loading = new Map<string, Promise<MkTracker>>()

/** Loads the tracking script once per URL and resolves with the typed tracker. */
export function loadMkTracker({
  instance,
  scriptUrl = MAILKOMPLET_TRACKER_URL,
  timeoutMs = 10_000,
}: LoadOptions): Promise<MkTracker> {
  const page = globalThis as unknown as Page
  const url = `${scriptUrl}${scriptUrl.includes('?') ? '&' : '?'}instance=${encodeURIComponent(instance)}`
  const known = loading.get(url)
  if (known) return known
  const loaded = new Promise<MkTracker>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tracker not loaded from ${url}`)), timeoutMs)
    const script = page.document.createElement('script')
    script.src = url
    script.async = true
    script.onload = () => {
      clearTimeout(timer)
      const tracker = page.MkTracker
      if (!tracker?.addBasketItem) reject(new Error(`${url} did not define MkTracker`))
      else resolve(wrap(tracker as MkTracker))
    }
    script.onerror = () => {
      clearTimeout(timer)
      loading.delete(url)
      reject(new Error(`tracker script failed to load from ${url}`))
    }
    page.document.head.appendChild(script)
  })
  loading.set(url, loaded)
  return loaded
}

/** Every call as a promise, whether the script returns one (kopru's) or nothing (the vendor's). */
function wrap(tracker: MkTracker): MkTracker {
  const call =
    <A extends unknown[]>(fn: (...args: A) => unknown) =>
    async (...args: A) => {
      const result = await fn.apply(tracker, args)
      return result !== false
    }
  return {
    updateBasketContent: call(tracker.updateBasketContent),
    addBasketItem: call(tracker.addBasketItem),
    removeBasketItem: call(tracker.removeBasketItem),
    sessionCompleted: call(tracker.sessionCompleted),
    identifyVisitor: call(tracker.identifyVisitor),
    pushEvent: call(tracker.pushEvent),
  }
}
