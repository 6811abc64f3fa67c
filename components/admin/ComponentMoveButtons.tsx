"use client";
// "Move up" and "Move down" for one item of a level: the keyboard's way to reorder (drag and drop
// is the mouse's). Each button is a form carrying the level's whole new order, so it works
// without JavaScript and a double click sends the same order twice, which changes nothing more.
import { useFormStatus } from "react-dom";
import { moveItemAction } from "@/app/_actions/components";

const BUTTON =
  "rounded-md border border-zinc-300 px-2 py-1 text-sm font-medium text-zinc-800 hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-40 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800";

function MoveButton({ name, direction, disabled }: { name: string; direction: "up" | "down"; disabled: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={disabled || pending} aria-disabled={disabled || pending} className={BUTTON}>
      <span aria-hidden="true">{direction === "up" ? "↑ " : "↓ "}</span>
      Move <span className="sr-only">{name} </span>
      {direction}
    </button>
  );
}

function swap(keys: readonly string[], i: number, j: number): string[] {
  const out = [...keys];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

/** `order` is the level as shown, as "type:id" keys; `index` this item's place in it. */
export function ComponentMoveButtons({ groupId, order, index, name }: { groupId: string | null; order: readonly string[]; index: number; name: string }) {
  const moved = order[index]!.slice(order[index]!.indexOf(":") + 1);
  const form = (direction: "up" | "down") => {
    const target = direction === "up" ? index - 1 : index + 1;
    const possible = target >= 0 && target < order.length;
    return (
      <form action={moveItemAction}>
        <input type="hidden" name="groupId" value={groupId ?? ""} />
        <input type="hidden" name="moved" value={moved} />
        {(possible ? swap(order, index, target) : order).map((key) => (
          <input key={key} type="hidden" name="order" value={key} />
        ))}
        <MoveButton name={name} direction={direction} disabled={!possible} />
      </form>
    );
  };
  return (
    <div className="flex gap-1">
      {form("up")}
      {form("down")}
    </div>
  );
}
