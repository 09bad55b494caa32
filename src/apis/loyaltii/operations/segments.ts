/**
 * The 7 Segments operations. A segment's contacts are computed at every call from the contacts
 * of the account: a rule segment (VisualBuilder, Sql, SegmentTemplate) by its conditions, a List
 * segment by the ids it was made from, so a deleted contact leaves every segment. Fixed paths
 * come before `Segments/{id}`.
 */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { queryInt } from '../codecs.ts'
import { idParam } from '../schemas/common.ts'
import { contactBaseInfo } from '../schemas/contacts.ts'
import { createListSegment, readSegment, segmentIds } from '../schemas/segments.ts'

const PATH = '/api/v1/Segments'
const count = z.number().int().describe('the contacts in any of the segments, each once')

export const segmentOperations = {
  'segments.list': {
    method: 'GET',
    path: PATH,
    summary: 'Returns an list of segments based on folderId',
    description: 'The segments of one folder; none for a folder the account does not have.',
    query: z.object({ folderId: queryInt() }),
    response: z.array(readSegment),
    retrySafe: true,
  },
  'segments.countContacts': {
    method: 'GET',
    path: `${PATH}/GetContactCount`,
    summary: 'Returns a Contact count based on a list of segmentIds',
    description:
      'Segment ids as an indexed list (`s[0]=1&s[1]=2`); a contact in several counts once. An unknown segment is 404.',
    query: z.object({ s: z.array(queryInt()).max(1000).optional().describe('segment ids') }),
    queryLists: 'indexed',
    response: count,
    errors: ['notFound'],
    retrySafe: true,
  },
  'segments.get': {
    method: 'GET',
    path: `${PATH}/{id}`,
    summary: 'Gets a segment by id',
    params: idParam,
    response: readSegment,
    errors: ['notFound'],
    retrySafe: true,
  },
  'segments.listContactIds': {
    method: 'GET',
    path: `${PATH}/{id}/GetContactIds`,
    summary: 'Returns a list of contactIds from a segment',
    params: idParam,
    response: z.array(z.number().int()),
    errors: ['notFound'],
    retrySafe: true,
  },
  'segments.listContactsBaseInfo': {
    method: 'GET',
    path: `${PATH}/{id}/GetContactsBaseInfo`,
    summary: 'Returns a list of contactEmails from a segment',
    params: idParam,
    response: z.array(contactBaseInfo),
    errors: ['notFound'],
    retrySafe: true,
  },
  'segments.createFromContactIds': {
    method: 'POST',
    path: `${PATH}/ContactIds`,
    summary: 'Creates a segment based on a list of contactIds',
    description:
      'A List segment in the folder; ids of contacts the account does not have are left out.',
    body: createListSegment,
    response: readSegment,
    errors: ['invalidFolder'],
    retrySafe: false,
  },
  'segments.countContactsByBody': {
    method: 'POST',
    path: `${PATH}/GetContactCount`,
    summary: 'Returns a Contact count based on a list of segmentIds',
    description: 'As the GET, with the ids in the body (for lists too long for a URL).',
    body: segmentIds,
    response: count,
    errors: ['notFound'],
    retrySafe: true,
  },
} as const satisfies Record<string, OperationDef>
