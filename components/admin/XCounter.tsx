"use client";
// The custom X post field with a live counter: X's weighted length (twitter-text, as the server
// checks it and X counts it: links 23, emoji 2) against 280. Empty means the post is composed
// from the update.
import { useState } from "react";
import { X_POST_MAX, xWeightedLength } from "@/lib/incidents/x-text";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";

export function XCounter({ id, defaultValue, error }: { id: string; defaultValue: string; error?: string }) {
  const [value, setValue] = useState(defaultValue);
  const length = xWeightedLength(value);
  const over = length > X_POST_MAX;
  const counterId = `${id}-count`;
  const describedBy = [`${id}-help`, counterId, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        X post <span className="font-normal text-zinc-600 dark:text-zinc-400">(optional)</span>
      </label>
      <textarea
        id={id}
        name="customTweet"
        rows={3}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error || over ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1 ${INPUT}`}
      />
      <div className="mt-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p id={`${id}-help`} className="text-zinc-600 dark:text-zinc-400">
          Posted on the page&apos;s X account exactly as written. Leave it empty to post the update itself, shortened to fit.
        </p>
        <p id={counterId} aria-live="polite" className={over ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-600 tabular-nums dark:text-zinc-400"}>
          {length} / {X_POST_MAX}
          {over ? ` (${length - X_POST_MAX} too many)` : ""}
        </p>
      </div>
      {error ? (
        <p id={`${id}-error`} className={FIELD_ERROR}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
