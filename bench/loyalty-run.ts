/**
 * One `loyalty` run (from Softtr only) of `loyalty.bench.ts`, in a process of its own: config and
 * clients as `kopru sync` builds them from kopru.yaml (`loyalty: { from: [softtr] }`, every other
 * setting the recipe's default), the SQLite state store in `state`, the emulators of
 * `loyalty-emulators.ts` over loopback. Counts each HTTP exchange by operation (an `afterResponse`
 * hook) and answers one `LoyaltyRunReport` over the fork IPC channel.
 */
import { buildPipelines } from '../src/sync/recipes.ts'
import { jobOf, reportOnce } from './child-process.ts'
import { benchClients, measuredRun, type RunReport } from './pipeline-run.ts'
import type { Endpoint } from './served-emulators.ts'

export interface LoyaltyRunJob {
  softtr: Endpoint
  loyaltii: Endpoint
  /** the state file; a missing one is a first run */
  state: string
}

export type LoyaltyRunReport = RunReport

async function main(job: LoyaltyRunJob): Promise<LoyaltyRunReport> {
  const { config, clients, requests } = await benchClients(
    { softtr: job.softtr, loyaltii: job.loyaltii },
    { loyalty: { from: ['softtr'] } },
  )
  const pipeline = buildPipelines(config, clients).find((p) => p.name === 'loyalty')
  if (!pipeline) throw new Error('no loyalty pipeline built')
  return measuredRun(pipeline, job.state, requests)
}

reportOnce(main(jobOf<LoyaltyRunJob>(import.meta.url, 'loyalty.bench.ts')))
