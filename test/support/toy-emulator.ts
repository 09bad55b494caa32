/** An emulator of the toy API: just enough state and rules to test the shared host. */
import { defineEmulator, ErrorReply, json } from '../../src/emulator/types.ts'
import { z } from 'zod'
import { toyApi } from './toy-api.ts'

const toyState = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) })
type ToyState = z.output<typeof toyState>

const answer = (status: number, error: string, code = `E${status}`) => json({ error, code }, status)

export const toyEmulator = defineEmulator({
  api: toyApi,
  credentials: { key: { default: 'toy-key', env: 'KOPRU_TOY_KEY' } },
  sizes: { items: 5 },
  maxSizes: { items: 1000 },
  stateSchema: toyState,
  maxBodyBytes: 64 * 1024,
  switches: z.object({ frozen: z.boolean().default(false) }),
  createState: ({ sizes, seed }): ToyState => ({
    items: Array.from({ length: sizes.items }, (_, i) => ({
      id: i + 1,
      name: `item ${seed}-${i + 1}`,
    })),
  }),
  authenticate: ({ query }, ctx) => {
    if (query.key === undefined) return answer(401, 'key missing')
    return query.key === ctx.credentials.key ? undefined : answer(401, 'key wrong')
  },
  answer: (a) => {
    switch (a.kind) {
      case 'unauthorized':
        return answer(401, a.reason)
      case 'notFound':
        return answer(404, 'not found')
      case 'methodNotAllowed':
        return answer(405, 'method not allowed')
      case 'internal':
        return answer(500, 'internal')
      case 'status':
        return answer(a.status, 'status')
      case 'invalid':
        return answer(400, JSON.stringify(a.problem))
    }
  },
  handlers: {
    'items.list': ({ query }, ctx) => {
      const size = query.size ?? 3
      const page = query.page ?? 1
      const items = ctx.state.items.slice((page - 1) * size, page * size)
      return { data: { pages: Math.ceil(ctx.state.items.length / size), items } }
    },
    'items.get': ({ params }, ctx) => {
      const item = ctx.state.items.find((i) => String(i.id) === params.id)
      if (!item) throw new ErrorReply(answer(404, 'no such item'))
      return { data: item }
    },
    'items.add': ({ body }, ctx) => {
      if (ctx.switches.frozen) throw new ErrorReply(answer(423, 'frozen'))
      const added = body.map((b) => ({ id: ctx.state.items.length + 1, name: b.name }))
      ctx.state.items.push(...added)
      return { data: added }
    },
    'items.rename': ({ params, body }, ctx) => {
      const item = ctx.state.items.find((i) => String(i.id) === params.id)
      if (!item) throw new ErrorReply(answer(404, 'no such item'))
      if (body.name === 'crash') throw new Error('handler bug')
      item.name = body.name
      return { data: item }
    },
  },
})
