/**
 * What the models see of each table, engine-independent: its columns' names, TypeScript kinds,
 * nullability, defaults and enums. Run directly (`tsx tests/support/schema-shape.ts`), it prints
 * the shape of the tables this process's engine built, as JSON.
 */
import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import * as schema from "../../db/schema";

export type ColumnShape = { name: string; kind: string; notNull: boolean; hasDefault: boolean; enumValues?: string[] };

export function schemaShape(): Record<string, Record<string, ColumnShape>> {
  const shape: Record<string, Record<string, ColumnShape>> = {};
  for (const value of Object.values(schema)) {
    if (!is(value, Table)) continue;
    const columns: Record<string, ColumnShape> = {};
    for (const [key, column] of Object.entries(getTableColumns(value))) {
      columns[key] = {
        name: column.name,
        // bytea is a custom column on PostgreSQL; its values are Buffers, as SQLite's blobs.
        kind: column.dataType === "custom" ? "buffer" : column.dataType,
        notNull: column.notNull,
        hasDefault: column.hasDefault,
        ...(column.enumValues ? { enumValues: [...column.enumValues] } : {}),
      };
    }
    shape[getTableName(value)] = columns;
  }
  return shape;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(JSON.stringify(schemaShape()));
