/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core): the overview, a
 * run followed live to its final counts, a dry run's diff confirmed, a dead letter retried once
 * its cause is fixed, a person's consent. Each page's screenshot is saved in
 * `test-results/dashboard/` (at desktop and phone width for the overview).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, ensureChromium } from '../support/chromium.ts'
import { startDashboard, type Dashboard } from '../support/dashboard.ts'

const shots = join(import.meta.dirname, '..', '..', 'test-results', 'dashboard')
let d: Dashboard
let origin: string
let browser: Browser
let page: Page
/** an address Setrow refuses (E128, junk) when the first run delivers its buyer */
let junk: string

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  d = await startDashboard()
  junk = d.world.softtr.state.orders.at(-1)!.invoiceDetails.invoiceMail.trim().toLowerCase()
  d.world.setrow.state.lists.junk.set(junk, { address: junk, date: '2026-11-01 10:00:00' })
  origin = await d.listen()
  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  // every confirmation is accepted, as a user clicking OK
  page.on('dialog', (dialog) => void dialog.accept())
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await d?.close()
})

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
const cell = (stream: string, count: string) =>
  page.locator(`[data-field="streams"] tr[data-stream="${stream}"] td[data-count="${count}"]`)
const number = (text: string | null) => Number((text ?? '').replace(/,/g, ''))

