/** The 6 Media operations (seed "Media — Manage Media Library"). `Media/Folders` comes before `Media/{id}`. */
import { z } from 'zod'
import type { OperationDef } from '../../../core/operation.ts'
import { queryInt } from '../codecs.ts'
import { idParam } from '../schemas/common.ts'
import { createMedia, readMedia, readMediaFolder } from '../schemas/media.ts'

const PATH = '/api/v1/Media'

export const mediaOperations = {
  'media.list': {
    method: 'GET',
    path: PATH,
    summary: 'Returns a list of Media in the requested folder.',
    description: 'None for a folder the account does not have.',
    query: z.object({ folderId: queryInt() }),
    response: z.array(readMedia),
    retrySafe: true,
  },
  'media.listFolders': {
    method: 'GET',
    path: `${PATH}/Folders`,
    summary: 'Returns a list of media folders',
    response: z.array(readMediaFolder),
    retrySafe: true,
  },
  'media.get': {
    method: 'GET',
    path: `${PATH}/{id}`,
    summary: 'Returns a single Media item.',
    params: idParam,
    response: readMedia,
    errors: ['notFound'],
    retrySafe: true,
  },
  'media.create': {
    method: 'POST',
    path: PATH,
    summary: 'Creates a new Media',
    description: 'The file as base64 in `Media`; answered with the URLs it is served at.',
    body: createMedia,
    response: readMedia,
    errors: ['invalidFolder'],
    retrySafe: false,
  },
  'media.rename': {
    method: 'POST',
    path: `${PATH}/{id}/Rename`,
    summary: 'Rename a Media',
    params: idParam,
    query: z.object({ newName: z.string().min(1).max(255) }),
    response: readMedia,
    errors: ['notFound'],
    retrySafe: true,
  },
  'media.delete': {
    method: 'DELETE',
    path: `${PATH}/{id}`,
    summary: 'Delete media with specified id.',
    description: 'Its URLs stop serving the file.',
    params: idParam,
    response: z.undefined(),
    errors: ['notFound'],
    retrySafe: true,
  },
} as const satisfies Record<string, OperationDef>
