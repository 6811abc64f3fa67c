// /metrics: the notifier's numbers as Prometheus text. The web process answers it before Next.js
// (scripts/web.ts, at most one database read every 5 s); this handler serves it under `next dev`.
import { prometheusResponse } from "@/lib/public/route-response";

export const dynamic = "force-dynamic";
export const GET = prometheusResponse;
