import { describe, expectTypeOf, it } from 'vitest'
import type { SetrowClient } from '../../../src/apis/setrow/client.ts'
import type { AllowStatus, EmailInfo } from '../../../src/apis/setrow/schemas.ts'
import type { ItemResult } from '../../../src/core/batch.ts'

type Email = SetrowClient['email']

describe('client types', () => {
  it('infers inputs and outputs from the records', () => {
    expectTypeOf<Email['get']>().returns.resolves.toEqualTypeOf<EmailInfo>()
    expectTypeOf<EmailInfo['allowStatus']>().toEqualTypeOf<AllowStatus>()
    expectTypeOf<SetrowClient['groups']['email']['filter']>()
      .parameter(0)
      .toHaveProperty('getAreas')
    // compile-time only: these calls never run
    const misuse = (setrow: SetrowClient) => {
      // @ts-expect-error groupId is a number in code (numeric text only on the wire)
      void setrow.email.add({ body: [{ email: 'a@example.com', groupId: 'x' }] })
      // @ts-expect-error a transfer needs both groups
      void setrow.email.transfer({ body: [{ email: 'a@example.com', fromGroupId: 1 }] })
      // @ts-expect-error an item without its group
      void setrow.sms.addAll([{ number: '5321112233' }])
    }
    expectTypeOf(misuse).toBeFunction()
  })

  it('types the bulk and range helpers per operation', () => {
    type Added = Awaited<ReturnType<Email['addAll']>>[number]
    expectTypeOf<Added>().toExtend<ItemResult<{ email: string; groupId: number }, unknown>>()
    expectTypeOf<SetrowClient['junk']['listRange']>().returns.resolves.toEqualTypeOf<
      { email: string; date: string }[]
    >()
  })
})
