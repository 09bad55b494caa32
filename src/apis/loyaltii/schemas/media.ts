/**
 * The media library on the wire: `CreateMediaDto` and `ReadMediaDto` (Help Page, .NET client) and
 * the folders. The public and thumbnail URLs point at files the emulator serves itself.
 */
import { z } from 'zod'
import { documented } from '../../../core/openapi.ts'
import { dateTimeOffset, jsonInt } from '../codecs.ts'

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export const readMedia = z
  .object({
    Id: z.number().int(),
    Name: z.string(),
    ContentType: z.string(),
    SizeInBytes: z.number().int(),
    PublicUrl: z.string().describe('where the file is served'),
    ThumbnailUrl: z.string().nullable().describe('images only'),
    LastModified: dateTimeOffset,
  })
  .describe('ReadMediaDto')
  .meta({
    examples: [
      {
        Id: 4,
        Name: 'Forår i stuen.png',
        ContentType: 'image/png',
        SizeInBytes: 68,
        PublicUrl: 'https://media.loyaltii.com/m/5fHq2LmT8xWcR4Ne/For%C3%A5r%20i%20stuen.png',
        ThumbnailUrl:
          'https://media.loyaltii.com/m/5fHq2LmT8xWcR4Ne/thumbnail/For%C3%A5r%20i%20stuen.png',
        LastModified: '2026-02-20T13:05:44.5120000+01:00',
      },
    ],
  })

export const createMedia = z.object({
  Name: z.string().min(1).max(255),
  FolderId: jsonInt(),
  ContentType: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a content type, e.g. image/jpeg'),
  Media: documented(z.string().min(1).regex(BASE64, 'base64'), {
    contentEncoding: 'base64',
  }).describe('the file (byte[] as base64)'),
})

export const readMediaFolder = z.object({
  Id: z.number().int(),
  Name: z.string(),
  ParentId: z.number().int().nullable().describe('the folder it is in, or null'),
})
