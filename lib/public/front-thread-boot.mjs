// The front thread's entry (scripts/web.ts starts it). A worker thread does not get the TypeScript
// loader the process was started with (tsx), so it registers it before loading the front.
import { register } from "tsx/esm/api";

register();
await import("./front-thread.ts");
