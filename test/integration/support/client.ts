export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Speaks HTTP to the system as a real client does. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the test sees the raw text.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

let counter = 0;

/** A valid feedback body; override what the case is about. */
export function feedback(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    proposalId: `p-${process.pid}-${Date.now()}-${counter}`,
    originalFilename: 'IMG_4032.JPG',
    proposedFilename: '2024-06-01_beach.jpg',
    action: 'approved',
    confidence: 0.9,
    modelVersion: 'v1',
    userId: 'user-1',
    processingTimeMs: 120,
    ...overrides,
  };
}
