// /events: the live-update stream (server-sent events). The web process's front thread holds
// these streams itself (lib/public/streams.ts); this handler serves them under `next dev`.
import { eventsResponse } from "@/lib/public/route-response";

export const dynamic = "force-dynamic";
export const GET = eventsResponse;
