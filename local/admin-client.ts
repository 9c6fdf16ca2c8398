/** A small typed client for the admin API, used by the demo and the integration tests. */
export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Polls an issuance until `done` holds or the time runs out. */
  async waitForIssuance(id: string, done: (issuance: any) => boolean, timeoutMs = 60_000): Promise<any> {
    const started = Date.now();
    for (;;) {
      const { status, body } = await this.request('GET', `/issuances/${id}`);
      if (status !== 200) throw new Error(`GET /issuances/${id} answered ${status}: ${JSON.stringify(body)}`);
      if (done(body)) return body;
      if (Date.now() - started > timeoutMs) throw new Error(`issuance ${id} is still ${body.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}
