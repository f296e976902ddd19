/**
 * Why a text is not JSON, without quoting it: Node's own message repeats the start of the input
 * ("Unexpected token 'h', "hello" is not valid JSON"), which must not reach logs, spans or a
 * dead-letter reason. The position is kept where the parser gives one.
 */
export function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `not JSON: syntax error at position ${position}`;
  if (/Unexpected end of JSON input/.test(message))
    return `not JSON: ends at position ${text.length} before the value is complete`;
  return 'not JSON: unexpected token';
}
