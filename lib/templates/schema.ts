// An incident template's fields, checked once for creating and editing: what an incident started
// from it will say (title, first message, status), which components it affects and how, and which
// channels it notifies.
import { z } from "zod";
import type { Tx } from "@/lib/db/prisma";
import { ChannelsSchema } from "@/lib/incidents/posting";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import { CHANNELS, ComponentStatusSchema, IncidentStatusSchema } from "@/lib/vocabulary";

export const TemplateFields = z.object({
  name: z.string().trim().min(1, "Give the template a name").max(100, "Keep the name under 100 characters").refine((s) => !hasNul(s), NUL_MESSAGE),
  title: z.string().trim().min(1, "Give the incident a title").max(200, "Keep the title under 200 characters").refine((s) => !hasNul(s), NUL_MESSAGE),
  body: z.string().trim().min(1, "Write the incident's first message").max(20_000, "Keep the message under 20,000 characters").refine((s) => !hasNul(s), NUL_MESSAGE),
  status: IncidentStatusSchema.default("investigating"),
  components: z
    .array(z.object({ componentId: z.string().trim().min(1, "Unknown component").refine((s) => !hasNul(s), "Unknown component"), status: ComponentStatusSchema }))
    .default([])
    .refine((cs) => new Set(cs.map((c) => c.componentId)).size === cs.length, "A component is listed twice"),
  channels: ChannelsSchema.default([...CHANNELS]).refine((cs) => cs.length > 0, "Choose at least one channel to notify"),
});
export type TemplateFields = z.output<typeof TemplateFields>;

/** The components a template names must exist; refused in the form's words (a field problem). */
export async function checkTemplateComponents(tx: Tx, components: TemplateFields["components"]): Promise<void> {
  if (!components.length) return;
  const ids = components.map((c) => c.componentId);
  const found = await tx.component.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) {
    throw new z.ZodError([{ code: "custom", path: ["components"], message: `Unknown component: ${missing.join(", ")}. Reload the page and choose again.`, input: missing }]);
  }
}

/** A template as its audit row records it. */
export function templateRecord(t: { name: string; title: string; body: string; status: string; components: unknown; channels: readonly string[] }) {
  return { name: t.name, title: t.title, body: t.body, status: t.status, components: t.components, channels: [...t.channels] };
}

/** The database's unique name index refused a name taken at the same moment by another write. */
export function isNameTaken(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}
