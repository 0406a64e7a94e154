import * as z from 'zod';
import { feedbackActions } from '../feedback';

/** The media type of `GET /v1/training-data`: one JSON object per line. */
export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

/** The response header that carries the cursor of the next page; absent on the last page. */
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';

/** One line of `GET /v1/training-data`: a decision, as an example to train on. */
export const trainingExampleSchema = z
  .object({
    originalFilename: z.string(),
    proposedFilename: z.string().describe('What the model proposed'),
    finalFilename: z
      .string()
      .nullable()
      .describe(
        'The name the file ended with: the proposal when approved, the name the person ' +
          'typed when modified, null when rejected (the person kept no name we know of)',
      ),
    label: z.enum(feedbackActions).describe('The decision: approved, rejected or modified'),
    confidence: z.number().min(0).max(1),
    modelVersion: z.string(),
    decidedAt: z.iso.datetime().describe('When the decision was received, UTC, to the microsecond'),
  })
  .describe(
    'One labelled example per line (NDJSON), oldest first. The cursor of the next page is ' +
      `in the \`${NEXT_CURSOR_HEADER}\` response header, absent on the last page.`,
  );

export type TrainingExample = z.infer<typeof trainingExampleSchema>;
