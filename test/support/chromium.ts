/**
 * Debian's Chromium for the browser tests, driven by playwright-core (never a browser download):
 * `.ci/run` installs it; a test run as root installs it when missing (a fresh machine), and a browser
 * test without it fails with the reason, never skips.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const CHROMIUM = '/usr/bin/chromium'

/** The flags shared/reference/stack-notes.md gives: no sandbox, no network of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** The browser's path once it is there; throws why it cannot be had. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM
  if (process.getuid?.() !== 0)
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (as root), then run again`)
  const options = { stdio: 'ignore' as const, timeout: 600_000 }
  execFileSync('apt-get', ['update'], options)
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], options)
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is still missing after apt-get install`)
  return CHROMIUM
}
