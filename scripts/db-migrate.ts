// npm run db:migrate: apply prisma/migrations (and the job queue's schema) to DATABASE_URL,
// or to the embedded database in HERALD_DATA_DIR when DATABASE_URL is not set.
import { bootstrap } from "@/lib/runtime/bootstrap";

const started = Date.now();
const { database } = await bootstrap({ migrate: true, log: (m) => console.log(m) });
console.log(`database is up to date (${Date.now() - started} ms)`);
await database.stop();
process.exit(0);
