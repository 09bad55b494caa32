/**
 * The consent pipeline's own mechanism, vendor-free: what each tool reports goes into the ledger
 * (`ledgerSink`), and the ledger's verdicts go out to each tool (`verdictSource` → `toTool`). The
 * tools' sources and sinks come from their rooms; `recipes-consent.ts` joins them.
 *
 * An echo (a tool reporting what kopru itself wrote there: the exclude-list entry kopru created)
 * is no new say of the person's: it is left out of the ledger, known by the mapping of what kopru
 * last wrote to that tool.
 */
import { contentHash } from '../core/hash.ts'
import type { Outcome, Sink, Source } from '../model/connector.ts'
import {
  consentVerdict,
  type ConsentEvent,
  type ConsentSink,
  type ConsentVerdict,
} from '../model/consent.ts'

/** the ledger entries one page of verdicts is made from */
const PAGE = 500

/** The stream that writes the ledger's verdicts to `tool` (its mapping scope). */
export const toolStream = (tool: string) => `to-${tool}`

export const verdictKey = (person: string, channel: string) => `${person}|${channel}`

/** What a verdict leaves at its destination, kept with its mapping to tell echoes. */
interface Written {
  status: ConsentVerdict['status']
}

/** Records a tool's reports in the ledger, each once, echoes of kopru's own writes left out. */
export function ledgerSink(tool: string): Sink<ConsentEvent> {
  return {
    name: 'consent ledger',
    batchSize: PAGE,
    concurrency: 1,
    async write(batch, ctx) {
      const keys = batch.map((p) => verdictKey(p.record.person, p.record.channel))
      const scope = `${ctx.pipeline}/${toolStream(tool)}`
      const written = await ctx.store.mappings(scope, keys)
      // what kopru was writing when a run died: its mapping never came
      const writing = new Map(
        (await ctx.store.intents(scope)).map((i) => [i.key, i.data as Written]),
      )
      const said = batch.filter((p, i) => {
        const ours = (writing.get(keys[i]!) ?? written.get(keys[i]!)?.data) as Written | undefined
        return ours?.status !== p.record.status
      })
      const recorded = new Set(
        (await ctx.store.recordConsent(said.map((p) => p.record))).map((e) => e.ref),
      )
      // an echo, or an event the ledger had from elsewhere (a webhook), is no new record: skipped,
      // so a run that only meets its own writes again reports nothing written
      return batch.map((p): Outcome => ({
        ok: true,
        ...(recorded.has(p.key) ? {} : { skipped: true }),
      }))
    },
  }
}

/**
 * The verdicts the ledger's new entries change: for each person and channel an entry recorded
 * after the cursor (a ledger sequence number) names, the standing over all their entries.
 */
export function verdictSource(): Source<ConsentVerdict> {
  return {
    async *read(ctx) {
      let after = typeof ctx.cursor === 'number' ? ctx.cursor : 0
      for (;;) {
        const entries = await ctx.store.consentAfter(after, PAGE)
        if (!entries.length) return
        const pairs = new Map(entries.map((e) => [verdictKey(e.person, e.channel), e]))
        const all = await ctx.store.consentOf([...new Set(entries.map((e) => e.person))])
        const records = [...pairs].flatMap(([key, { person, channel }]) => {
          const verdict = consentVerdict(all, person, channel)
          if (!verdict) return []
          const data: Written = { status: verdict.status }
          return [{ key, record: verdict, data }]
        })
        after = entries.at(-1)!.seq
        yield { records, cursor: after }
      }
    },
  }
}

/**
 * A tool's sink as the pipeline uses it: a verdict goes to a tool only when it takes it and does not
 * hold it already (its own latest say is the verdict, unless the sink rewrites such ones). A
 * verdict is new only when its standing (and an opt-in's source) changed: a person who says no
 * twice is written to once. Before writing, it leaves an intent per person: a run killed after the
 * write and before its commit does not take the tool's echo for the person's say (`ledgerSink`);
 * the stream's next start clears them, its mappings then standing for them.
 *
 * What is not written counts as skipped, not as created or updated. A verdict the tool does not
 * take leaves the mapping as it was: it keeps what kopru last wrote there, which the tool may
 * still report (an opt-out kopru wrote, after an opt-in the tool never takes) and must stay an
 * echo. One the tool holds already (by its own say, or as the sink found: `ConsentSink`) is
 * answered `held`: remembered as its mapping, so its reports of it are no news and the verdict
 * is not planned again.
 */
export function toTool(sink: ConsentSink): Sink<ConsentVerdict> {
  return {
    name: sink.name,
    batchSize: sink.batchSize,
    ...(sink.concurrency ? { concurrency: sink.concurrency } : {}),
    hash: (v) =>
      contentHash([v.status, v.status === 'allowed' ? (v.decidedBy.source ?? null) : null]),
    async recover(ctx) {
      const left = await ctx.store.intents(ctx.scope)
      if (left.length)
        await ctx.store.commit({
          pipeline: ctx.pipeline,
          scope: ctx.scope,
          clearIntents: left.map((i) => i.key),
        })
    },
    async write(batch, ctx) {
      const held = (v: ConsentVerdict) =>
        v.heardBy.includes(sink.tool) && !(sink.rewritesOwn?.(v) ?? false)
      const due = batch.filter(({ record: v }) => sink.takes(v) && !held(v))
      if (due.length && !ctx.dryRun)
        await ctx.store.commit({
          pipeline: ctx.pipeline,
          scope: ctx.scope,
          putIntents: due.map((p) => ({ key: p.key, data: { status: p.record.status } })),
        })
      const written = due.length ? await sink.write(due, ctx) : []
      const outcomes = new Map(due.map((p, i) => [p, written[i]!]))
      return batch.map(
        (p) =>
          outcomes.get(p) ??
          (sink.takes(p.record) ? { ok: true, held: true } : { ok: true, skipped: true }),
      )
    },
  }
}
