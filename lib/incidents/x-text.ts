// The custom X post of an incident update: X counts its length weighted (twitter-text's
// parseTweet: URLs 23, emoji and CJK 2), as the channel does when it posts. Shared by the
// dashboard's live counter and the use cases' check, so both count the same way. No server imports.
import twitterText from "twitter-text";
import { z } from "zod";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

/** X's limit, in weighted characters. */
export const X_POST_MAX = 280;

/** X's weighted length of `s`. */
export function xWeightedLength(s: string): number {
  return twitterText.parseTweet(s).weightedLength;
}

/** The custom X text: empty means "compose it from the update" (null). */
export const CustomTweetSchema = z
  .string()
  .trim()
  .refine((s) => !hasNul(s), NUL_MESSAGE)
  .superRefine((s, ctx) => {
    const n = xWeightedLength(s);
    if (n > X_POST_MAX) ctx.addIssue({ code: "custom", message: `The X post is ${n} characters as X counts them; X allows ${X_POST_MAX}` });
  })
  .transform((s) => (s === "" ? null : s))
  .nullish();
