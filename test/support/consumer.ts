/**
 * Someone else's project with kopru installed from `npm pack`'s tarball, offline: its lockfile is
 * cut from kopru's own (the tarball, its dependencies and the consumer's own dev tools, each at the
 * version and integrity kopru locks), so `npm ci --offline` takes every package from npm's cache,
 * where kopru's own `npm ci` put them.
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

interface LockEntry {
  version?: string
  resolved?: string
  integrity?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  dev?: boolean
  devOptional?: boolean
  [key: string]: unknown
}

const root = join(import.meta.dirname, '..', '..')
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string
  license: string
  engines: Record<string, string>
  bin: Record<string, string>
  dependencies: Record<string, string>
}

/** Where Node finds `name` from the package at `from` (`node_modules/a/node_modules/b`, or ''). */
function locate(name: string, from: string): string | undefined {
  for (let dir = from; ;) {
    const path = `${dir ? `${dir}/` : ''}node_modules/${name}`
    if (lock.packages[path]) return path
    if (!dir) return undefined
    const at = dir.lastIndexOf('/node_modules/')
    dir = at < 0 ? '' : dir.slice(0, at)
  }
}

/** Every lock entry `names` need, transitively (required peers and optional binaries included). */
function closure(names: readonly string[]): Map<string, LockEntry> {
  const out = new Map<string, LockEntry>()
  const visit = (name: string, from: string) => {
    const path = locate(name, from)
    if (!path || out.has(path)) return
    const entry = lock.packages[path]!
    out.set(path, entry)
    const peers = Object.keys(entry.peerDependencies ?? {}).filter(
      (peer) => !entry.peerDependenciesMeta?.[peer]?.optional,
    )
    for (const dep of [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...peers,
    ])
      visit(dep, path)
  }
  for (const name of names) visit(name, '')
  return out
}

/**
 * Writes `package.json` and `package-lock.json` in `dir` for a project depending on the tarball
 * `tarball` (a file name in `dir`) and, as dev tools, on `devTools` at kopru's locked versions.
 */
export function writeConsumerProject(dir: string, tarball: string, devTools: readonly string[]) {
  const integrity = `sha512-${createHash('sha512')
    .update(readFileSync(join(dir, tarball)))
    .digest('base64')}`
  const devDependencies = Object.fromEntries(
    devTools.map((name) => [name, lock.packages[`node_modules/${name}`]!.version!]),
  )
  const dependencies = { kopru: `file:${tarball}` }
  const packages: Record<string, LockEntry> = {
    '': { name: 'shop', dependencies, devDependencies },
    'node_modules/kopru': {
      version: manifest.version,
      resolved: `file:${tarball}`,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  }
  for (const [path, entry] of closure([...Object.keys(manifest.dependencies), ...devTools])) {
    const { dev: _dev, devOptional: _devOptional, ...kept } = entry
    // a lockfile written with omit-lockfile-registry-resolved names no tarball: without one, npm
    // asks the registry for the package's metadata, which an offline install may not have cached
    packages[path] = { resolved: registryTarball(path, entry.version!), ...kept }
  }
  const project = { name: 'shop', private: true, type: 'module', dependencies, devDependencies }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(project, null, 2)}\n`)
  writeFileSync(
    join(dir, 'package-lock.json'),
    `${JSON.stringify({ name: 'shop', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  )
}

/** The registry's address of a package's tarball: `…/@scope/name/-/name-1.2.3.tgz`. */
function registryTarball(path: string, version: string): string {
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
  return `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`
}

/** The fenced TypeScript blocks of a document that start with `// file: <path>`, by path. */
export function documentedFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const [, body] of markdown.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const named = /^\/\/ file: (\S+)\n/.exec(body!)
    if (named) files.set(named[1]!, body!.slice(named[0].length))
  }
  return files
}
