import { openServiceDatabase } from '@opora/database';
import type { ServiceDatabaseOptions } from '@opora/database';
import { AuditTrailTables1764000000010 } from '@opora/service-kit';
import { createTestDatabase, testInfra } from '@opora/testing';

import { registryMigrations } from '../registry-service';

const columnsOf = async (database: string, migrations: ServiceDatabaseOptions['migrations']) => {
  const dataSource = await openServiceDatabase({
    serverUrl: testInfra().databaseUrl,
    database,
    entities: [],
    migrations,
  });
  try {
    return await dataSource.query(
      `select column_name, data_type, is_nullable, column_default from information_schema.columns
        where table_name = 'audit_entry' order by ordinal_position`,
    );
  } finally {
    await dataSource.destroy();
  }
};

/**
 * The registry keeps the audit table its own migration created before the kit's existed
 * (docs/decisions.md §24); a new service gets it from AuditTrailTables. They must stay one shape.
 */
describe('audit trail table', () => {
  it('AuditTrailTables creates the same audit_entry as the registry migrations, and the kit migration is a no-op over it', async () => {
    const kitOnly = await createTestDatabase('audit_kit');
    const registry = await createTestDatabase('audit_registry');
    try {
      const kitColumns = await columnsOf(kitOnly.name, [AuditTrailTables1764000000010]);
      const registryColumns = await columnsOf(registry.name, registryMigrations);
      expect(kitColumns.length).toBe(11);
      expect(kitColumns).toEqual(registryColumns);
      // Over the registry's table the kit migration changes nothing (`if not exists`).
      expect(await columnsOf(registry.name, [...registryMigrations, AuditTrailTables1764000000010])).toEqual(
        registryColumns,
      );
    } finally {
      await kitOnly.drop();
      await registry.drop();
    }
  });
});
