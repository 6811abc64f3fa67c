"use client";
// The fields the new incident form and the update form share: a component's new status, the
// impact (computed live from the components, or chosen), when it started, which channels to
// notify, and the summary of refusals linking to each field.
import { CHANNELS, CHANNEL_LABELS, COMPONENT_STATUSES, COMPONENT_STATUS_LABELS, IMPACT_LABELS, type ComponentStatus, type Impact } from "@/lib/vocabulary";
import { INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary, FieldError } from "@/components/admin/ErrorSummary";

export { ErrorSummary, FieldError };

const HELP = "mt-1 text-sm text-zinc-600 dark:text-zinc-400";

/** The statuses chosen in a form's component selects ("No change" left out), for the computed impact. */
export function statusesOf(components: Record<string, string>): ComponentStatus[] {
  return Object.values(components).filter((s): s is ComponentStatus => (COMPONENT_STATUSES as readonly string[]).includes(s));
}
const CHOOSABLE_IMPACTS = ["none", "minor", "major", "critical"] as const;



/** One component's new status ("No change" keeps it), with its status now. */
export function ComponentStatusSelect({ idPrefix, component, value }: { idPrefix: string; component: { id: string; name: string; status: ComponentStatus }; value: string }) {
  const id = `${idPrefix}-${component.id}`;
  return (
    <div className="grid grid-cols-1 items-center gap-1 sm:grid-cols-[1fr_14rem] sm:gap-4">
      <label htmlFor={id} className="text-sm font-medium">
        {component.name}
      </label>
      <div>
        <select id={id} name={`component:${component.id}`} defaultValue={value} aria-describedby={`${id}-current`} className={INPUT}>
          <option value="">No change</option>
          {COMPONENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {COMPONENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <p id={`${id}-current`} className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          Now: {COMPONENT_STATUS_LABELS[component.status]}
        </p>
      </div>
    </div>
  );
}

/** The impact: computed from the components (shown live), or one chosen over it. */
export function ImpactField({ id, computed, value, error }: { id: string; computed: Impact; value: string; error?: string }) {
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        Impact
      </label>
      <select
        id={id}
        name="impact"
        defaultValue={value || "computed"}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-help`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
        className={`mt-1 ${INPUT}`}
      >
        <option value="computed">Computed from the components ({IMPACT_LABELS[computed].toLowerCase()})</option>
        {CHOOSABLE_IMPACTS.map((i) => (
          <option key={i} value={i}>
            {IMPACT_LABELS[i]}
          </option>
        ))}
      </select>
      <p id={`${id}-help`} className={HELP}>
        The colour of the incident on the page. Computed, it follows the worst status set on a component.
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** When it started, in the page's time zone: now or earlier, never later. */
export function StartedAtField({ id, value, max, timeZone, help, error }: { id: string; value: string; max: string; timeZone: string; help: string; error?: string }) {
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        Started at <span className="font-normal text-zinc-600 dark:text-zinc-400">({timeZone})</span>
      </label>
      <input
        id={id}
        name="startedAt"
        type="datetime-local"
        defaultValue={value}
        max={max}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-help`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
        className={`mt-1 ${INPUT} sm:w-auto`}
      />
      <p id={`${id}-help`} className={HELP}>
        {help}
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Whether to notify, and on which channels. */
export function NotifyFields({ idPrefix, notify, channels, error }: { idPrefix: string; notify: boolean; channels: readonly string[]; error?: string }) {
  return (
    <fieldset id={`${idPrefix}-channels`} className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-describedby={error ? `${idPrefix}-channels-error` : undefined}>
      <legend className="px-1 text-sm font-semibold">Notifications</legend>
      <div className="flex items-start gap-2">
        <input id={`${idPrefix}-notify`} name="notify" type="checkbox" defaultChecked={notify} className="mt-1 size-4" />
        <div>
          <label htmlFor={`${idPrefix}-notify`} className="text-sm font-medium">
            Notify subscribers
          </label>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Send this to everyone subscribed to the affected components, on the channels ticked below.</p>
        </div>
      </div>
      <input type="hidden" name="channelsShown" value="1" />
      <div className="flex flex-wrap gap-x-5 gap-y-2 pl-6">
        {CHANNELS.map((c) => (
          <div key={c} className="flex items-center gap-2">
            <input id={`${idPrefix}-channel-${c}`} name="channels" type="checkbox" value={c} defaultChecked={channels.includes(c)} className="size-4" />
            <label htmlFor={`${idPrefix}-channel-${c}`} className="text-sm">
              {CHANNEL_LABELS[c]}
            </label>
          </div>
        ))}
      </div>
      <FieldError id={`${idPrefix}-channels-error`} message={error} />
    </fieldset>
  );
}
