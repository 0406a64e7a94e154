import { parseArgs } from 'node:util';
import { LOCAL_DATABASE_URL } from '../lib/stage';
import { createApiKey, listApiKeys, revokeApiKey } from '../local/api-keys';
import { migrate } from '../local/database';

const USAGE = `Usage (DATABASE_URL selects the database):
  npm run keys -- create --scope user|admin [--tenant T] [--label L]
  npm run keys -- create --scope operator [--label L]     (no tenant: queues and dead letters)
  npm run keys -- list [--tenant T]
  npm run keys -- revoke <id>`;

const databaseUrl = process.env.DATABASE_URL ?? LOCAL_DATABASE_URL;
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    scope: { type: 'string' },
    tenant: { type: 'string' },
    label: { type: 'string' },
  },
});
const [command, ...rest] = positionals;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

await migrate(databaseUrl);
switch (command) {
  case 'create': {
    const scope = values.scope;
    if (scope !== 'user' && scope !== 'admin' && scope !== 'operator') {
      fail('--scope must be user, admin or operator');
    }
    if (scope === 'operator' && values.tenant !== undefined) {
      fail('An operator key belongs to no tenant: leave out --tenant');
    }
    const { id, key } = await createApiKey(databaseUrl, scope, {
      tenantId: values.tenant,
      label: values.label,
    });
    console.log(`id:  ${id}\nkey: ${key}\n\nThe key is shown once; only its SHA-256 is stored.`);
    break;
  }
  case 'list': {
    const keys = await listApiKeys(databaseUrl, values.tenant);
    console.table(
      keys.map((k) => ({
        id: k.id,
        scope: k.scope,
        tenant: k.tenantId ?? '(operator)',
        label: k.label ?? '',
        created: k.createdAt.toISOString(),
        revoked: k.revokedAt?.toISOString() ?? '',
      })),
    );
    break;
  }
  case 'revoke': {
    const id = rest[0] ?? fail('revoke needs the key id (see list)');
    if (!(await revokeApiKey(databaseUrl, id))) fail(`No live key with id ${id}`);
    console.log(`Revoked ${id}: it stops working within 5 seconds.`);
    break;
  }
  default:
    fail(command ? `Unknown command "${command}"` : 'Missing command');
}
