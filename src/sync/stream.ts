/**
 * The pieces a pipeline is made of: streams, each a source joined to a sink (the contract in
 * `src/model/connector.ts`), run in order by the engine (`engine.ts`).
 */
import type { Sink, Source } from '../model/connector.ts'

export interface StreamDef<R = unknown> {
  name: string
  /** mapping scope; streams that feed one destination share it (default: the stream's name) */
  scope?: string
  source: Source<R>
  sink: Sink<R>
}

export interface PipelineDef {
  name: string
  description?: string
  /** run in order: a later stream may read what an earlier one stored */
  streams: StreamDef[]
}

/** Keeps the record type of a stream while a pipeline holds streams of many types. */
export function defineStream<R>(stream: StreamDef<R>): StreamDef {
  return stream as unknown as StreamDef
}
