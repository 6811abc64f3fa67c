// Who is asking. Every use case takes an actor and checks what it may do before anything else.
import type { OperatorRole } from "@/lib/vocabulary";

export type Actor =
  | { type: "operator"; operatorId: string; role: OperatorRole; email: string; ip?: string }
  | { type: "api_key"; apiKeyId: string; operatorId: string; role: OperatorRole; ip?: string }
  | { type: "cli" }
  | { type: "system" }
  | { type: "public"; ip?: string };

/** What an actor may do. The dashboard's operators page shows this table to people: keep the labels plain. */
export const PERMISSIONS = {
  "incident.write": "Post and update incidents and maintenance, edit updates, write postmortems",
  "incident.delete": "Delete incidents and maintenance",
  "component.write": "Set a component's status",
  "component.manage": "Create, rename, reorder and delete components and groups",
  "metric.write": "Define metrics",
  "template.write": "Manage incident templates",
  "subscriber.read": "See subscribers",
  "subscriber.write": "Add, remove, import and export subscribers",
  "settings.write": "Change the page's settings, remove the demo content",
  "apikey.write": "Create and revoke API keys",
  "audit.read": "Read the audit log",
  "operator.write": "Invite, disable and reset operators",
  "outbox.read": "Watch notifications go out",
} as const;
export type Permission = keyof typeof PERMISSIONS;

const EVERYTHING = Object.keys(PERMISSIONS) as Permission[];

export const ROLE_PERMISSIONS: Record<OperatorRole, readonly Permission[]> = {
  owner: EVERYTHING,
  admin: EVERYTHING.filter((p) => p !== "operator.write"),
  editor: ["incident.write", "component.write", "template.write", "subscriber.read", "outbox.read"],
};

export class PermissionError extends Error {
  constructor(permission: Permission) {
    super(`Not allowed: ${permission}`);
    this.name = "PermissionError";
  }
}

export function can(actor: Actor, permission: Permission): boolean {
  switch (actor.type) {
    case "cli":
    case "system":
      // Whoever runs the command line already holds the database.
      return true;
    case "operator":
    case "api_key":
      return ROLE_PERMISSIONS[actor.role].includes(permission);
    case "public":
      return false;
  }
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new PermissionError(permission);
}

/** The operator to credit for a write, if any. */
export function operatorIdOf(actor: Actor): string | null {
  return actor.type === "operator" || actor.type === "api_key" ? actor.operatorId : null;
}
