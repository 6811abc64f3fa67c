"use client";
import { useState } from "react";
import { logoutEverywhereAction } from "@/app/_actions/operators";
import { SubmitButton } from "@/components/SubmitButton";

const SECONDARY =
  "rounded-md border border-zinc-300 px-4 py-2 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** "Log out everywhere", asked twice: it ends this session too. */
export function AccountLogoutEverywhere({ sessions }: { sessions: number }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={SECONDARY}>
        Log out everywhere…
      </button>
    );
  }
  return (
    <form action={logoutEverywhereAction} className="space-y-3">
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        This ends all {sessions} {sessions === 1 ? "session" : "sessions"} of your account, this one included: you will log in again.
      </p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Logging out…" className="bg-red-700! hover:bg-red-800! dark:bg-red-600! dark:hover:bg-red-500!">
          Yes, log out everywhere
        </SubmitButton>
        <button type="button" onClick={() => setConfirming(false)} className={SECONDARY}>
          Cancel
        </button>
      </div>
    </form>
  );
}
