// Subscribers as the dashboard lists them: filtered (address contains, channel, state,
// component), newest first, a page at a time. The same filter chooses what an export writes
// (lib/subscribers/export.ts), so "export" always means "what the list shows".
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SUBSCRIBER_STATES, SubscriberChannelSchema, type SubscriberChannel, type SubscriberState } from "@/lib/vocabulary";

/** The list's filters; every one optional. An empty search is no search. */
export const SubscriberFilter = z.object({
  q: z
    .string()
    .trim()
    .max(320, "Search for at most 320 characters")
    .refine((s) => !hasNul(s), NUL_MESSAGE)
    .optional()
    .transform((s) => s || undefined),
  channel: SubscriberChannelSchema.optional(),
  state: z.enum(SUBSCRIBER_STATES).optional(),
  componentId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((s) => !hasNul(s), "Unknown component")
    .optional(),
});
export type SubscriberFilter = z.input<typeof SubscriberFilter>;

export const PAGE_SIZE = 50;

export const ListSubscribersInput = SubscriberFilter.extend({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(PAGE_SIZE),
});
export type ListSubscribersInput = z.input<typeof ListSubscribersInput>;

export type SubscriberRow = {
  id: string;
  channel: SubscriberChannel;
  address: string;
  state: SubscriberState;
  /** The components chosen, in page order; empty means every component. */
  components: { id: string; name: string }[];
  source: string;
  createdAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  quarantinedAt: Date | null;
  consecutiveFailures: number;
};

export type SubscriberList = { rows: SubscriberRow[]; total: number; page: number; pageCount: number; pageSize: number };

/**
 * The rows a filter selects. A component filter selects whoever hears about that component:
 * those who chose it and those who chose none (every component).
 */
export function subscriberWhere(filter: z.output<typeof SubscriberFilter>): Prisma.SubscriberWhereInput {
  const where: Prisma.SubscriberWhereInput = {};
  if (filter.channel) where.channel = filter.channel;
  if (filter.state) where.state = filter.state;
  if (filter.q) where.address = { contains: filter.q, mode: "insensitive" };
  if (filter.componentId) where.OR = [{ components: { some: { componentId: filter.componentId } } }, { components: { none: {} } }];
  return where;
}

export const SUBSCRIBER_ROW_SELECT = {
  id: true,
  channel: true,
  address: true,
  state: true,
  source: true,
  createdAt: true,
  confirmedAt: true,
  unsubscribedAt: true,
  quarantinedAt: true,
  consecutiveFailures: true,
  components: { select: { component: { select: { id: true, name: true, position: true } } } },
} satisfies Prisma.SubscriberSelect;

export function toSubscriberRow(s: Prisma.SubscriberGetPayload<{ select: typeof SUBSCRIBER_ROW_SELECT }>): SubscriberRow {
  return {
    id: s.id,
    channel: s.channel as SubscriberChannel,
    address: s.address,
    state: s.state,
    components: s.components
      .map((c) => c.component)
      .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
      .map(({ id, name }) => ({ id, name })),
    source: s.source,
    createdAt: s.createdAt,
    confirmedAt: s.confirmedAt,
    unsubscribedAt: s.unsubscribedAt,
    quarantinedAt: s.quarantinedAt,
    consecutiveFailures: s.consecutiveFailures,
  };
}

export async function listSubscribers({ actor, input }: { actor: Actor; input: ListSubscribersInput }): Promise<SubscriberList> {
  requirePermission(actor, "subscriber.read");
  const data = ListSubscribersInput.parse(input);
  const where = subscriberWhere(data);
  const client = db();
  const total = await client.subscriber.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / data.pageSize));
  // A page past the end (the list shrank since the link was made) shows the last one.
  const page = Math.min(data.page, pageCount);
  const rows = await client.subscriber.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * data.pageSize,
    take: data.pageSize,
    select: SUBSCRIBER_ROW_SELECT,
  });
  return { rows: rows.map(toSubscriberRow), total, page, pageCount, pageSize: data.pageSize };
}
