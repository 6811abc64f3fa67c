// What components and groups are made of, checked once for create and update alike: their
// fields' rules, the name rule (unique whatever the case, so a name typed in any case names one
// thing) and the shape their audit rows record.
import { z } from "zod";
import type { Tx } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { DESCRIPTION_MAX, NAME_MAX } from "@/lib/components/limits";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

export function nameSchema(what: "component" | "group") {
  return z
    .string({ error: `Give the ${what} a name` })
    .trim()
    .min(1, `Give the ${what} a name`)
    .max(NAME_MAX, `Keep the name to ${NAME_MAX} characters or fewer`)
    .refine((s) => !hasNul(s), NUL_MESSAGE);
}

/** A description; blank means none (null). */
export const DescriptionSchema = z
  .string()
  .trim()
  .max(DESCRIPTION_MAX, `Keep the description to ${DESCRIPTION_MAX} characters or fewer`)
  .refine((s) => !hasNul(s), NUL_MESSAGE)
  .nullable()
  .transform((s) => (s ? s : null));

/** A calendar day, YYYY-MM-DD (what a date field sends); blank means none (null). */
export const StartDateSchema = z
  .string()
  .trim()
  .refine((s) => s === "" || /^\d{4}-\d{2}-\d{2}$/.test(s), { message: "Write the start date as YYYY-MM-DD", abort: true })
  .refine((s) => s === "" || isRealDay(s), "That date does not exist")
  .nullable()
  .transform((s) => (s ? new Date(`${s}T00:00:00.000Z`) : null));

function isRealDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 1970;
}

/** Where a component sits: a group's id, or null for the top level. */
export const GroupRefSchema = z.string().trim().min(1, "Choose a group").max(64).refine((s) => !hasNul(s), "Unknown group").nullable();

export function isoDay(d: Date | null): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

export async function assertComponentNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.component.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash) throw new ConflictError(`A component named "${clash.name}" already exists: choose another name`);
}

export async function assertGroupNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.componentGroup.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash) throw new ConflictError(`A group named "${clash.name}" already exists: choose another name`);
}

/** The group a component goes into, which must exist (null: the top level). */
export async function findGroup(tx: Tx, groupId: string | null): Promise<{ id: string; name: string } | null> {
  if (groupId === null) return null;
  const group = await tx.componentGroup.findUnique({ where: { id: groupId }, select: { id: true, name: true } });
  if (!group) throw new NotFoundError(`Unknown group: ${groupId}`);
  return group;
}

type ComponentRow = {
  name: string;
  description: string | null;
  groupId: string | null;
  position: number;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  startDate: Date | null;
};

/** A component as its audit rows record it (the group by name too, for people reading the log). */
export function componentAudit(c: ComponentRow, group: { name: string } | null) {
  return {
    name: c.name,
    description: c.description,
    group: group?.name ?? null,
    groupId: c.groupId,
    position: c.position,
    showcase: c.showcase,
    onlyShowIfDegraded: c.onlyShowIfDegraded,
    startDate: isoDay(c.startDate),
  };
}

export function groupAudit(g: { name: string; description: string | null; position: number }) {
  return { name: g.name, description: g.description, position: g.position };
}
