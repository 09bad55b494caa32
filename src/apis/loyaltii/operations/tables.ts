/**
 * Dynamic fields by owner (1), dynamic tables (1) and the entities of a table (9, under
 * `api/v1/table/{tableName}`). A table whose writes go through a converter answers 423 to every
 * write (the `convertedTables` switch).
 */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { enumInput, queryInt } from '../codecs.ts'
import { idParam, readDynamicField } from '../schemas/common.ts'
import {
  ENTITY_PAGE,
  TableOwner,
  bulkImportItemStatus,
  createEntity,
  entityParams,
  patchEntity,
  readDynamicTable,
  readEntity,
  tableParam,
} from '../schemas/tables.ts'

const TABLE = '/api/v1/table/{tableName}'
const ENTITY = `${TABLE}/{id}`
const converted = 'converterRequired'

export const tableOperations = {
  'dynamicFields.listByOwner': {
    method: 'GET',
    path: '/api/v1/DynamicFields/{id}',
    summary: 'Retrieve array of dynamic fields by owner.',
    description:
      'The account’s fields of the owner (by name or TableOwner number); `{id}` is the dynamic table’s id for owner DynamicTable, and is not read for the others.',
    params: idParam,
    query: z.object({ owner: enumInput(TableOwner) }),
    response: z.array(readDynamicField),
    errors: ['notFound'],
    retrySafe: true,
  },
  'dynamicTables.list': {
    method: 'GET',
    path: '/api/v1/DynamicTables',
    summary: 'Retrieve array of dynamic tables.',
    response: z.array(readDynamicTable),
    retrySafe: true,
  },
  'tableEntities.listIds': {
    method: 'GET',
    path: TABLE,
    summary: 'Will return all {tableName} entity ids',
    params: tableParam,
    response: z.array(z.number().int()),
    errors: ['notFound'],
    retrySafe: true,
  },
  'tableEntities.getBySecret': {
    method: 'GET',
    path: TABLE,
    summary: 'Will return {tableName} entity by secret or HTTP 404.',
    params: tableParam,
    query: z.object({ secret: z.string() }),
    match: { query: ['secret'] },
    response: readEntity,
    errors: ['notFound'],
    retrySafe: true,
  },
  'tableEntities.getByExternalId': {
    method: 'GET',
    path: TABLE,
    summary: 'Will return {tableName} entity by external id or HTTP 404',
    params: tableParam,
    query: z.object({ externalId: z.string() }),
    match: { query: ['externalId'] },
    response: readEntity,
    errors: ['notFound'],
    retrySafe: true,
  },
  'tableEntities.list': {
    method: 'GET',
    path: TABLE,
    summary: 'Will return {tableName} entities with id higher than provided lastId up to limit',
    description: 'Ascending by id; `take` from 1 to 1000, 1000 when left out.',
    params: tableParam,
    query: z.object({
      lastId: queryInt(),
      take: queryInt()
        .refine((n) => n >= 1 && n <= ENTITY_PAGE, 'from 1 to 1000')
        .optional(),
    }),
    match: { query: ['lastId'] },
    response: z.array(readEntity),
    pagination: {
      style: 'lastId',
      cursor: 'lastId',
      idField: 'Id',
      size: 'take',
      items: '',
      maxSize: ENTITY_PAGE,
    },
    errors: ['notFound'],
    retrySafe: true,
  },
  'tableEntities.get': {
    method: 'GET',
    path: ENTITY,
    summary: 'Will return {tableName} entity by id or HTTP 404',
    params: entityParams,
    response: readEntity,
    errors: ['notFound'],
    retrySafe: true,
  },
  'tableEntities.create': {
    method: 'POST',
    path: TABLE,
    summary:
      'Will create new {tableName} entity. Returns HTTP 423 if the request must be made through a converter.',
    description: 'ExternalId and Secret are unique in the table (409).',
    params: tableParam,
    body: createEntity,
    response: readEntity,
    errors: ['notFound', 'duplicateValue', 'invalidFieldValue', converted],
    retrySafe: false,
  },
  'tableEntities.createBulk': {
    method: 'POST',
    path: `${TABLE}/Bulk`,
    summary:
      'Will create new {tableName} entities. Returns HTTP 423 if the request must be made through a converter.',
    description:
      'Each item is matched by its ExternalId: Updated when the table has it, else Created; an item that cannot be saved is Failed, with the reason, and the others are saved.',
    params: tableParam,
    body: z.array(createEntity).max(ENTITY_PAGE),
    response: z.array(bulkImportItemStatus),
    errors: ['notFound', converted],
    limits: { maxItems: ENTITY_PAGE },
    // one status per entity sent, in the order sent (assumed); a Failed one was not saved
    batch: {
      items: 'body',
      perItem: { map: 'inOrder', refused: { field: 'Reaction', values: ['Failed'] } },
    },
    retrySafe: false,
  },
  'tableEntities.update': {
    method: 'PATCH',
    path: ENTITY,
    summary:
      'Will update {tableName} entity. Returns HTTP 423 if the request must be made through a converter.',
    description:
      'Only the fields given change. An empty body is 404, a body of unknown fields only 400 (both observed).',
    params: entityParams,
    body: patchEntity,
    response: readEntity,
    errors: ['notFound', 'noValidPatchFields', 'duplicateValue', 'invalidFieldValue', converted],
    retrySafe: true,
  },
  'tableEntities.delete': {
    method: 'DELETE',
    path: ENTITY,
    summary:
      'Will delete {tableName} entity. Returns HTTP 423 if the request must be made through a converter.',
    description: 'Answers the deleted entity.',
    params: entityParams,
    response: readEntity,
    errors: ['notFound', converted],
    retrySafe: true,
  },
} as const satisfies Record<string, OperationDef>
