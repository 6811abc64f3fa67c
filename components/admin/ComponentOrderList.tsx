"use client";
// One level of the page (the top level, or a group's components) as a list reordered by drag and
// drop: the item follows the pointer while dragged, and the new order is saved on drop. The drag
// starts from an item's handle only, so text in its forms can still be selected. Levels nest (a
// group's list sits inside the top level's): each list handles its own items' drags and lets
// others pass. Keyboard users have the "Move up"/"Move down" buttons in each item.
import { startTransition, useActionState, useRef, useState, type DragEvent, type ReactNode } from "react";
import { reorderAction, type ReorderState } from "@/app/_actions/components";

export type OrderItem = { key: string; name: string; content: ReactNode };

const initial: ReorderState = { error: null, saved: 0 };

function moveTo(keys: readonly string[], key: string, overKey: string): string[] {
  const from = keys.indexOf(key);
  const to = keys.indexOf(overKey);
  if (from < 0 || to < 0 || from === to) return [...keys];
  const out = keys.filter((k) => k !== key);
  out.splice(to, 0, key);
  return out;
}

export function ComponentOrderList({ groupId, label, items }: { groupId: string | null; label: string; items: OrderItem[] }) {
  const shown = items.map((i) => i.key);
  const [order, setOrder] = useState<string[]>(shown);
  const [armed, setArmed] = useState<string | null>(null);
  const dragging = useRef<string | null>(null);
  const [state, action, pending] = useActionState(reorderAction, initial);
  // The server's order replaces ours whenever it changes (after a save, or another operator's).
  const [serverOrder, setServerOrder] = useState(shown.join(","));
  if (serverOrder !== shown.join(",")) {
    setServerOrder(shown.join(","));
    setOrder(shown);
  }
  // A refused order goes back to the server's.
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    if (state.error) setOrder(shown);
  }
  const byKey = new Map(items.map((i) => [i.key, i]));

  function save(keys: string[]) {
    if (keys.join(",") === shown.join(",")) return;
    const form = new FormData();
    form.set("groupId", groupId ?? "");
    for (const key of keys) form.append("order", key);
    startTransition(() => action(form));
  }

  const handlers = (key: string) => ({
    onDragStart(e: DragEvent) {
      e.stopPropagation();
      dragging.current = key;
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", byKey.get(key)?.name ?? key);
    },
    onDragOver(e: DragEvent<HTMLElement>) {
      const moving = dragging.current;
      if (moving === null) return; // another list's drag
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = "move";
      if (moving === key) return;
      // Past the middle of the item in the direction of travel, not merely onto it: items differ
      // in height (a group is tall), and swapping on first touch would swap straight back.
      const rect = e.currentTarget.getBoundingClientRect();
      const middle = rect.top + rect.height / 2;
      const down = order.indexOf(moving) < order.indexOf(key);
      if (down ? e.clientY > middle : e.clientY < middle) setOrder((o) => moveTo(o, moving, key));
    },
    onDrop(e: DragEvent) {
      if (dragging.current === null) return;
      e.preventDefault();
      e.stopPropagation();
      dragging.current = null;
      save(order);
    },
    onDragEnd(e: DragEvent) {
      e.stopPropagation();
      // Dropped outside the list: put it back.
      if (dragging.current !== null) setOrder(shown);
      dragging.current = null;
      setArmed(null);
    },
  });

  return (
    <div>
      <ol
        aria-label={label}
        className="space-y-3"
        // A drop in the gap between two items counts as a drop in the list.
        onDragOver={(e) => {
          if (dragging.current !== null) e.preventDefault();
        }}
        onDrop={(e) => {
          if (dragging.current === null) return;
          e.preventDefault();
          e.stopPropagation();
          dragging.current = null;
          save(order);
        }}
      >
        {order.map((key) => {
          const item = byKey.get(key);
          if (!item) return null;
          return (
            <li key={key} draggable={armed === key} {...handlers(key)} className="flex items-start gap-2">
              <span
                aria-hidden="true"
                title={`Drag to move ${item.name}`}
                onPointerDown={() => setArmed(key)}
                onPointerUp={() => setArmed(null)}
                className="mt-4 cursor-grab touch-none rounded px-1 text-lg leading-none text-zinc-500 select-none hover:bg-zinc-200 active:cursor-grabbing dark:text-zinc-400 dark:hover:bg-zinc-800"
              >
                ⠿
              </span>
              <div className="min-w-0 flex-1">{item.content}</div>
            </li>
          );
        })}
      </ol>
      <div aria-live="polite" className="mt-2 text-sm">
        {pending ? <p className="text-zinc-600 dark:text-zinc-400">Saving the new order…</p> : null}
        {!pending && state.error ? (
          <p role="alert" className="font-medium text-red-700 dark:text-red-400">
            The order was not saved: {state.error}
          </p>
        ) : null}
        {!pending && !state.error && state.saved > 0 ? <p className="text-green-800 dark:text-green-300">Order saved.</p> : null}
      </div>
    </div>
  );
}
