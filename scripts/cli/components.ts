// Naming components on the command line: "NAME=STATUS" specs, and a name or an id for one.
import { describeLookupProblems, findComponentsByName } from "@/lib/components/find-by-name";
import { db } from "@/lib/db/prisma";
import { COMPONENT_STATUSES, type ComponentStatus } from "@/lib/vocabulary";
import { UsageError } from "./command";

export function parseComponentSpecs(specs: string[]): { name: string; status: ComponentStatus }[] {
  return specs.map((spec) => {
    const eq = spec.lastIndexOf("=");
    const componentName = eq < 0 ? "" : spec.slice(0, eq).trim();
    const componentStatus = eq < 0 ? "" : spec.slice(eq + 1).trim();
    if (!componentName || !componentStatus) throw new UsageError(`--component "${spec}": write it as "NAME=STATUS"`);
    return { name: componentName, status: parseComponentStatus(componentStatus, `--component "${spec}": `) };
  });
}

export function parseComponentStatus(value: string, context = ""): ComponentStatus {
  if (!(COMPONENT_STATUSES as readonly string[]).includes(value)) {
    throw new UsageError(`${context}unknown status "${value}". Valid statuses: ${COMPONENT_STATUSES.join(", ")}`);
  }
  return value as ComponentStatus;
}

/** Components by id (exact) or else by name, as findComponentsByName matches names. */
export async function resolveComponents(refs: string[]): Promise<Map<string, { id: string; name: string; status: ComponentStatus }>> {
  const byId = await db().component.findMany({ where: { id: { in: refs } }, select: { id: true, name: true, status: true } });
  const out = new Map(byId.map((c) => [c.id, c as { id: string; name: string; status: ComponentStatus }]));
  const lookup = await findComponentsByName(refs.filter((r) => !out.has(r)));
  const problem = describeLookupProblems(lookup);
  if (problem) throw new UsageError(problem);
  for (const [name, c] of lookup.found) out.set(name, c);
  return out;
}
