// A component's description as a tooltip on an info button: shown on hover and on keyboard
// focus, and tied to the button with aria-describedby so screen readers read it too. CSS only.
// The tooltip is placed against the nearest positioned ancestor (the row's name), left-aligned,
// so it stays on screen on a phone whatever the length of the name.
export function InfoTip({ id, label, text }: { id: string; label: string; text: string }) {
  return (
    <span className="group/tip inline-flex align-middle">
      <button
        type="button"
        aria-label={label}
        aria-describedby={id}
        className="inline-flex size-5 items-center justify-center rounded-full text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        <svg viewBox="0 0 16 16" className="size-4" aria-hidden focusable={false}>
          <circle cx="8" cy="8" r="6.8" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M8 7.2v4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          <circle cx="8" cy="4.9" r="0.95" fill="currentColor" />
        </svg>
      </button>
      <span
        id={id}
        role="tooltip"
        className="pointer-events-none invisible absolute bottom-full left-0 z-30 mb-1 w-max max-w-[min(18rem,100%)] rounded-md bg-zinc-900 px-2.5 py-1.5 text-sm font-normal text-white opacity-0 shadow-lg transition-opacity group-focus-within/tip:visible group-focus-within/tip:opacity-100 group-hover/tip:visible group-hover/tip:opacity-100 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {text}
      </span>
    </span>
  );
}
