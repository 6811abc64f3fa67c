// Herald's admin command line: npm run herald -- <command> [options].
// It uses the same database as the server (DATABASE_URL, or the embedded one in HERALD_DATA_DIR,
// shared with a running `npm start`) and the same use cases as the dashboard, as the "cli" actor.
// This file is the table of commands; each lives in scripts/cli/<group>-<verb>.ts, its logic in lib/.
// Exit codes: 0 done, 1 failed, 2 bad usage or input.
import { runCli } from "./cli/run";
import componentSetStatus from "./cli/component-set-status";
import fanoutStatus from "./cli/fanout-status";
import incidentCreate from "./cli/incident-create";
import incidentResolve from "./cli/incident-resolve";
import incidentUpdate from "./cli/incident-update";
import operatorCreate from "./cli/operator-create";
import subscribersImport from "./cli/subscribers-import";

const COMMANDS = [
  incidentCreate,
  incidentUpdate,
  incidentResolve,
  componentSetStatus,
  subscribersImport,
  operatorCreate,
  fanoutStatus,
];

process.exit(await runCli(COMMANDS, process.argv.slice(2)));
