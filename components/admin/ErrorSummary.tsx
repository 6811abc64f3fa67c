// The refusal at the top of a dashboard form: the form's own problem or a title, then each field's
// problem as a link to the field. Focusable, so a form can move focus here for a screen reader.
import { FIELD_ERROR } from "@/components/admin/fields";

type Problem = { href: string; message: string };

export function ErrorSummary({ title, formError, problems }: { title: string; formError: string | null; problems: Problem[] }) {
  if (!formError && problems.length === 0) return null;
  return (
    <div role="alert" tabIndex={-1} className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300">
      <p className="font-medium">{formError ?? title}</p>
      {problems.length ? (
        <ul className="mt-1 list-disc pl-5">
          {problems.map((p) => (
            <li key={p.href}>
              <a href={p.href} className="underline">
                {p.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The same, from a form state's field errors and the id of each field's control. */
export function FieldErrorSummary({ title, formError, fieldErrors, anchors }: {
  title: string;
  formError: string | null;
  fieldErrors: Partial<Record<string, string>>;
  anchors: Record<string, string>;
}) {
  const problems = Object.entries(fieldErrors)
    .filter((e): e is [string, string] => typeof e[1] === "string")
    .map(([field, message]) => ({ href: `#${anchors[field] ?? field}`, message }));
  return <ErrorSummary title={title} formError={formError} problems={problems} />;
}

/** A field's own refusal, under it (its id is what the field's aria-describedby names). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className={FIELD_ERROR}>
      {message}
    </p>
  ) : null;
}
