/** `kopru openapi`: an API's OpenAPI 3.1 document, derived from its operation records. */
import { writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { apiNames } from '../../apis/registry.ts'
import { toOpenApi } from '../../core/openapi.ts'
import { CommandError } from '../util.ts'
import { entryOf } from '../api-entry.ts'
import { version } from '../version.ts'

export function openapiCommand(): Command {
  return new Command('openapi')
    .description('print the OpenAPI 3.1 document of an API')
    .argument('<api>', `one of ${apiNames.join(', ')}`)
    .option(
      '-o, --out <file>',
      'write to a file instead of standard output (byte for byte what openapi/<api>.json holds)',
    )
    .addHelpText(
      'after',
      `
The document is generated, formatted as JSON.stringify writes it, like the checked-in openapi/*.json.
In this repository, files named *.openapi.json are kept out of the formatter's check (.prettierignore),
as openapi/ is.

Examples:
  kopru openapi softtr > softtr.openapi.json
  kopru openapi setrow -o setrow.openapi.json`,
    )
    .action((name: string, options: { out?: string }) => {
      const entry = entryOf(name)
      const document = toOpenApi(entry.api, version)
      const text = `${JSON.stringify(document, null, 2)}\n`
      if (!options.out) {
        process.stdout.write(text)
        return
      }
      try {
        writeFileSync(options.out, text)
      } catch (error) {
        throw new CommandError(`cannot write ${options.out}: ${(error as Error).message}`)
      }
      const operations = Object.keys(entry.api.operations).length
      const size = Buffer.byteLength(text)
      process.stdout.write(
        `wrote ${options.out}: OpenAPI ${document.openapi} of ${entry.api.title}, ${operations} operations, ${(size / 1024).toFixed(0)} KiB\n`,
      )
    })
}
