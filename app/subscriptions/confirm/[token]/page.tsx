// The link in the confirmation email: opening it confirms the subscription (opening it again is harmless).
import type { Metadata } from "next";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { requestInfo } from "@/app/_lib/request";
import { MessagePage } from "@/components/MessagePage";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Confirm subscription", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function ConfirmPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { ip } = await requestInfo();
  const result = await confirmSubscription({ actor: { type: "public", ip }, input: { token } });
  if (result.ok) {
    return (
      <MessagePage title="Your subscription is confirmed" tone="success">
        <p>
          <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{result.address}</strong>{" "}
          {result.alreadyConfirmed ? "was already confirmed and" : ""} will get an email when an incident is posted, updated or resolved.
        </p>
        <p>Every email has a link to unsubscribe.</p>
      </MessagePage>
    );
  }
  return (
    <MessagePage title={result.reason === "unsubscribed" ? "This subscription was cancelled" : "This confirmation link is not valid"} tone="problem">
      {result.reason === "unsubscribed" ? (
        <p>This address has unsubscribed. To get updates again, subscribe once more on the status page.</p>
      ) : (
        <p>The link may be mistyped, or it has expired. Subscribe again on the status page and we will send you a new one.</p>
      )}
    </MessagePage>
  );
}
