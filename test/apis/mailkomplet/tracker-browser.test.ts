/**
 * The typed tracker module in a real browser: a small shop page (on its own origin) loads
 * `kopru/mailkomplet/tracker`, which loads the emulator's tracking script; the shopper adds,
 * removes and checks out, and the emulator's carts match.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveEmulators, type Serving } from '../../../src/emulator/serve.ts'
import { CHROMIUM_ARGS, ensureChromium } from '../../support/chromium.ts'
import { setup, type Setup } from './support.ts'

/** What the page holds, typed here: the tests compile without DOM typings. */
interface Shop {
  shop: { run(email: string): Promise<boolean[]> }
  localStorage: { getItem(key: string): string | null }
}

const root = join(import.meta.dirname, '..', '..', '..')

const shopPage = (trackerUrl: string) => `<!doctype html>
<html lang="cs"><head><meta charset="utf-8"><title>Obchod</title></head>
<body><h1>Kopru e-shop</h1>
<script type="module">
  import { loadMkTracker, Currency } from '/tracker-module.js'
  const hrnek = { amount: 1, name: 'Hrnek s motivem Prahy', code: 'EA1000001', currency: Currency.CZK, price: 149, priceVat: 180.29, category: 'Domácnost', manufacturer: 'Český porcelán', url: location.origin + '/hrnek' }
  const kava = { amount: 2, name: 'Pražená káva 1 kg', code: 'EA1000002', currency: Currency.CZK, price: 459, priceVat: 555.39 }
  window.shop = {
    async run(email) {
      const mk = await loadMkTracker({ instance: 'kopru-shop', scriptUrl: ${JSON.stringify(trackerUrl)} })
      const results = []
      results.push(await mk.addBasketItem(hrnek))
      results.push(await mk.addBasketItem({ ...hrnek, amount: 2 }))
      results.push(await mk.addBasketItem(kava))
      results.push(await mk.removeBasketItem({ ...kava, amount: 1 }))
      results.push(await mk.identifyVisitor(email))
      results.push(await mk.pushEvent('checkout-started', { step: 1 }))
      results.push(await mk.sessionCompleted('OBJ-2026-001'))
      return results
    },
  }
</script></body></html>`

describe('the tracker in Chromium', () => {
  let s: Setup
  let serving: Serving
  let shop: Server
  let browser: Browser
  let shopUrl = ''

  beforeAll(async () => {
    s = setup()
    serving = await serveEmulators([s.e as never])
    const trackerUrl = `${new URL(serving.served[0]!.baseUrl).origin}/tracker.js`
    const bundle = await build({
      entryPoints: [join(root, 'src/apis/mailkomplet/tracker.ts')],
      bundle: true,
      format: 'esm',
      write: false,
      platform: 'browser',
    })
    const moduleText = bundle.outputFiles[0]!.text
    shop = createServer((req, res) => {
      if (req.url === '/tracker-module.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(moduleText)
      } else
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shopPage(trackerUrl))
    })
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve))
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`
    browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS })
  }, 900_000) // a fresh machine installs Chromium first

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => shop?.close(resolve))
    await serving?.close()
  })

  it('adds, removes and checks out; the emulator’s cart matches', async () => {
    const page = await browser.newPage()
    await page.goto(shopUrl)
    await page.waitForFunction(() => 'shop' in globalThis)
    const contact = s.state.data.contacts[0]!
    const results = await page.evaluate(
      (email) => (globalThis as unknown as Shop).shop.run(email),
      contact.email,
    )
    expect(results).toEqual([true, true, true, true, true, true, true])
    const visitorId = await page.evaluate(() =>
      (globalThis as unknown as Shop).localStorage.getItem('mkTrackerVisitor'),
    )
    const cart = s.state.data.carts.find((c) => c.visitorId === visitorId)!
    expect(cart).toMatchObject({
      status: 'converted',
      orderId: 'OBJ-2026-001',
      email: contact.email,
      contactId: contact.contactId,
    })
    expect(cart.items.map(({ code, amount }) => ({ code, amount }))).toEqual([
      { code: 'EA1000001', amount: 3 },
      { code: 'EA1000002', amount: 1 },
    ])
    expect(s.state.data.trackerEvents.at(-1)).toMatchObject({
      name: 'checkout-started',
      visitorId,
    })
    await page.close()
  }, 30_000)
})
