/** `kopru consent show <email|gsm>`: a person's consent ledger, across every marketing tool. */
import { Command } from 'commander'
import {
  consentChannels,
  consentPerson,
  consentStanding,
  consentVerdict,
  type ConsentEntry,
} from '../../model/consent.ts'
import { UsageError, chosenState, withState, type StateChoice } from '../util.ts'

/** What the ledger shows of one person: every entry and the standing per channel. */
export function formatLedger(person: string, entries: readonly ConsentEntry[]): string {
  if (!entries.length) return `${person}: nothing recorded (no tool has reported a say)\n`
  const lines = [`${person}`]
  for (const channel of consentChannels) {
    const verdict = consentVerdict(entries, person, channel)
    if (verdict)
      lines.push(
        `  ${channel}: ${verdict.status} (${verdict.decidedBy.tool} ${verdict.decidedBy.reason}, ${verdict.decidedBy.at})`,
      )
  }
  lines.push('  ledger, as recorded:')
  for (const e of entries)
    lines.push(
      `    #${e.seq} ${e.at} ${e.channel} ${e.status} via ${e.tool} (${e.reason}${e.source ? `, source ${e.source}` : ''}) recorded ${e.recordedAt}`,
    )
  return `${lines.join('\n')}\n`
}

export function consentCommand(): Command {
  const command = new Command('consent').description(
    "the consent ledger: who said what, through which tool, when (kopru.yaml's consent pipeline)",
  )
  command
    .command('show')
    .description("print a person's ledger and their standing per channel")
    .argument(
      '<address...>',
      'an e-mail address or a GSM number (0532 123 45 67, +90 532 …; spaces allowed)',
    )
    .option('-c, --config <file>', 'the configuration file', 'kopru.yaml')
    .option('--json', 'print {person, verdicts, entries} as JSON')
    .option('--tenant <name>', "a tenant's ledger (kopru tenants list)")
    .option('--state <url>', 'with --tenant: the PostgreSQL state (default: KOPRU_STATE_URL)')
    .action(async (words: string[], options: StateChoice & { json?: boolean }) => {
      const address = words.join(' ')
      const person = consentPerson(address)
      if (!person)
        throw new UsageError(
          `${JSON.stringify(address)} is neither an e-mail address nor a Turkish GSM number`,
        )
      const { statePath, tenant } = chosenState(options)
      await withState(
        statePath,
        async (store) => {
          const entries = await store.consentOf([person])
          if (!options.json) return void process.stdout.write(formatLedger(person, entries))
          const verdicts = consentStanding(entries, person)
          process.stdout.write(`${JSON.stringify({ person, verdicts, entries })}\n`)
        },
        tenant,
      )
    })
  return command
}
