/**
 * Segments on the wire: `SegmentDto` (Help Page, POST Segments/ContactIds), the list segment's
 * create body, and the segment ids the contact counts take.
 */
import { z } from 'zod'
import { enumName, jsonInt } from '../codecs.ts'
import { ids } from './common.ts'

/** `SegmentType` of the .NET client. */
export const SegmentType = { VisualBuilder: 1, Sql: 2, List: 3, SegmentTemplate: 4 } as const
export type SegmentType = keyof typeof SegmentType

/** The most contact ids a list segment is made from in one call (assumed). */
export const MAX_SEGMENT_CONTACTS = 100_000

export const readSegment = z
  .object({
    Id: z.number().int(),
    Name: z.string(),
    FolderId: z.number().int(),
    Type: enumName(SegmentType),
    Description: z.string().nullable(),
  })
  .describe('SegmentDto')
  .meta({
    examples: [
      {
        Id: 2,
        Name: 'Guld-medlemmer',
        FolderId: 2,
        Type: 'VisualBuilder',
        Description: 'Medlemmer på guldniveau',
      },
    ],
  })

/** `SegmentContactIdsDto`: a List segment of these contacts. */
export const createListSegment = z.object({
  FolderId: jsonInt(),
  Name: z.string().min(1).max(100),
  Description: z.string().max(500).nullish(),
  ContactIds: ids(MAX_SEGMENT_CONTACTS).describe('contacts no longer there are left out'),
})

/** `{ "SegmentIds": [1, 2] }`: the contacts in any of them, each counted once. */
export const segmentIds = z.object({ SegmentIds: ids(1000) })
