/** `kopru endpoints`: the inventory of documented operations and what implements them. */
import { Command } from 'commander'
import { documented, inventory } from '../../apis/inventory.ts'
import { unknownApi, UsageError } from '../util.ts'

const NOT_YET = '(not yet)'
const documentedApis = [...new Set(documented.map((d) => d.api))]

export function endpointsCommand(): Command {
  return new Command('endpoints')
    .description('list every operation with whether the client and the emulator implement it')
    .option('--api <name>', `only this API: ${documentedApis.join(', ')}`)
    .option(
      '--json',
      'print a JSON array of {api, id, method, path, client, emulator}; id is absent for a documented operation not implemented yet',
    )
    .action((options: { api?: string; json?: boolean }) => {
      if (options.api && !documentedApis.includes(options.api))
        throw new UsageError(unknownApi(options.api, documentedApis))
      const rows = inventory().filter((row) => !options.api || row.api === options.api)
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`)
        return
      }
      const mark = (on: boolean) => (on ? 'yes' : ' - ')
      const width = Math.max(...rows.map((r) => (r.id ?? NOT_YET).length), 9)
      const lines = [
        `${'api'.padEnd(12)} ${'operation'.padEnd(width)} client emulator  method path`,
      ]
      for (const r of rows) {
        lines.push(
          `${r.api.padEnd(12)} ${(r.id ?? NOT_YET).padEnd(width)} ${mark(r.client).padEnd(6)} ${mark(r.emulator).padEnd(8)}  ${r.method.padEnd(6)} ${r.path}`,
        )
      }
      const done = rows.filter((r) => r.client && r.emulator).length
      lines.push(
        '',
        `${done} of ${rows.length} documented operations implemented in client and emulator`,
      )
      process.stdout.write(`${lines.join('\n')}\n`)
    })
}
