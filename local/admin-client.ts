import { createHash } from 'node:crypto';
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

  /**
   * A cohort file, the way staff send one: announce it (hash and size), PUT it to the presigned
   * URL, then submit it for validation. Returns the batch as POST /batches answered.
   */
  async submitCohortFile(input: {
    achievementId: string;
    content: string | Buffer;
    name?: string;
    cohort?: Record<string, string>;
    onInvalidRows?: 'stop' | 'issue-valid';
    /** The file's own headers → Laurel's columns (or 'ignore'). */
    columns?: Record<string, string>;
  }) {
    const bytes = Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content, 'utf8');
    const created = await this.request('POST', '/batches', {
      achievementId: input.achievementId,
      ...(input.cohort ? { cohort: input.cohort } : {}),
      file: { name: input.name ?? 'cohort.csv', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
      ...(input.onInvalidRows ? { onInvalidRows: input.onInvalidRows } : {}),
      ...(input.columns ? { columns: input.columns } : {}),
    });
    if (created.status >= 400) throw new Error(`POST /batches: ${created.status} ${JSON.stringify(created.body)}`);
    if (created.body.upload) {
      const put = await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body: bytes });
      if (!put.ok) throw new Error(`upload: ${put.status} ${await put.text()}`);
      const submitted = await this.request('POST', `/batches/${created.body.batch.id}/submit`);
      if (submitted.status >= 400) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    }
    return created;
  }

  /** Polls a batch until `done` holds or the time runs out. */
  async waitForBatch(id: string, done: (batch: any) => boolean, timeoutMs = 120_000, intervalMs = 200): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { status, body } = await this.request('GET', `/batches/${id}`);
      if (status === 200 && done(body)) return body;
      if (Date.now() > deadline) throw new Error(`batch ${id} did not get there in time: ${JSON.stringify(body).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
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
