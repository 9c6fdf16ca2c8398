import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { key, slug, text } from '../domain/fields';
import { withoutKeys } from './keys';

/**
 * CourseMapping — which achievement a source's course awards, and how a completion becomes the
 * request: its score as one of the achievement's results, its completion time as `completedAt`
 * (what a completionWindow rule checks), the course's page as evidence, and the policy — issue
 * when the achievement's rules pass, or always send the request to an approver. An achievement
 * that asks for approval keeps asking: a mapping can make issuing stricter, never looser.
 *
 * Access patterns
 * - get (what a completion looks up):  PK=COMPLETIONSOURCE#<sourceId>  SK=COURSE#<courseId>
 * - a source's mappings:               PK=COMPLETIONSOURCE#<sourceId>  SK begins_with COURSE#
 */
/** An external course id as the LMS or SIS names it: Canvas's numeric id, a Moodle id, an SIS section code. */
export const externalCourseId = /* @__PURE__ */ built(() => z.string().check(z.trim(), z.regex(/^[A-Za-z0-9._:/@-]{1,128}$/, 'letters, digits and . _ : / @ - (max 128)')));

export const courseMappingFields = /* @__PURE__ */ built(() => ({
  achievementId: slug,
  /** issue: when the achievement's rules pass (and its own approval policy, if any); approval: always to an approver. */
  policy: z._default(z.enum(['issue', 'approval']), 'issue'),
  /** The achievement's result description the completion's score reports; absent: the score is not carried. */
  scoreResultKey: z.optional(key),
  /** Add the course's page (the completion's evidence URL, or the source's course URL) as evidence. */
  courseAsEvidence: z._default(z.boolean(), true),
  /** A sentence for the evidence, such as "Completed all six modules of Computer Science I". */
  evidenceNarrative: z.optional(text(2000)),
  /** The learner's name in the credential: only when the institution's policy lets the LMS's name stand for consent. */
  publishName: z._default(z.boolean(), false),
}));

export const courseMappingRecord = /* @__PURE__ */ built(() => z.object({
  sourceId: z.string(),
  courseId: z.string(),
  achievementId: z.string(),
  policy: z.enum(['issue', 'approval']),
  scoreResultKey: z.optional(z.string()),
  courseAsEvidence: z.boolean(),
  evidenceNarrative: z.optional(z.string()),
  publishName: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.object({ id: z.string(), name: z.string() }),
}));
export type CourseMapping = z.infer<typeof courseMappingRecord>;

export const courseMappingKeys = {
  partition: (sourceId: string) => `COMPLETIONSOURCE#${sourceId}`,
  item: (sourceId: string, courseId: string) => ({ PK: courseMappingKeys.partition(sourceId), SK: `COURSE#${courseId}` }),
};

export function courseMappingRepository(db: DynamoDBDocumentClient, tableName: string) {
  const parse = (item: Record<string, unknown>) => courseMappingRecord.parse(withoutKeys(item));
  return {
    /** Creates or replaces the course's mapping (the audit trail keeps what it was). */
    async put(mapping: CourseMapping): Promise<void> {
      await db.send(new PutCommand({ TableName: tableName, Item: { ...courseMappingKeys.item(mapping.sourceId, mapping.courseId), entity: 'CourseMapping', ...mapping } }));
    },
    async get(sourceId: string, courseId: string): Promise<CourseMapping | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: courseMappingKeys.item(sourceId, courseId), ConsistentRead: true }));
      return Item ? parse(Item) : undefined;
    },
    async list(sourceId: string): Promise<CourseMapping[]> {
      const items: CourseMapping[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :course)',
            ExpressionAttributeValues: { ':pk': courseMappingKeys.partition(sourceId), ':course': 'COURSE#' },
            ExclusiveStartKey,
          }),
        );
        items.push(...(page.Items ?? []).map(parse));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },
    /** The mapping as it was, or undefined when there was none. */
    async remove(sourceId: string, courseId: string): Promise<CourseMapping | undefined> {
      const { Attributes } = await db.send(new DeleteCommand({ TableName: tableName, Key: courseMappingKeys.item(sourceId, courseId), ReturnValues: 'ALL_OLD' }));
      return Attributes ? parse(Attributes) : undefined;
    },
  };
}
export type CourseMappingRepository = ReturnType<typeof courseMappingRepository>;
