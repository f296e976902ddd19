export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  text: string;
}

/** POSTs a body (an object is sent as JSON, a string as it is) and reads the answer. */
export async function post<T = any>(port: number, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}
