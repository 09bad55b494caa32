/**
 * What a command holds is what it loads: V8 lets a process's garbage grow to a few times what stays
 * live before it collects, so every module held for nothing costs several times its size in peak
 * memory over a long sync (bench/sync.bench.ts).
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const support = (file: string) =>
  fileURLToPath(new URL(`../support/modules/${file}`, import.meta.url))

/** The modules a child running `script` loads, as paths under the repository or package names. */
async function modulesOf(script: string): Promise<{ stdout: string; modules: string[] }> {
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>(
    (resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', '--import', support('register.mjs'), support(script)],
        { timeout: 60_000 },
        (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })),
      ),
  )
  const modules = [...stderr.matchAll(/^loaded (.+)$/gm)].map(([, url]) => {
    const path = url!.startsWith('file:') ? fileURLToPath(url!) : url!
    const inPackage = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
    return inPackage ? `package ${inPackage[1]}` : path.replace(/^.*?\/(src|test)\//, '$1/')
  })
  return { stdout, modules: [...new Set(modules)] }
}

describe('kopru sync loads what it uses', () => {
  it('holds its own command and the clients of the connections kopru.yaml makes, nothing more', async () => {
    const { stdout, modules } = await modulesOf('sync-command.ts')
    expect(JSON.parse(stdout)).toEqual(['softtr', 'setrow'])
    // what it uses
    expect(modules).toEqual(
      expect.arrayContaining([
        'src/cli/commands/sync.ts',
        'src/sync/engine.ts',
        'src/apis/softtr/client.ts',
        'src/apis/setrow/client.ts',
      ]),
    )
    // the other commands, the emulators, the APIs it does not connect, the dashboard and queue
    const unused = modules.filter((m) =>
      /^src\/cli\/commands\/(?!sync\.ts)|\/emulator\/index\.ts$|^src\/apis\/registry\.ts$|^src\/apis\/(loyaltii|mailkomplet|narwoo)\/client\.ts$|^src\/web\/|^package (bullmq|ioredis|hono|@hono\/node-server)$/.test(
        m,
      ),
    )
    expect(unused).toEqual([])
  })
})
