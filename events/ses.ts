import * as z from '../shared/zod';
import { built } from '../shared/built';

/**
 * The SES events Laurel consumes: the configuration set sends them to the default EventBridge
 * bus (source aws.ses). Only the fields Laurel reads are declared; others pass through. Sample:
 * events/samples/ses-email-bounced.json.
 */
export const SES_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received', 'Email Delivered'] as const;

export const sesEmailEvent = /* @__PURE__ */ built(() => z.object({
  source: z.literal('aws.ses'),
  'detail-type': z.enum(SES_DETAIL_TYPES),
  time: z.string(),
  detail: z.object({
    eventType: z.enum(['Bounce', 'Complaint', 'Delivery']),
    mail: z.object({
      messageId: z.string(),
      tags: z._default(z.record(z.string(), z.array(z.string())), {}),
    }),
    bounce: z.optional(
      z.object({
        bounceType: z.string(),
        bounceSubType: z.optional(z.string()),
        bouncedRecipients: z._default(z.array(z.looseObject({ diagnosticCode: z.optional(z.string()) })), []),
      }),
    ),
    complaint: z.optional(z.looseObject({ complaintFeedbackType: z.optional(z.string()) })),
  }),
}));
export type SesEmailEvent = z.infer<typeof sesEmailEvent>;
