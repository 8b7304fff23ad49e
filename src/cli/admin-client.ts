import { adminRequest as request, AdminRequestError, type AdminTarget } from '../server/admin-client.js';
import { UsageError } from './fail.js';

export { adminTokenVariable, type AdminTarget } from '../server/admin-client.js';

export const defaultServerUrl = 'http://127.0.0.1:8080';

/** The admin API for the CLI's commands: a bad --server is a usage error (2), a refusal a failure (1). */
export async function adminRequest<T>(target: AdminTarget, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<T> {
  try {
    return await request<T>(target, method, path, body);
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error;
    throw error.reason === 'address' ? new UsageError(`--server: ${error.message}`) : new UsageError(error.message, 1);
  }
}
