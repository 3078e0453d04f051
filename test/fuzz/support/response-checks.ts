import { ApiErrorBodySchema } from '@leadlight/contract';

/** Traces of a leaked exception: V8 stack frames, source positions, driver and validator class names. */
const leakPatterns: readonly RegExp[] = [
  /\n\s+at\s/,
  /\bat\s+[^\s()]+\s+\((?:file:|node:|\/)/,
  /\.(?:ts|js|mjs|cjs):\d+:\d+/,
  /node_modules/,
  /SqliteError|SQLITE_[A-Z]+/,
  /ZodError|TypeError:|ReferenceError:|RangeError:/,
];

export interface CheckedResponse {
  status: number;
  text: string;
  headers: Headers;
}

/** Why a response breaks the API's error contract, or null when it keeps it. */
export function findResponseProblem(response: CheckedResponse): string | null {
  const { status, text } = response;
  if (status >= 500) return `status ${status}`;
  for (const pattern of leakPatterns) {
    if (pattern.test(text)) return `body leaks ${pattern}: ${text.slice(0, 300)}`;
  }
  if (status >= 400) {
    if (!(response.headers.get('content-type') ?? '').includes('application/json')) {
      return `error ${status} is not JSON (${response.headers.get('content-type')})`;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return `error ${status} body is not JSON: ${text.slice(0, 200)}`;
    }
    const shape = ApiErrorBodySchema.safeParse(parsed);
    if (!shape.success)
      return `error ${status} body is not { error: { code, message } }: ${text.slice(0, 200)}`;
    if (shape.data.error.code.length === 0 || shape.data.error.message.length === 0) {
      return `error ${status} has an empty code or message`;
    }
  }
  return null;
}

/** Reads a response once, for checks and assertions. */
export async function readResponse(response: Response): Promise<CheckedResponse> {
  return { status: response.status, text: await response.text(), headers: response.headers };
}
