import { RetableError } from '@retable/core/errors';

/** The Supabase Management API, where `supabase gen types --project-id` gets a project's types. */
export const SUPABASE_API_URL = 'https://api.supabase.com';

export interface ProjectTypesOptions {
  /** The project's reference (20 lowercase letters, as in `<ref>.supabase.co`). */
  projectRef: string;
  schemas: readonly string[];
  /** A personal access token (`SUPABASE_ACCESS_TOKEN`). */
  accessToken: string;
  /** Default `SUPABASE_API_URL`. */
  apiUrl?: string;
  userAgent?: string;
}

const PROJECT_REF = /^[a-z]{20}$/;

/** Whether `ref` looks like a Supabase project reference. */
export function isProjectRef(ref: string): boolean {
  return PROJECT_REF.test(ref);
}

/**
 * The TypeScript types of a hosted project, as the Supabase CLI fetches them:
 * `GET /v1/projects/{ref}/types/typescript?included_schemas=a,b` with the access token as a
 * bearer token; the answer is `{ "types": "…" }`. Failures are one-line RetableErrors.
 */
export async function fetchProjectTypes(options: ProjectTypesOptions): Promise<string> {
  const base = (options.apiUrl ?? SUPABASE_API_URL).replace(/\/+$/, '');
  const url = `${base}/v1/projects/${encodeURIComponent(options.projectRef)}/types/typescript?${new URLSearchParams({
    included_schemas: options.schemas.join(','),
  })}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        Authorization: `Bearer ${options.accessToken}`,
        Accept: 'application/json',
        ...(options.userAgent ? { 'User-Agent': options.userAgent } : {}),
      },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new RetableError(`--project-id: cannot reach the Supabase Management API at ${base}: ${cause}`);
  }
  const body = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw new RetableError(
      `--project-id: the Supabase Management API refused SUPABASE_ACCESS_TOKEN (${response.status}); create a personal access token in the dashboard's account settings`,
    );
  }
  if (response.status === 404) {
    throw new RetableError(`--project-id: no project "${options.projectRef}" for this access token (404)`);
  }
  if (!response.ok) {
    throw new RetableError(`--project-id: the Supabase Management API answered ${response.status}: ${firstLine(body)}`);
  }
  let types: unknown;
  try {
    types = (JSON.parse(body) as { types?: unknown }).types;
  } catch {
    types = undefined;
  }
  if (typeof types !== 'string') {
    throw new RetableError(`--project-id: the Supabase Management API's answer has no "types" text: ${firstLine(body)}`);
  }
  return types;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || '(empty body)';
}
