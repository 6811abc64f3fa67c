import { MessagePage } from "@/components/MessagePage";

export default function NotFound() {
  return (
    <MessagePage title="Page not found" tone="problem">
      <p>There is nothing at this address.</p>
    </MessagePage>
  );
}
