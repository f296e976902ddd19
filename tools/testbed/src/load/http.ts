/**
 * What a test reads from an answer's JSON: any shape, since a wrong field fails the assertion that
 * reads it (the services' own types stay in the services).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export interface HttpAnswer<T = JsonBody> {
  status: number;
  body: T;
  text: string;
}

/** POSTs a body (an object is sent as JSON, a string as it is) and reads the answer. */
export async function post<T = JsonBody>(
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer<T>> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: T | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed as T, text };
}
