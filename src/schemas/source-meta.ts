import { z } from 'zod';

/** A CSL date as ISO 8601: `2022`, `2022-01` or `2022-01-10`. */
export const IsoDate = z
  .union([z.date(), z.string()])
  .transform((value, ctx) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
    const valid =
      m !== null &&
      (m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 12)) &&
      (m[3] === undefined || isRealDay(Number(m[1]), Number(m[2]), Number(m[3])));
    if (!valid) {
      ctx.addIssue({ code: 'custom', message: `\`${value}\` is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY` });
      return z.NEVER;
    }
    return value.trim();
  });

function isRealDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** A source key: what follows `@` in a citation. */
export const SourceKey = z
  .string()
  .regex(/^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u, {
    message: 'a key starts with a letter, digit or `_` and may contain internal `:.#$%&-+?<>~/`',
  });

const HttpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value), {
    message: 'only http: and https: URLs are allowed',
  });

const Name = z.union([
  z.strictObject({ family: z.string().min(1), given: z.string().optional() }),
  z.strictObject({ literal: z.string().min(1) }),
]);

/** The CSL item types a saved source can plausibly be. */
export const CslType = z.enum([
  'article',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'broadcast',
  'document',
  'interview',
  'legislation',
  'legal_case',
  'motion_picture',
  'personal_communication',
  'post',
  'post-weblog',
  'report',
  'speech',
  'webpage',
]);

/**
 * Metadata of a source, `sources/<stem>.yaml`: CSL-JSON variable names.
 * Record only what the source shows; every field but `type` is optional.
 */
export const SourceMetaSchema = z.strictObject({
  /** Citation key overriding the file stem. @example `kz-unrest-csto-jan10` */
  key: SourceKey.optional(),
  /** CSL item type. @default `article-newspaper` */
  type: CslType.default('article-newspaper'),
  title: z.string().min(1).optional(),
  'container-title': z.string().min(1).optional(),
  publisher: z.string().min(1).optional(),
  author: z.array(Name).optional(),
  /** Publication date as printed. @example `2022-01-10` */
  issued: IsoDate.optional(),
  /** When the text was saved. */
  accessed: IsoDate.optional(),
  URL: HttpUrl.optional(),
  /** BCP 47 language tag. @example `en` */
  language: z.string().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { message: 'use a BCP 47 tag such as `en` or `ru`' }).optional(),
  note: z.string().optional(),
});

export type SourceMeta = z.output<typeof SourceMetaSchema>;
