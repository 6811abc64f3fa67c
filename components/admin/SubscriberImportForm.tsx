"use client";
import { useActionState, useState } from "react";
import { importSubscribersAction, type ImportFormState } from "@/app/_actions/subscribers-admin";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";

const initial: ImportFormState = { formError: null, confirmed: false, report: null };

/** A dashboard request carries at most 1 MB (lib/public/routes.ts DASHBOARD_BODY_LIMIT): leave room for the form around the file. */
const MAX_FILE_BYTES = 1_000_000;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function SubscriberImportForm() {
  const [state, action] = useActionState(importSubscribersAction, initial);
  const [tooBig, setTooBig] = useState<string | null>(null);
  const report = state.report;
  const error = tooBig ?? state.formError;
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" noValidate>
        <div>
          <label htmlFor="import-file" className={LABEL}>
            CSV file
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setTooBig(
                f && f.size > MAX_FILE_BYTES
                  ? `This file holds ${(f.size / 1_000_000).toFixed(1)} MB; the dashboard takes up to 1 MB (about 20,000 rows). Split it, or use \`npm run herald -- subscribers import FILE.csv\`.`
                  : null,
              );
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "import-file-error import-file-help" : "import-file-help"}
            className={`mt-1 ${INPUT}`}
          />
          <p id="import-file-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            A header line, then one subscriber a line: <code>channel,address,components,secret</code> (components by name separated by
            &ldquo;;&rdquo;, empty for all; secret for webhooks only, empty to generate one). A file exported here imports as it is.
          </p>
          {error ? (
            <p id="import-file-error" role="alert" className={FIELD_ERROR}>
              {error}
            </p>
          ) : null}
        </div>
        <div className="flex items-start gap-2">
          <input id="import-confirmed" name="confirmed" type="checkbox" defaultChecked={state.confirmed} className="mt-1 size-4" />
          <label htmlFor="import-confirmed" className="text-sm font-medium">
            Confirmed already: import them active (they agreed elsewhere)
          </label>
        </div>
        {tooBig ? null : <SubmitButton pendingText="Importing…">Import</SubmitButton>}
      </form>

      {report ? (
        <section aria-labelledby="import-report-heading" role="status" className="space-y-2 rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800">
          <h3 id="import-report-heading" className="font-semibold">
            Import report
          </h3>
          <p>
            Imported {plural(report.imported, "subscriber")}
            {report.imported ? (report.confirmed ? " (active)" : " (unconfirmed; each is sent a confirmation message)") : ""}; {report.skippedCount}{" "}
            skipped; {plural(report.errorCount, "line")} rejected.
          </p>
          {report.errors.length ? (
            <div>
              <h4 className="font-medium">Rejected lines</h4>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {report.errors.map((p) => (
                  <li key={p.line}>
                    Line {p.line}: {p.reason}
                  </li>
                ))}
              </ul>
              {report.errorCount > report.errors.length ? <p className="mt-1">… and {report.errorCount - report.errors.length} more.</p> : null}
            </div>
          ) : null}
          {report.skipped.length ? (
            <div>
              <h4 className="font-medium">Skipped lines</h4>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {report.skipped.map((s) => (
                  <li key={s.line}>
                    Line {s.line}: <span className="break-all">{s.address}</span> is {s.reason}
                  </li>
                ))}
              </ul>
              {report.skippedCount > report.skipped.length ? <p className="mt-1">… and {report.skippedCount - report.skipped.length} more.</p> : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
