"use client";
import { useActionState, useState, type ReactNode } from "react";
import { saveSettingsAction, type SettingsField, type SettingsFormState, type SettingsFormValues } from "@/app/_actions/settings";
import { CHOOSABLE_EVENTS, EVENT_LABELS } from "@/lib/notify/rules";
import { AA_NORMAL_TEXT, contrastRatio, formatRatio, HEX_COLOR } from "@/lib/settings/contrast";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary } from "@/components/admin/ErrorSummary";

const initialState: SettingsFormState = { formError: null, fieldErrors: {}, values: null };

const ID: Record<SettingsField, string> = {
  name: "settings-name",
  url: "settings-url",
  timeZone: "settings-time-zone",
  logoUrl: "settings-logo-url",
  brandColor: "settings-brand-color",
  supportUrl: "settings-support-url",
  xHandle: "settings-x-handle",
  smsEvents: "settings-sms-events",
  xEvents: "settings-x-events",
  emailSenderName: "settings-email-sender-name",
};

const HELP = "mt-1 text-sm text-zinc-600 dark:text-zinc-400";

function describedBy(field: SettingsField, error: string | undefined, help: boolean): string | undefined {
  const ids = [error ? `${ID[field]}-error` : null, help ? `${ID[field]}-help` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function TextField(props: {
  field: SettingsField;
  label: string;
  value: string;
  error?: string;
  help?: ReactNode;
  type?: "text" | "url";
  placeholder?: string;
  list?: string;
  maxLength?: number;
}) {
  const { field, label, value, error, help } = props;
  return (
    <div>
      <label htmlFor={ID[field]} className={LABEL}>
        {label}
      </label>
      <input
        id={ID[field]}
        name={field}
        type={props.type ?? "text"}
        defaultValue={value}
        placeholder={props.placeholder}
        list={props.list}
        maxLength={props.maxLength ?? 2000}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(field, error, !!help)}
        className={`mt-1 ${INPUT}`}
      />
      {help ? (
        <p id={`${ID[field]}-help`} className={HELP}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${ID[field]}-error`} className={FIELD_ERROR}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function ColourField({ value, error }: { value: string; error?: string }) {
  const [colour, setColour] = useState(value);
  const valid = HEX_COLOR.test(colour.trim());
  const ratio = valid ? contrastRatio(colour.trim(), "#ffffff") : null;
  return (
    <div>
      <label htmlFor={ID.brandColor} className={LABEL}>
        Brand colour
      </label>
      <div className="mt-1 flex items-center gap-3">
        <input
          type="color"
          aria-label="Pick a colour"
          value={valid ? colour.trim().toLowerCase() : "#000000"}
          onChange={(e) => setColour(e.target.value)}
          className="h-10 w-14 shrink-0 cursor-pointer rounded-md border border-zinc-300 bg-white p-1 dark:border-zinc-700 dark:bg-zinc-950"
        />
        <input
          id={ID.brandColor}
          name="brandColor"
          type="text"
          value={colour}
          onChange={(e) => setColour(e.target.value)}
          maxLength={7}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("brandColor", error, true)}
          className={`${INPUT} max-w-40 font-mono`}
        />
        <span
          aria-hidden="true"
          className="rounded-md px-3 py-2 text-sm font-medium text-white"
          style={{ backgroundColor: valid ? colour.trim() : "transparent" }}
        >
          {valid ? "White text" : ""}
        </span>
      </div>
      <p id={`${ID.brandColor}-help`} className={HELP} aria-live="polite">
        As #rrggbb. The page puts white text on it, so it needs a contrast of at least {formatRatio(AA_NORMAL_TEXT)} (WCAG AA).
        {ratio !== null ? ` This one: ${formatRatio(ratio)}, ${ratio >= AA_NORMAL_TEXT ? "enough" : "too light"}.` : ""}
      </p>
      {error ? (
        <p id={`${ID.brandColor}-error`} className={FIELD_ERROR}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function EventsField({ field, legend, help, chosen, error }: { field: "smsEvents" | "xEvents"; legend: string; help: string; chosen: string[]; error?: string }) {
  return (
    <fieldset id={ID[field]} aria-describedby={describedBy(field, error, true)} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <legend className="px-1 text-sm font-semibold">{legend}</legend>
      <p id={`${ID[field]}-help`} className="text-sm text-zinc-600 dark:text-zinc-400">
        {help}
      </p>
      <div className="mt-3 grid gap-2 sm:grid-cols-2">
        {CHOOSABLE_EVENTS.map((kind) => {
          const id = `${ID[field]}-${kind}`;
          return (
            <div key={kind} className="flex items-center gap-2">
              <input id={id} name={field} value={kind} type="checkbox" defaultChecked={chosen.includes(kind)} className="size-4" />
              <label htmlFor={id} className="text-sm">
                {EVENT_LABELS[kind]}
              </label>
            </div>
          );
        })}
      </div>
      {error ? (
        <p id={`${ID[field]}-error`} className={FIELD_ERROR}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function SettingsForm({ current, timeZones, fromAddress, canWrite }: { current: SettingsFormValues; timeZones: string[]; fromAddress: string; canWrite: boolean }) {
  const [state, action] = useActionState(saveSettingsAction, initialState);
  const v = state.values ?? current;
  const errors = state.fieldErrors;
  const problems = Object.entries(errors) as [SettingsField, string][];
  // A fresh key per refused save makes React apply the returned values as the defaults again.
  const key = state.values ? JSON.stringify(state.values) : "current";
  return (
    <form key={key} action={action} className="space-y-8" noValidate>
      <ErrorSummary title="The settings were not saved:" formError={state.formError} problems={problems.map(([field, message]) => ({ href: `#${ID[field]}`, message }))} />

      {/* Read-only for a role that cannot change them (the action refuses it too). */}
      <fieldset disabled={!canWrite} className="space-y-8">
        <section aria-labelledby="settings-page-heading" className="space-y-5">
          <h2 id="settings-page-heading" className="text-lg font-semibold">
            The page
          </h2>
          <TextField field="name" label="Page name" value={v.name} error={errors.name} maxLength={100} help="Shown at the top of the status page and in every notice." />
          <TextField
            field="url"
            label="Public address"
            type="url"
            value={v.url}
            error={errors.url}
            placeholder="https://status.example.com"
            help="Where people reach the status page. Links in notices lead here."
          />
          <TextField
            field="timeZone"
            label="Time zone"
            value={v.timeZone}
            error={errors.timeZone}
            list="settings-time-zones"
            maxLength={100}
            help="An IANA time zone such as Europe/Paris. The page shows dates in it, and maintenance windows are entered in it."
          />
          <datalist id="settings-time-zones">
            {timeZones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <TextField field="logoUrl" label="Logo address" type="url" value={v.logoUrl} error={errors.logoUrl} placeholder="https://example.com/logo.svg" help="Shown beside the page name. Leave empty for none." />
          <ColourField value={v.brandColor} error={errors.brandColor} />
          <TextField field="supportUrl" label="Support link" type="url" value={v.supportUrl} error={errors.supportUrl} placeholder="https://example.com/support" help="Where visitors can ask for help. Leave empty for none." />
          <TextField field="xHandle" label="X handle" value={v.xHandle} error={errors.xHandle} placeholder="@example" maxLength={16} help="The page's account on X, as @name. Leave empty for none." />
        </section>

        <section aria-labelledby="settings-notices-heading" className="space-y-5">
          <h2 id="settings-notices-heading" className="text-lg font-semibold">
            Notifications
          </h2>
          <EventsField
            field="smsEvents"
            legend="Sent by SMS"
            chosen={v.smsEvents}
            error={errors.smsEvents}
            help="SMS costs money and interrupts people: send only what matters. Email and webhooks carry every notice, and a new SMS subscriber always gets the confirmation text."
          />
          <EventsField field="xEvents" legend="Posted on X" chosen={v.xEvents} error={errors.xEvents} help="What the page's X account posts." />
          <TextField
            field="emailSenderName"
            label="Email sender name"
            value={v.emailSenderName}
            error={errors.emailSenderName}
            maxLength={100}
            help={`Email notices come from this name at ${fromAddress}. Leave empty to use the address as configured (SMTP_FROM).`}
          />
        </section>
      </fieldset>

      {canWrite ? (
        <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Your role can read these settings; an owner or admin can change them.</p>
      )}
    </form>
  );
}
