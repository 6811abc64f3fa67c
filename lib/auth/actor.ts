// Who is asking. Every use case takes an actor and checks what it may do before anything else.
import type { OperatorRole } from "@/lib/vocabulary";

export type Actor =
  | { type: "operator"; operatorId: string; role: OperatorRole; email: string; ip?: string }
  | { type: "api_key"; apiKeyId: string; operatorId: string; role: OperatorRole }
  | { type: "cli" }
  | { type: "system" }
  | { type: "public"; ip?: string };

export type Permission =
  | "incident.write"
  | "component.write"
  | "subscriber.write"
  | "subscriber.read"
  | "operator.write"
  | "settings.write"
  | "outbox.read";

const ROLE_PERMISSIONS: Record<OperatorRole, readonly Permission[]> = {
  owner: ["incident.write", "component.write", "subscriber.write", "subscriber.read", "operator.write", "settings.write", "outbox.read"],
  admin: ["incident.write", "component.write", "subscriber.write", "subscriber.read", "operator.write", "settings.write", "outbox.read"],
  editor: ["incident.write", "component.write", "subscriber.read", "outbox.read"],
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
