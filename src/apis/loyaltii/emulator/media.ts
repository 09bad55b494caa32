/**
 * The media library: files uploaded as base64 into one of the account's folders, answered with
 * the URLs the emulator itself serves them at (`/Media/files/<key>/<name>`, and for images a
 * thumbnail, the image itself: kopru does not scale). The key in the URL is hard to guess and stays
 * through a rename; a deleted file's URLs answer 404.
 */
import { fail, notFound } from './answers.ts'
import { newSecret } from './contacts.ts'
import type { StoredMedia } from './state-marketing.ts'
import type { LoyaltiiStore } from './store.ts'
import type { LoyaltiiContext } from './switches.ts'
import { stamp } from './time.ts'

/** Where the emulator serves the files (a side route, outside the API). */
export const MEDIA_PATH = '/Media/files/:key/*'

function fileUrl(origin: string, m: StoredMedia, thumbnail = false): string {
  return `${origin}/Media/files/${m.Key}/${thumbnail ? 'thumbnail/' : ''}${encodeURIComponent(m.Name)}`
}

export function mediaOut(ctx: LoyaltiiContext, m: StoredMedia) {
  const origin = new URL(ctx.request.url).origin
  return {
    Id: m.Id,
    Name: m.Name,
    ContentType: m.ContentType,
    SizeInBytes: m.SizeInBytes,
    PublicUrl: fileUrl(origin, m),
    ThumbnailUrl: m.ContentType.startsWith('image/') ? fileUrl(origin, m, true) : null,
    LastModified: m.LastModified,
  }
}

export function requireMedia(store: LoyaltiiStore, id: number): StoredMedia {
  const found = store.media.get(id)
  if (!found) throw notFound()
  return found
}

export function mediaInFolder(ctx: LoyaltiiContext, folderId: number) {
  return [...ctx.state.media.values()]
    .filter((m) => m.FolderId === folderId)
    .map((m) => mediaOut(ctx, m))
}

/** A new file in a folder of the account's (400 for another); its size from the bytes sent. */
export function createMedia(
  ctx: LoyaltiiContext,
  body: { Name: string; FolderId: number; ContentType: string; Media: string },
): StoredMedia {
  const store = ctx.state
  if (!store.mediaFolders.some((f) => f.Id === body.FolderId)) throw fail('invalidFolder')
  const media: StoredMedia = {
    Id: store.nextId('media'),
    FolderId: body.FolderId,
    Name: body.Name,
    ContentType: body.ContentType.toLowerCase(),
    Key: newSecret(),
    Content: body.Media,
    SizeInBytes: Buffer.byteLength(body.Media, 'base64'),
    LastModified: stamp(ctx.now),
  }
  store.media.set(media.Id, media)
  return media
}

export function renameMedia(ctx: LoyaltiiContext, id: number, name: string): StoredMedia {
  const media = requireMedia(ctx.state, id)
  media.Name = name
  media.LastModified = stamp(ctx.now)
  return media
}

export function deleteMedia(ctx: LoyaltiiContext, id: number): void {
  requireMedia(ctx.state, id)
  ctx.state.media.delete(id)
}

/** The file (or its thumbnail) at a URL the answers gave, with its content type. */
export function mediaFile(ctx: LoyaltiiContext): Response {
  const parts = new URL(ctx.request.url).pathname.split('/')
  const key = parts[3]
  const thumbnail = parts[4] === 'thumbnail' && parts.length === 6
  const found = [...ctx.state.media.values()].find((m) => m.Key === key)
  if (!found || (thumbnail && !found.ContentType.startsWith('image/')))
    return new Response(null, { status: 404 })
  return new Response(Buffer.from(found.Content, 'base64'), {
    headers: { 'content-type': found.ContentType, 'cache-control': 'public, max-age=3600' },
  })
}
