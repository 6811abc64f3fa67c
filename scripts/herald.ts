// Herald's admin command line: npm run herald -- <command> [options].
// It uses the same database as the server (DATABASE_URL, or the embedded one in HERALD_DATA_DIR,
// shared with a running `npm start`) and the same use cases as the dashboard, as the "cli" actor.
// This file is the table of commands; each lives in scripts/cli/<group>-<verb>.ts, its logic in lib/.
// Exit codes: 0 done, 1 failed, 2 bad usage or input.
import { runCli } from "./cli/run";
import componentSetStatus from "./cli/component-set-status";
import componentCreate from "./cli/component-create";
import componentUpdate from "./cli/component-update";
import componentDelete from "./cli/component-delete";
import componentList from "./cli/component-list";
import groupCreate from "./cli/group-create";
import groupUpdate from "./cli/group-update";
import groupDelete from "./cli/group-delete";
import fanoutStatus from "./cli/fanout-status";
import incidentCreate from "./cli/incident-create";
import incidentResolve from "./cli/incident-resolve";
import incidentUpdate from "./cli/incident-update";
import maintenanceCancel from "./cli/maintenance-cancel";
import maintenanceSchedule from "./cli/maintenance-schedule";
import maintenanceUpdate from "./cli/maintenance-update";
import operatorCreate from "./cli/operator-create";
import operatorDisable from "./cli/operator-disable";
import operatorResetPassword from "./cli/operator-reset-password";
import subscribersImport from "./cli/subscribers-import";
import subscribersExport from "./cli/subscribers-export";
import settingsSet from "./cli/settings-set";
import demoRemove from "./cli/demo-remove";
import metricCreate from "./cli/metric-create";
import metricList from "./cli/metric-list";
import apiKeyCreate from "./cli/api-key-create";
import apiKeyRevoke from "./cli/api-key-revoke";

const COMMANDS = [
  incidentCreate,
  incidentUpdate,
  incidentResolve,
  maintenanceSchedule,
  maintenanceUpdate,
  maintenanceCancel,
  componentSetStatus,
  componentCreate,
  componentUpdate,
  componentDelete,
  componentList,
  groupCreate,
  groupUpdate,
  groupDelete,
  subscribersImport,
  subscribersExport,
  operatorCreate,
  operatorDisable,
  operatorResetPassword,
  fanoutStatus,
  settingsSet,
  demoRemove,
  metricCreate,
  metricList,
  apiKeyCreate,
  apiKeyRevoke,
];

process.exit(await runCli(COMMANDS, process.argv.slice(2)));