describe('the dashboard in a browser', () => {
  it('opens the overview with every pipeline, readable at phone width', async () => {
    await d.server.applier?.settled()
    await page.goto(`${origin}/`)
    await expect
      .poll(() => page.locator('section.pipeline h2').allTextContents())
      .toEqual([
        'inventory',
        'consent',
        'customers-and-orders',
        'catalog',
        'loyalty',
        'mailkomplet',
      ])
    expect(
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents(),
    ).toEqual(['Overview', 'Runs', 'Dead letters', 'Consent', 'Webhooks', 'Emulators'])
    await shot('overview')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.reload()
    // nothing wider than the phone's screen but the tables' own scrolling boxes
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')
    expect(overflow).toBeLessThanOrEqual(0)
    await shot('overview-phone')
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('starts a run from the overview and watches its counts move to the final figures', async () => {
    // slow enough to be seen moving: every Narwoo answer 40 ms late
    d.world.narwoo.chaos.configure({ latencyMs: [40, 40] })
    await page.goto(`${origin}/`)
    await page
      .locator('section[data-pipeline="customers-and-orders"] button[data-start]:not([data-dry])')
      .click()
    await page.waitForURL(/\/launches\/\d+$/)
    const seen = new Set<number>()
    for (;;) {
      const text = await cell('narwoo-orders', 'read')
        .textContent({ timeout: 100 })
        .catch(() => null)
      if (text !== null) seen.add(number(text))
      if ((await page.locator('body').getAttribute('data-state')) === 'succeeded') break
      await page.waitForTimeout(50)
    }
    d.world.narwoo.chaos.configure({})
    const runLink = page.locator('[data-field="run"] a')
    const runId = Number((await runLink.textContent())!.slice(1))
    const [run] = [(await d.store.run(runId))!]
    const final = run.counts['narwoo-orders']!
    for (const [stream, counts] of Object.entries(run.counts))
      for (const count of ['read', 'created', 'updated', 'skipped', 'failed'] as const)
        expect(number(await cell(stream, count).textContent()), `${stream} ${count}`).toBe(
          counts[count],
        )
    expect(final.read).toBeGreaterThan(100)
    // the buyer Setrow refuses is counted as failed, and kept as a dead letter
    expect(run.counts.customers!.failed).toBeGreaterThanOrEqual(1)
    // it moved: figures below the final one were shown on the way
    expect(
      [...seen].some((n) => n < final.read),
      [...seen].join(' '),
    ).toBe(true)
    expect(await page.locator('[data-field="requests"] tr[data-api="softtr"]').count()).toBe(1)
    await shot('run')
    await runLink.click()
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Run #${runId}`)
    await shot('run-summary')
  })

  it('opens a dry run’s diff, then runs it for real from the same page', async () => {
    await page.goto(`${origin}/`)
    await page
      .locator('section[data-pipeline="catalog"] button[data-start]:not([data-dry])')
      .click()
    await page.waitForURL(/\/launches\/\d+$/)
    await page.locator('body[data-state="succeeded"]').waitFor()
    const product = d.world.softtr.state.products[0]!
    const was = product.mainProductPrice
    product.mainProductPrice = was + 25
    await page.goto(`${origin}/`)
    await page.locator('section[data-pipeline="catalog"] button[data-start][data-dry]').click()
    await page.waitForURL(/\/launches\/\d+$/)
    await page.locator('body[data-state="succeeded"]').waitFor()
    await page.getByRole('link', { name: 'See what it would write' }).click()
    await page.waitForURL(/\/diff$/)
    const changed = page.locator('section.diff.update tr', {
      has: page.locator('td.before', { hasText: String(was) }),
    })
    await expect.poll(() => changed.count()).toBeGreaterThan(0)
    expect(await changed.first().locator('td.after').textContent()).toBe(String(was + 25))
    await shot('dry-run-diff')
    const setrowPrice = () =>
      [...d.world.setrow.state.products.values()].some((p) =>
        JSON.stringify(p).includes(String(was + 25)),
      )
    expect(setrowPrice()).toBe(false)
    await page.getByRole('button', { name: 'Run it for real' }).click()
    await page.waitForURL(/\/launches\/\d+$/)
    await page.locator('body[data-state="succeeded"]').waitFor()
    expect(await cell('products', 'updated').textContent()).toBe('1')
    expect(setrowPrice()).toBe(true)
  })

  it('retries a dead letter after its cause is fixed, and it leaves the list', async () => {
    const open = await d.store.deadLetters({ status: 'open', code: 'E128' })
    expect(open.map((l) => l.key)).toContain(junk)
    const letter = open.find((l) => l.key === junk)!

    await page.goto(`${origin}/dead-letters`)
    await page.getByLabel('Vendor code').selectOption('E128')
    await page.waitForURL(/code=E128/)
    const row = page.locator(`tr[data-letter="${letter.id}"]`)
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('junk address')
    await shot('dead-letters')
    d.world.setrow.state.lists.junk.delete(junk)
    await row.getByRole('checkbox').check()
    await page.getByRole('button', { name: 'Retry selected' }).click()
    await expect.poll(() => page.locator('[data-outcome]').textContent()).toMatch(/1 delivered/)
    await page.waitForLoadState('load')
    await expect.poll(async () => (await page.goto(page.url()), row.count())).toBe(0)
    expect(d.world.setrow.state.contacts.email.has(junk)).toBe(true)
    expect((await d.store.deadLetters({ ids: [letter.id] }))[0]!.status).toBe('resolved')
  })

  it("looks up a person's consent", async () => {
    const blocked = [...d.world.setrow.state.lists.unsubscribeEmail.keys()][0]!
    await d.space.launches.settled((await d.space.launches.start('consent', false)).id)
    await page.goto(`${origin}/consent`)
    // by keyboard alone: past the skip link and the menu to the field, typed, Enter
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.id')).toBe('address')
    await page.keyboard.type(blocked.toUpperCase())
    await page.keyboard.press('Enter')
    await page.waitForURL(/address=/)
    expect(await page.locator('h2').first().textContent()).toBe(blocked)
    expect(await page.locator('[data-channel="email"] .badge').textContent()).toBe('denied')
    expect(await page.locator('table.ledger tbody tr').count()).toBeGreaterThan(0)
    await shot('consent')
  })

  it('draws each pipeline’s records written per run', async () => {
    await page.goto(`${origin}/`)
    // catalog has run twice for real by now: a chart of its two runs
    const chart = page.locator('[data-chart="catalog"] canvas')
    await chart.waitFor()
    expect(await chart.count()).toBe(1)
    expect(await page.locator('[data-chart="loyalty"]').textContent()).toBe('No runs yet.')
    await shot('overview-after-runs')
  })

  it('shows the emulators, the webhooks and the runs', async () => {
    for (const [path, name] of [
      ['/emulators', 'emulators'],
      ['/webhooks', 'webhooks'],
      ['/runs', 'runs'],
    ] as const) {
      const response = await page.goto(`${origin}${path}`)
      expect(response!.status()).toBe(200)
      await shot(name)
    }
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(3)
  })
})
