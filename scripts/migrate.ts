import { LOCAL_DATABASE_URL } from '../lib/stage';
import { migrate } from '../local/database';

// A deploy step: `DATABASE_URL=... npm run db:migrate` before (or right after) `cdk deploy`.
const databaseUrl = process.env.DATABASE_URL ?? LOCAL_DATABASE_URL;
await migrate(databaseUrl, (line) => console.log(line));
console.log(`Migrations applied to ${new URL(databaseUrl).pathname.slice(1)}`);
