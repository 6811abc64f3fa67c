// /admin/subscribers/export: the subscribers the list's filters select (the same query string),
// as a CSV download (lib/subscribers/export.ts), written as it is read from the database.
// A route handler renders no layout: it checks the operator's session itself.
import { PermissionError } from "@/lib/auth/actor";
import { readSubscriberFilter } from "@/lib/admin/subscribers";
import { exportSubscribers, type ExportChunk } from "@/lib/subscribers/export";
import { requireOperator } from "@/app/admin/_lib/auth";

export const dynamic = "force-dynamic";

const encoder = new TextEncoder();

export async function GET(request: Request) {
  const actor = await requireOperator();
  let chunks: AsyncGenerator<ExportChunk>;
  try {
    chunks = exportSubscribers({ actor, input: readSubscriberFilter(new URL(request.url).searchParams) });
  } catch (e) {
    if (e instanceof PermissionError) {
      return new Response("Your account may not export subscribers: an owner or admin can.\n", {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      });
    }
    throw e;
  }
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.text));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="subscribers-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
