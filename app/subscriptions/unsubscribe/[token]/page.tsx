// The unsubscribe link in every email: a page with a button. Opening it changes nothing; the button
// does (a form POST through a server action). Mail clients' one-click unsubscribe (RFC 8058) POSTs
// to ./one-click instead.
import type { Metadata } from "next";
import { MessagePage } from "@/components/MessagePage";
import { UnsubscribeForm } from "@/components/UnsubscribeForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <MessagePage title="Unsubscribe from status updates?">
      <UnsubscribeForm token={token} />
    </MessagePage>
  );
}
