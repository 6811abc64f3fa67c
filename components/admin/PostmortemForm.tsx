"use client";
// The incident page's Postmortem section: one text, four buttons. Save draft keeps it private;
// Preview shows it as the page will (the same Markdown renderer, nothing saved); Publish puts it
// on the page, notifying subscribers only when asked; Revert to draft takes it off again.
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { postmortemAction, type PostmortemFormState } from "@/app/_actions/incident-manage";
import { Markdown } from "@/components/Markdown";
import { Time } from "@/components/Time";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary } from "@/components/admin/ErrorSummary";

const initial: PostmortemFormState = { formError: null, fieldErrors: {}, values: null, previewHtml: null };

const PRIMARY = "bg-blue-700 text-white shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500";
const SECONDARY = "border border-zinc-300 text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800";

/** A submit button naming what to do with the text; every button waits while one is working. */
function IntentButton({ intent, children, primary = false }: { intent: "save" | "preview" | "publish" | "revert"; children: string; primary?: boolean }) {
  const { pending, data } = useFormStatus();
  const mine = pending && data?.get("intent") === intent;
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      disabled={pending}
      aria-disabled={pending}
      className={`inline-flex items-center justify-center rounded-md px-4 py-2 font-medium disabled:cursor-wait disabled:opacity-70 ${primary ? PRIMARY : SECONDARY}`}
    >
      {mine ? `${children}…` : children}
    </button>
  );
}

export type PostmortemFormProps = {
  incident: { id: string; open: boolean };
  postmortem: { body: string | null; updatedAt: Date | null; publishedAt: Date | null; notifiedAt: Date | null };
};

export function PostmortemForm({ incident, postmortem }: PostmortemFormProps) {
  const [state, action] = useActionState(postmortemAction, initial);
  const v = state.values;
  const error = state.fieldErrors.body;
  const published = postmortem.publishedAt !== null;
  return (
    <form key={v ? JSON.stringify(v) : "empty"} action={action} className="space-y-4" noValidate>
      <input type="hidden" name="incidentId" value={incident.id} />
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        {published ? (
          <>
            <strong className="font-semibold text-green-800 dark:text-green-300">Published</strong> <Time date={postmortem.publishedAt!} />
            {postmortem.notifiedAt ? ", subscribers notified" : ""}. Saved changes show on the page at once.
          </>
        ) : postmortem.body !== null ? (
          <>
            <strong className="font-semibold">Draft</strong>
            {postmortem.updatedAt ? (
              <>
                , saved <Time date={postmortem.updatedAt} />
              </>
            ) : null}
            . Only operators see it until it is published.
          </>
        ) : (
          "No postmortem yet. A draft is private until it is published."
        )}
      </p>
      <ErrorSummary title="The postmortem was not saved:" formError={state.formError} problems={error ? [{ href: "#postmortem-body", message: error }] : []} />
      <div>
        <label htmlFor="postmortem-body" className={LABEL}>
          Postmortem
        </label>
        <textarea
          id="postmortem-body"
          name="body"
          rows={12}
          maxLength={100_000}
          defaultValue={v?.body ?? postmortem.body ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "postmortem-body-error postmortem-body-help" : "postmortem-body-help"}
          className={`mt-1 font-mono text-sm ${INPUT}`}
        />
        <p id="postmortem-body-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Markdown: headings, lists, links, **bold**. What happened, why, and what will change.
        </p>
        {error ? (
          <p id="postmortem-body-error" className={FIELD_ERROR}>
            {error}
          </p>
        ) : null}
      </div>
      {!published ? (
        <div className="flex items-start gap-2">
          <input id="postmortem-notify" name="notify" type="checkbox" defaultChecked={v ? v.notify : false} aria-describedby="postmortem-notify-help" className="mt-1 size-4" />
          <div>
            <label htmlFor="postmortem-notify" className="text-sm font-medium">
              Notify subscribers
            </label>
            <p id="postmortem-notify-help" className="text-sm text-zinc-600 dark:text-zinc-400">
              On publishing, tell subscribers of the affected components that the postmortem is out, with a link.
            </p>
          </div>
        </div>
      ) : null}
      {!published && incident.open ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">The incident is still open: resolve it before publishing the postmortem.</p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <IntentButton intent="save">{published ? "Save changes" : "Save draft"}</IntentButton>
        <IntentButton intent="preview">Preview</IntentButton>
        {published ? <IntentButton intent="revert">Revert to draft</IntentButton> : <IntentButton intent="publish" primary>Publish</IntentButton>}
      </div>
      {state.previewHtml !== null ? (
        <section aria-labelledby="postmortem-preview-heading" className="rounded-lg border border-dashed border-zinc-300 p-4 dark:border-zinc-700">
          <h3 id="postmortem-preview-heading" className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">
            Preview (not saved)
          </h3>
          <Markdown html={state.previewHtml} className="mt-2 text-zinc-800 dark:text-zinc-200" />
        </section>
      ) : null}
    </form>
  );
}
