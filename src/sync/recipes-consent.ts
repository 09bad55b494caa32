/**
 * The consent pipeline, assembled from `kopru.yaml` and the marketing tools' rooms: first each tool's
 * reports into the ledger, then the ledger's verdicts out to each tool (`consent.ts` says how).
 */
import { loyaltiiConsentSink, loyaltiiConsentSource } from '../apis/loyaltii/consent.ts'
import { mailkompletConsentSink, mailkompletConsentSource } from '../apis/mailkomplet/consent.ts'
import { setrowConsentSink, setrowConsentSource } from '../apis/setrow/consent.ts'
import type { ConsentEvent, ConsentSink } from '../model/consent.ts'
import type { Source } from '../model/connector.ts'
import type { KopruConfig } from './config.ts'
import { ledgerSink, toTool, toolStream, verdictSource } from './consent.ts'
import { need } from './recipe-parts.ts'
import type { Clients } from './recipes.ts'
import { defineStream, type PipelineDef, type StreamDef } from './stream.ts'

export const CONSENT = 'consent'

type ConsentConfig = NonNullable<KopruConfig['pipelines']['consent']>
type Tool = ConsentConfig['tools'][number]

function toolParts(
  tool: Tool,
  clients: Clients,
  config: ConsentConfig,
): { source: Source<ConsentEvent>; sink: ConsentSink } {
  switch (tool) {
    case 'setrow': {
      const setrow = need(clients, 'setrow', CONSENT)
      return {
        source: setrowConsentSource(setrow, { initialDays: config.initialDays }),
        sink: setrowConsentSink(setrow),
      }
    }
    case 'mailkomplet': {
      const mk = need(clients, 'mailkomplet', CONSENT)
      return { source: mailkompletConsentSource(mk), sink: mailkompletConsentSink(mk) }
    }
    case 'loyaltii': {
      const loyaltii = need(clients, 'loyaltii', CONSENT)
      return { source: loyaltiiConsentSource(loyaltii), sink: loyaltiiConsentSink(loyaltii) }
    }
  }
}

/** The streams that write the ledger's verdicts to the tools: all a webhook's opt-out needs. */
export function verdictStreams(config: ConsentConfig, clients: Clients): StreamDef[] {
  return config.tools.map((tool) =>
    defineStream({
      name: toolStream(tool),
      source: verdictSource(),
      sink: toTool(toolParts(tool, clients, config).sink),
    }),
  )
}

export function consentPipeline(config: ConsentConfig, clients: Clients): PipelineDef {
  return {
    name: CONSENT,
    description: 'opt-outs and hard bounces from every marketing tool into a ledger, then to all',
    streams: [
      ...config.tools.map((tool) =>
        defineStream({
          name: `from-${tool}`,
          source: toolParts(tool, clients, config).source,
          sink: ledgerSink(tool),
        }),
      ),
      ...verdictStreams(config, clients),
    ],
  }
}
