/** `kopru openapi`: an API's OpenAPI 3.1 document, derived from its operation records. */
import { writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { apiNames } from '../../apis/registry.ts'
import { toOpenApi } from '../../core/openapi.ts'
import { entryOf } from '../util.ts'
import { version } from '../version.ts'

export function openapiCommand(): Command {
  return new Command('openapi')
    .description('print the OpenAPI 3.1 document of an API')
    .argument('<api>', `one of ${apiNames.join(', ')}`)
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action((name: string, options: { out?: string }) => {
      const text = `${JSON.stringify(toOpenApi(entryOf(name).api, version), null, 2)}\n`
      if (options.out) writeFileSync(options.out, text)
      else process.stdout.write(text)
    })
}
