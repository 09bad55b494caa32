/**
 * Subscribe requests (double opt-in through a dispatcher). A dispatcher with subscribe
 * verification keeps the request pending until the recipient follows the link its subscribe
 * campaign mailed (the admin API stands in for that click); one without verification subscribes
 * at once. Confirming creates or updates the contact, assigns the lists, marks it confirmed.
 */
import type { z } from 'zod'
import type { contactInput } from '../schemas.ts'
import { badRequest, notFound } from './answers.ts'
import { requireList, upsert } from './contacts.ts'
import type { Sim } from './delivery.ts'
import { stamp } from './store.ts'

type Input = z.output<typeof contactInput> & { dispatcherId: number }

export function subscribe(sim: Sim, input: Input): number {
  const { store, now } = sim
  const dispatcher = store.data.dispatchers.find((d) => d.dispatcherId === input.dispatcherId)
  if (!dispatcher) throw badRequest(`dispatcherId: dispatcher ${input.dispatcherId} does not exist`)
  const lists = input.mailingListIds ?? []
  for (const id of lists) requireList(store, id)
  const { dispatcherId, mailingListIds, ...fields } = input
  void mailingListIds
  const request = {
    subscribeRequestId: store.nextId('subscribe'),
    dispatcherId,
    email: input.email,
    fields: JSON.parse(JSON.stringify(fields)) as Record<string, unknown>,
    mailingListIds: lists,
    created: stamp(now),
    confirmed: null as string | null,
  }
  store.data.subscribeRequests.push(request)
  if (!dispatcher.useSubscribeAuthentication) confirm(sim, request.subscribeRequestId)
  return request.subscribeRequestId
}

/** The recipient followed the confirmation link. */
export function confirm(sim: Sim, id: number): { contactId: number } {
  const { store, now } = sim
  const request = store.data.subscribeRequests.find((r) => r.subscribeRequestId === id)
  if (!request) throw notFound(`subscribe request ${id}`)
  if (request.confirmed) throw badRequest(`subscribe request ${id} is already confirmed`)
  const { contact } = upsert(
    store,
    {
      ...(request.fields as { email: string }),
      email: request.email,
      mailingListIds: request.mailingListIds,
    },
    now,
  )
  contact.confirmed = true
  request.confirmed = stamp(now)
  return { contactId: contact.contactId }
}
