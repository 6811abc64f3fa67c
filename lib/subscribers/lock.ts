// One subscriber, locked for the rest of the transaction: two operators acting on the same
// subscriber take turns, so each sees the state the other left.
import type { Tx } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";

export async function lockSubscriber(tx: Tx, subscriberId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM subscriber WHERE id = ${subscriberId} FOR UPDATE`;
  if (!locked[0]) throw new NotFoundError(`No subscriber with id ${subscriberId}`);
  return tx.subscriber.findUniqueOrThrow({ where: { id: subscriberId } });
}
