"use client";
import { useActionState } from "react";
import { addSubscriberAction, type AddSubscriberFormState } from "@/app/_actions/subscribers-admin";
import type { SubscribableComponent } from "@/lib/admin/subscribers";
import { CHANNEL_LABELS, SUBSCRIBER_CHANNELS } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { SubscriberSecret } from "@/components/admin/SubscriberSecret";
import { ErrorSummary } from "@/components/admin/ErrorSummary";

const FIELD_ANCHORS = { channel: "#subscriber-channel", address: "#subscriber-address", components: "#subscriber-components" } as const;

const initial: AddSubscriberFormState = { formError: null, fieldErrors: {}, values: null, created: null };

export function SubscriberAddForm({ components }: { components: SubscribableComponent[] }) {
  const [state, action] = useActionState(addSubscriberAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  const problems = Object.entries(errors) as [keyof typeof FIELD_ANCHORS, string][];
  const chosen = new Set(v?.componentIds ?? []);
  const created = state.created;
  // A fresh key per answer re-applies the returned values as defaults (and empties the form after a success).
  const key = v ? JSON.stringify(v) : (created?.id ?? "empty");
  return (
    <div className="space-y-4">
      {created?.webhookSecret ? (
        <SubscriberSecret address={created.address} secret={created.webhookSecret} title="Webhook subscriber added" />
      ) : created ? (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-4 py-3 text-sm font-medium text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200">
          {created.state === "active"
            ? `Added ${created.address}: active.`
            : `Added ${created.address}: unconfirmed until they follow the confirmation message on its way to them.`}
        </p>
      ) : null}
      <form key={key} action={action} className="space-y-5" noValidate>
        <ErrorSummary title="The subscriber was not added:" formError={state.formError} problems={problems.map(([field, message]) => ({ href: FIELD_ANCHORS[field], message }))} />

        <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
          <div>
            <label htmlFor="subscriber-channel" className={LABEL}>
              Channel
            </label>
            <select
              id="subscriber-channel"
              name="channel"
              defaultValue={v?.channel ?? "email"}
              aria-invalid={errors.channel ? true : undefined}
              aria-describedby={errors.channel ? "subscriber-channel-error" : undefined}
              className={`mt-1 ${INPUT}`}
            >
              {SUBSCRIBER_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABELS[c]}
                </option>
              ))}
            </select>
            {errors.channel ? (
              <p id="subscriber-channel-error" className={FIELD_ERROR}>
                {errors.channel}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="subscriber-address" className={LABEL}>
              Address
            </label>
            <input
              id="subscriber-address"
              name="address"
              type="text"
              required
              maxLength={2000}
              autoComplete="off"
              spellCheck={false}
              defaultValue={v?.address ?? ""}
              aria-invalid={errors.address ? true : undefined}
              aria-describedby={errors.address ? "subscriber-address-error subscriber-address-help" : "subscriber-address-help"}
              className={`mt-1 ${INPUT}`}
            />
            <p id="subscriber-address-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              An email address, a phone number in international form (+14155550100), or a webhook URL (https://…).
            </p>
            {errors.address ? (
              <p id="subscriber-address-error" className={FIELD_ERROR}>
                {errors.address}
              </p>
            ) : null}
          </div>
        </div>

        <fieldset
          id="subscriber-components"
          className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
          aria-describedby={errors.components ? "subscriber-components-help subscriber-components-error" : "subscriber-components-help"}
        >
          <legend className="px-1 text-sm font-semibold">Components</legend>
          <p id="subscriber-components-help" className="text-sm text-zinc-600 dark:text-zinc-400">
            Tick none to subscribe to every component, including ones added later.
          </p>
          {components.length === 0 ? <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">There are no components yet.</p> : null}
          <div className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2">
            {components.map((c) => (
              <div key={c.id} className="flex items-center gap-2">
                <input id={`subscriber-component-${c.id}`} name="component" value={c.id} type="checkbox" defaultChecked={chosen.has(c.id)} className="size-4" />
                <label htmlFor={`subscriber-component-${c.id}`} className="text-sm">
                  {c.name}
                  {c.groupName ? <span className="text-zinc-500 dark:text-zinc-400"> ({c.groupName})</span> : null}
                </label>
              </div>
            ))}
          </div>
          {errors.components ? (
            <p id="subscriber-components-error" className={FIELD_ERROR}>
              {errors.components}
            </p>
          ) : null}
        </fieldset>

        <div className="flex items-start gap-2">
          <input id="subscriber-confirmed" name="confirmed" type="checkbox" defaultChecked={v?.confirmed ?? false} aria-describedby="subscriber-confirmed-help" className="mt-1 size-4" />
          <div>
            <label htmlFor="subscriber-confirmed" className="text-sm font-medium">
              Confirmed already (they agreed elsewhere)
            </label>
            <p id="subscriber-confirmed-help" className="text-sm text-zinc-600 dark:text-zinc-400">
              Active at once. Otherwise the subscriber is sent a confirmation message, as from the public form, and hears nothing else until they
              follow it. A webhook starts active either way: it cannot follow a link.
            </p>
          </div>
        </div>

        <SubmitButton pendingText="Adding…">Add subscriber</SubmitButton>
      </form>
    </div>
  );
}
