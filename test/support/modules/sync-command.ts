/**
 * Loads what `kopru sync` loads for a kopru.yaml of Softtr and Setrow: its command, then its
 * clients. Run as a child with `register.mjs`, which reports every module loaded.
 */
import { buildProgram } from '../../../src/cli/main.ts'
import { configSchema } from '../../../src/sync/config.ts'
import { clientsFromConfig } from '../../../src/sync/recipes.ts'

await buildProgram('sync')
const config = configSchema.parse({
  connections: {
    softtr: { baseUrl: 'http://127.0.0.1:4402/api', env: { username: 'U', password: 'P' } },
    setrow: { baseUrl: 'http://127.0.0.1:4401', env: { apiKey: 'K' } },
  },
  pipelines: { 'customers-and-orders': { from: ['softtr'] } },
})
const clients = await Promise.resolve(clientsFromConfig(config, {}, { U: 'u', P: 'p', K: 'k' }))
process.stdout.write(JSON.stringify(Object.keys(clients)))
