// npm run start:worker — one notifier worker, run from its bundle (scripts/worker-bundle.mjs says
// why) in this very process: the Node flags in package.json are the worker's own.
import { pathToFileURL } from "node:url";
import { workerEntry } from "./worker-bundle.mjs";

await import(pathToFileURL(workerEntry()).href);
