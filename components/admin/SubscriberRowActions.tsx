"use client";
// A subscriber row's actions. Removing and rotating a secret cannot be taken back, so each asks
// twice: the first button only reveals the one that acts.
import { useActionState, useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { reactivateSubscriberAction, removeSubscriberAction, rotateSecretAction, type RowActionState } from "@/app/_actions/subscribers-admin";
import type { SubscriberChannel, SubscriberState } from "@/lib/vocabulary";
import { SubscriberSecret } from "@/components/admin/SubscriberSecret";

const initial: RowActionState = { error: null, secret: null };

const PLAIN = "rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
const DANGER =
  "rounded-md bg-red-700 px-2 py-1 text-xs font-medium text-white hover:bg-red-800 disabled:cursor-wait disabled:opacity-70 dark:bg-red-600 dark:hover:bg-red-500";
const PRIMARY =
  "rounded-md bg-blue-700 px-2 py-1 text-xs font-medium text-white hover:bg-blue-800 disabled:cursor-wait disabled:opacity-70 dark:bg-blue-600 dark:hover:bg-blue-500";

/** Disabled while its form's action runs: one click, one change. */
function Submit({ children, pendingText, className }: { children: ReactNode; pendingText: string; className: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={className}>
      {pending ? pendingText : children}
    </button>
  );
}

function Problem({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" className="mt-1 text-xs font-medium text-red-700 dark:text-red-400">
      {text}
    </p>
  ) : null;
}

type Props = { subscriber: { id: string; address: string; channel: SubscriberChannel; state: SubscriberState }; returnTo: string };

function Remove({ subscriber, returnTo }: Props) {
  const [state, action] = useActionState(removeSubscriberAction, initial);
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} className={PLAIN}>
        Remove<span className="sr-only"> {subscriber.address}</span>
      </button>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="subscriberId" value={subscriber.id} />
      <input type="hidden" name="return" value={returnTo} />
      <p className="text-xs">They will be unsubscribed (kept in the list as unsubscribed) and sent nothing more.</p>
      <div className="flex gap-1">
        <Submit pendingText="Removing…" className={DANGER}>
          Yes, remove<span className="sr-only"> {subscriber.address}</span>
        </Submit>
        <button type="button" onClick={() => setAsking(false)} className={PLAIN}>
          Cancel
        </button>
      </div>
      <Problem text={state.error} />
    </form>
  );
}

function Reactivate({ subscriber, returnTo }: Props) {
  const [state, action] = useActionState(reactivateSubscriberAction, initial);
  return (
    <form action={action}>
      <input type="hidden" name="subscriberId" value={subscriber.id} />
      <input type="hidden" name="return" value={returnTo} />
      <Submit pendingText="Reactivating…" className={PRIMARY}>
        Reactivate<span className="sr-only"> {subscriber.address}</span>
      </Submit>
      <Problem text={state.error} />
    </form>
  );
}

function RotateSecret({ subscriber }: Props) {
  const [state, action] = useActionState(rotateSecretAction, initial);
  const [asking, setAsking] = useState(false);
  if (state.secret) return <SubscriberSecret address={subscriber.address} secret={state.secret} title="New signing secret" />;
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} className={PLAIN}>
        Rotate secret<span className="sr-only"> of {subscriber.address}</span>
      </button>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="subscriberId" value={subscriber.id} />
      <p className="text-xs">The current secret stops working at once: the receiver must switch to the new one.</p>
      <div className="flex gap-1">
        <Submit pendingText="Rotating…" className={DANGER}>
          Yes, new secret<span className="sr-only"> for {subscriber.address}</span>
        </Submit>
        <button type="button" onClick={() => setAsking(false)} className={PLAIN}>
          Cancel
        </button>
      </div>
      <Problem text={state.error} />
    </form>
  );
}

export function SubscriberRowActions(props: Props) {
  const { state, channel } = props.subscriber;
  if (state === "unsubscribed") return null;
  return (
    <div className="flex min-w-[9rem] flex-col items-start gap-1">
      {state === "quarantined" ? <Reactivate {...props} /> : null}
      {channel === "webhook" ? <RotateSecret {...props} /> : null}
      <Remove {...props} />
    </div>
  );
}
