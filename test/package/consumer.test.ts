/**
 * kopru installed into someone else's project, as `npm install kopru` gives it: the tarball
 * `npm pack` makes (built by the package's own build step), installed offline into a new project
 * whose files are the examples of docs/testing.md. They type-check under strict tsc with both
 * module resolutions, run on plain Node, under node:test and under vitest, and `npx kopru` runs.
 */
import { execFile } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentedFiles, writeConsumerProject } from '../support/consumer.ts'

const root = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)
const work = mkdtempSync(join(tmpdir(), 'kopru-consumer-'))
const shop = join(work, 'shop')
let tarball = ''
let packed: string[] = []

/** Runs a command in the shop; its output on failure says why. */
async function inShop(command: string, args: string[], timeout = 120_000) {
  try {
    return await run(command, args, { cwd: shop, timeout, env: { ...process.env, NO_COLOR: '1' } })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`, { cause: error })
  }
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const strict = {
  strict: true,
  target: 'es2022',
  skipLibCheck: false,
  types: ['node'],
  allowImportingTsExtensions: true,
}

beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: root,
    timeout: 240_000,
  })
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[]
  tarball = info!.filename
  packed = info!.files.map((f) => f.path)
  mkdirSync(shop)
  cpSync(join(work, tarball), join(shop, tarball))
  writeConsumerProject(shop, tarball, ['@types/node', 'vitest'])
  for (const [path, text] of documentedFiles(readFileSync(join(root, 'docs/testing.md'), 'utf8'))) {
    mkdirSync(dirname(join(shop, path)), { recursive: true })
    writeFileSync(join(shop, path), text)
  }
  const config = (compilerOptions: object) =>
    JSON.stringify({ compilerOptions: { ...strict, ...compilerOptions }, include: ['src', 'test'] })
  writeFileSync(
    join(shop, 'tsconfig.json'),
    config({
      module: 'nodenext',
      moduleResolution: 'nodenext',
      outDir: 'out',
      rootDir: '.',
      rewriteRelativeImportExtensions: true,
    }),
  )
  writeFileSync(
    join(shop, 'tsconfig.bundler.json'),
    config({ module: 'esnext', moduleResolution: 'bundler', noEmit: true }),
  )
  await inShop('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'])
}, 400_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('kopru installed from its tarball', () => {
  it('holds compiled JavaScript with types, the CLI and the docs: no sources, tests or benches', () => {
    for (const file of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/emulators.js',
      'dist/apis/setrow/index.d.ts',
      'dist/apis/loyaltii/index.js',
      'dist/apis/loyaltii/index.d.ts',
      'openapi/loyaltii.json',
      'dist/apis/mailkomplet/index.js',
      'dist/apis/mailkomplet/index.d.ts',
      'dist/apis/mailkomplet/tracker.js',
      'dist/apis/mailkomplet/tracker.d.ts',
      'openapi/mailkomplet.json',
      'dist/cli/main.js',
      'bin/kopru.js',
      'docs/testing.md',
      'openapi/setrow.json',
    ])
      expect(packed).toContain(file)
    expect(
      packed.filter(
        (f) => /^(src|test|bench|scripts)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
      ),
    ).toEqual([])
    const declarations = readdirSync(join(shop, 'node_modules/kopru/dist/apis/setrow'))
      .filter((f) => f.endsWith('.d.ts'))
      .map((f) => readFileSync(join(shop, 'node_modules/kopru/dist/apis/setrow', f), 'utf8'))
    expect(declarations.join('\n')).not.toMatch(/from '\.{1,2}\/[^']+\.ts'/)
  })

  it('type-checks a consumer under strict tsc, with node16/nodenext and with bundler resolution', async () => {
    await inShop(process.execPath, [tsc, '-p', 'tsconfig.json'])
    await inShop(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'])
    // two full type-checks of kopru's declarations: seconds alone, a minute on a busy machine
  }, 240_000)

  it('runs on plain Node against an emulator started through kopru/emulator', async () => {
    const { stdout } = await inShop(process.execPath, ['out/src/in-process.js'])
    expect(JSON.parse(stdout)).toEqual({ orders: 50, requests: 1 })
  })

  it('runs the documented node:test and vitest recipes', async () => {
    const nodeTest = await inShop(process.execPath, ['--test', 'out/test/newsletter.node.test.js'])
    expect(nodeTest.stdout).toMatch(/# pass 2\n# fail 0/)
    const vitest = await inShop(process.execPath, [
      'node_modules/vitest/vitest.mjs',
      'run',
      'test/newsletter.test.ts',
    ])
    expect(vitest.stdout).toMatch(/Tests\s+2 passed/)
  }, 240_000)

  it('runs the CLI with npx kopru', async () => {
    const { stdout } = await inShop('npx', ['--offline', 'kopru', '--help'])
    expect(stdout).toMatch(/^Usage: kopru \[options\] \[command\]/)
    expect(stdout).toMatch(/emulate/)
  })
})
