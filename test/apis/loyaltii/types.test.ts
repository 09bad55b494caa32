import { describe, expectTypeOf, it } from 'vitest'
import type {
  Email2Queued,
  LoyaltiiClient,
  LoyaltiiContact,
} from '../../../src/apis/loyaltii/client.ts'
import type { Paginator } from '../../../src/core/paginate.ts'

describe('client types', () => {
  it('infers inputs and outputs from the records, null where a look-up finds nothing', () => {
    expectTypeOf<
      LoyaltiiClient['contacts']['get']
    >().returns.resolves.toEqualTypeOf<LoyaltiiContact | null>()
    expectTypeOf<LoyaltiiContact['Version']>().toEqualTypeOf<string>()
    expectTypeOf<LoyaltiiContact['Email']>().toEqualTypeOf<string | null>()
    type Order = NonNullable<Awaited<ReturnType<LoyaltiiClient['orders']['get']>>>
    expectTypeOf<Order['PriceTotal']>().toEqualTypeOf<number>()
    expectTypeOf<LoyaltiiClient['orders']['create']>().returns.resolves.toEqualTypeOf<Order>()
    expectTypeOf<
      LoyaltiiClient['points']['totalForContactCompany']
    >().returns.resolves.toEqualTypeOf<number | null>()
    // compile-time only: these calls never run
    const misuse = (loyaltii: LoyaltiiClient) => {
      // @ts-expect-error a PUT needs the Version read
      void loyaltii.contacts.update({ id: 1, FirstName: 'Ida' })
      // @ts-expect-error KeyType is one of the enum's names
      void loyaltii.contacts.patchMany({ KeyType: 'Name', Keys: [], Fields: {} })
      // @ts-expect-error a point needs its type and amount
      void loyaltii.points.create({ ContactId: 1 })
    }
    expectTypeOf(misuse).toBeFunction()
  })

  it('pages every lastId list, and lets modify return the changes with dynamic fields', () => {
    type Point = Awaited<ReturnType<LoyaltiiClient['points']['list']>>[number]
    expectTypeOf<ReturnType<LoyaltiiClient['points']['iterate']>>().toEqualTypeOf<
      Paginator<Point>
    >()
    expectTypeOf<LoyaltiiClient['contactEvents']['iterate']>().toBeFunction()
    expectTypeOf<LoyaltiiClient['contacts']['modify']>()
      .parameter(1)
      .returns.toExtend<
        { FirstName?: string | null | undefined; MemberLevel?: unknown } | Promise<unknown>
      >()
  })

  it('types part 2: the Email2 scope as one of three, its answer read, lists paged, look-ups null', () => {
    type Email2 = Parameters<LoyaltiiClient['email2Dispatches']['create']>[0]
    expectTypeOf<
      LoyaltiiClient['email2Dispatches']['queue']
    >().returns.resolves.toEqualTypeOf<Email2Queued>()
    expectTypeOf<
      LoyaltiiClient['email2Dispatches']['create']
    >().returns.resolves.toEqualTypeOf<string>()
    type Receiver = Awaited<ReturnType<LoyaltiiClient['emailDispatchReceivers']['list']>>[number]
    expectTypeOf<ReturnType<LoyaltiiClient['emailDispatchReceivers']['iterate']>>().toEqualTypeOf<
      Paginator<Receiver>
    >()
    expectTypeOf<LoyaltiiClient['tableEntities']['iterate']>().toBeFunction()
    expectTypeOf<LoyaltiiClient['tableEntities']['createBulkAll']>().toBeFunction()
    // each entity's result is its own status, not the whole answer
    type Bulk = Awaited<ReturnType<LoyaltiiClient['tableEntities']['createBulkAll']>>[number]
    expectTypeOf<Extract<Bulk, { ok: true }>['result']>().toEqualTypeOf<
      Awaited<ReturnType<LoyaltiiClient['tableEntities']['createBulk']>>[number]
    >()
    type Segment = Awaited<ReturnType<LoyaltiiClient['segments']['get']>>
    expectTypeOf<NonNullable<Segment>['Type']>().toEqualTypeOf<
      'VisualBuilder' | 'Sql' | 'List' | 'SegmentTemplate'
    >()
    expectTypeOf<Segment>().toExtend<object | null>()
    type Dispatch = Awaited<ReturnType<LoyaltiiClient['emailDispatches']['create']>>
    expectTypeOf<Dispatch['Status']>().toExtend<string>()
    // compile-time only: these calls never run
    const misuse = (loyaltii: LoyaltiiClient, scope: Email2['Scope']) => {
      // @ts-expect-error one scope only: Contacts and Emails together are refused
      void loyaltii.email2Dispatches.create({ TriggerId: 't', Scope: { Contacts: {}, Emails: {} } })
      // @ts-expect-error BatchDelaySec is one of the names _1 … _600
      void loyaltii.email2Dispatches.create({ TriggerId: 't', BatchDelaySec: '_7', Scope: scope })
      // @ts-expect-error segment ids are numbers
      void loyaltii.segments.countContacts({ s: ['1'] })
      if ('Segments' in scope && scope.Segments)
        expectTypeOf(scope.Segments.InSegmentIds).toEqualTypeOf<number[]>()
    }
    expectTypeOf(misuse).toBeFunction()
  })
})
