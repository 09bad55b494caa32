/** Sale coupon groups and sale coupons as the seed prints them. */
import { z } from 'zod'
import { bodyId, dateTime } from './schemas.ts'
import { timeInput } from './time.ts'

export const couponGroup = z.object({
  couponGroupId: z.number().int(),
  name: z.string(),
  color: z.string(),
})

const color = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, 'a colour as #RRGGBB')
  .describe('Sale coupon groups flag color')

export const couponGroupInput = z.object({
  color,
  name: z.string().trim().min(1).max(200).describe('Name'),
})

export const couponGroupUpdate = z.object({
  couponGroupId: bodyId().describe('Sale coupon group ID'),
  color: color.optional(),
  name: z.string().trim().min(1).max(200).optional(),
})

export const coupon = z.object({
  couponId: z.number().int(),
  couponGroupId: z.number().int(),
  mailId: z.number().int().nullable(),
  generatorExecutionId: z.number().int().nullable(),
  transactionalEmailId: z.number().int().nullable(),
  transactionalEmailGuid: z.string().nullable(),
  coupon: z.string(),
  email: z.string().nullable(),
  created: dateTime,
  validity: dateTime.nullable(),
  sent: dateTime.nullable(),
})

export const couponsInput = z.object({
  coupons: z
    .array(
      z.object({
        code: z.string().trim().min(1).max(100),
        validity: timeInput
          .nullable()
          .optional()
          .describe('Until when a sale coupon is valid (ready to be used)'),
      }),
    )
    .min(1)
    .max(10_000)
    .describe('Coupons to be added'),
  couponGroupId: bodyId().describe('Sale coupon groups ID'),
})
