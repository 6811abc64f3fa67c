// Graceful shutdown on SIGINT/SIGTERM, or when the supervising `npm start` goes away (its IPC
// channel closes). A second signal exits at once.
export function onShutdown(handler: (reason: string) => Promise<void>): void {
  let started = false;
  const run = (reason: string) => {
    if (started) {
      process.exit(1);
    }
    started = true;
    handler(reason).then(
      () => process.exit(0),
      (e: Error) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => run("SIGINT"));
  process.on("SIGTERM", () => run("SIGTERM"));
  if (process.send) process.on("disconnect", () => run("supervisor gone"));
}
