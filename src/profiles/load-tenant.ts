import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tenantSchema, type Tenant } from '../core/tenant.js';
import { DataError, type DataProblem } from './data-error.js';
import { readValidated } from './load-data.js';
import { packageRoot } from './paths.js';

/** The tenant served when no --tenant is given. */
export function defaultTenantFile(): string {
  return join(packageRoot(), 'tenants', 'contoso.yaml');
}

/** Every tenant file under `root`/tenants (the annotated _example.yaml included, as check-data validates it). */
export function tenantFiles(root: string): string[] {
  const dir = join(root, 'tenants');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(dir, name));
}

/** Reads and validates a tenant file; a DataError names the file and each field in trouble. */
export function loadTenant(file: string = defaultTenantFile()): Tenant {
  const near = relative(process.cwd(), file);
  const name = near && !near.startsWith('..') ? near : file;
  if (!existsSync(file)) throw new DataError([{ file: name, field: '', problem: 'file not found' }]);
  const problems: DataProblem[] = [];
  const tenant = readValidated(file, tenantSchema, problems, () => name);
  if (!tenant || problems.length > 0) throw new DataError(problems);
  return tenant;
}
