/**
 * The smaller groups: Actions (3), Banners (2), BulkExport (2), FeedSyncs (1), IframeToken (1),
 * PermissionSourceCategories (1) and PermissionSourceCategoryRelations (1).
 */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { enumInput, queryInt } from '../codecs.ts'
import {
  ExportType,
  bannerIds,
  exportSettings,
  readAction,
  readExportItem,
  readIframeToken,
  readPermissionSourceCategory,
  readPermissionSourceCategoryRelation,
} from '../schemas/account.ts'
import { idParam } from '../schemas/common.ts'

const ACTIONS = '/api/v1/Actions'
const triggered =
  'The action must be triggerable by hand and enabled (400). Its effect (points, a mail, a field) is applied at once.'
const GUID = /^\s*\{?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}\}?\s*$/

export const accountOperations = {
  'actions.list': {
    method: 'GET',
    path: ACTIONS,
    summary: 'Will return all actions',
    response: z.array(readAction),
    retrySafe: true,
  },
  'actions.triggerForContact': {
    method: 'POST',
    path: `${ACTIONS}/{id}`,
    summary:
      'Will trigger action by id on contact. Action must be trigger-able manually and be enabled',
    description: triggered,
    params: idParam,
    query: z.object({ contactId: queryInt() }),
    match: { query: ['contactId'] },
    response: z.undefined(),
    errors: ['notFound', 'actionNotTriggerable'],
    retrySafe: false,
  },
  'actions.triggerForSegment': {
    method: 'POST',
    path: `${ACTIONS}/{id}`,
    summary:
      'Will trigger action by id on segment. Action must be trigger-able manually and be enabled',
    description: `${triggered} For each contact of the segment; a mail as one dispatch to the segment.`,
    params: idParam,
    query: z.object({ segmentId: queryInt() }),
    match: { query: ['segmentId'] },
    response: z.undefined(),
    errors: ['notFound', 'actionNotTriggerable'],
    retrySafe: false,
  },
  'banners.resetCache': {
    method: 'POST',
    path: '/api/v1/Banners/CacheReset',
    summary:
      'Requests a cache reset for the specified banners. Will return HTTP 200 or HTTP 404 if banner is not found.',
    description:
      'The body lists banner ids; one the account does not have is 404 and none is reset.',
    body: bannerIds,
    response: z.undefined(),
    errors: ['notFound'],
    retrySafe: true,
  },
  'banners.resetCacheBySecret': {
    method: 'POST',
    path: '/api/v1/Banners/CacheReset',
    summary:
      'Requests a cache reset for a list of banner version. Will return HTTP 200 or HTTP 404 if banner is not found.',
    description:
      'The banner by its secret, the body lists its version ids (all of them when empty).',
    query: z.object({ secret: z.string() }),
    match: { query: ['secret'] },
    body: bannerIds,
    response: z.undefined(),
    errors: ['notFound'],
    retrySafe: true,
  },
  'bulkExports.list': {
    method: 'GET',
    path: '/api/v1/BulkExport',
    summary: 'Will return bulk exports by its type or all if none provided.',
    description: 'Newest first; the type by name or ExportType number.',
    query: z.object({ type: enumInput(ExportType).optional() }),
    response: z.array(readExportItem),
    retrySafe: true,
  },
  'bulkExports.create': {
    method: 'POST',
    path: '/api/v1/BulkExport',
    summary: 'No documentation available.',
    description:
      'Exports the records of a type (or a dynamic table) as a CSV file, which then appears in the list with its download URL.',
    body: exportSettings,
    response: z.undefined(),
    errors: [
      'invalidExportSettings',
      'invalidDynamicTable',
      'invalidSegment',
      'invalidField',
      'parquetNotSupported',
    ],
    retrySafe: false,
  },
  'feedSyncs.syncNow': {
    method: 'POST',
    path: '/api/v1/FeedSyncs/{id}/SyncNow',
    summary: 'Will trigger a feed sync to sync now.',
    params: idParam,
    response: z.undefined(),
    errors: ['notFound'],
    retrySafe: true,
  },
  'iframeTokens.get': {
    method: 'GET',
    path: '/api/v1/IframeToken',
    summary: 'Get an IframeToken',
    description: 'Only while the token has not expired; 404 after.',
    query: z.object({ tokenId: z.string().regex(GUID, 'a GUID') }),
    response: readIframeToken,
    errors: ['notFound'],
    retrySafe: true,
  },
  'permissionSourceCategories.list': {
    method: 'GET',
    path: '/api/v1/PermissionSourceCategories',
    summary: 'Retrieve array of permission source categories',
    response: z.array(readPermissionSourceCategory),
    retrySafe: true,
  },
  'permissionSourceCategoryRelations.list': {
    method: 'GET',
    path: '/api/v1/PermissionSourceCategoryRelations',
    summary: 'Retrieve array of permission source categories',
    description: 'Which category each permission source belongs to.',
    response: z.array(readPermissionSourceCategoryRelation),
    retrySafe: true,
  },
} as const satisfies Record<string, OperationDef>
