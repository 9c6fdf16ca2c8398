import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import { multikeyFromSpki } from '../../shared/credentials/multikey';
import { jwkFromSpki } from '../../shared/credentials/vc-jwt';
import type { KeyAlgorithm } from '../../shared/entities/issuer-key';
import { derivedLearnerKeyer, LEARNER_KEY_LABEL } from '../../shared/entities/learner';
import type {
  ArtifactLinks,
  Artifacts,
  DocumentArchive,
  Clock,
  JsonLinesFiles,
  DomainEvent,
  EmailQueue,
  EventBus,
  KeyVault,
  LearnerKeyer,
  Mailer,
  OutgoingEmail,
  PersonalFiles,
  StoredArtifact,
  TaskFailure,
  WorkflowEngine,
} from '../../shared/ports';

/**
 * In-memory adapters of the issuing ports, for use-case unit tests that run in milliseconds
 * without the local cloud. They keep the promises the AWS adapters keep: createOnly refuses to
 * replace anything (S3's If-None-Match), a mailer's failure can carry an HTTP status or not.
 */
/** The archive as S3 Object Lock keeps it: the first body written under a key stays, whatever comes after. */
export function memoryArchive() {
  const objects = new Map<string, string>();
  const archive: DocumentArchive = {
    async keep(key, body) {
      if (!objects.has(key)) objects.set(key, body);
    },
  };
  return { archive, objects };
}

/**
 * The artifacts bucket, versioned as the deployment's is: a write over a key keeps the version it
 * replaces, and `personalFiles` (the erasure's port) lists, reads, writes and destroys versions.
 */
export function memoryArtifacts(initial: Record<string, StoredArtifact> = {}) {
  const objects = new Map<string, StoredArtifact>();
  const writes: string[] = [];
  /** Each key's current version id, and its older versions, newest first. */
  const currentIds = new Map<string, string>();
  const older = new Map<string, { versionId: string; body: string }[]>();
  let versions = 0;
  const put = (key: string, value: StoredArtifact) => {
    const previous = objects.get(key);
    if (previous) older.set(key, [{ versionId: currentIds.get(key)!, body: previous.body }, ...(older.get(key) ?? [])]);
    objects.set(key, value);
    currentIds.set(key, `v${++versions}`);
    return currentIds.get(key)!;
  };
  for (const [key, value] of Object.entries(initial)) put(key, value);
  const artifacts: Artifacts = {
    async createOnly(key, body, options) {
      if (objects.has(key)) return 'exists';
      put(key, { body, metadata: { ...options.metadata } });
      writes.push(key);
      return 'created';
    },
    read: async (key) => objects.get(key),
    readBytes: async (key) => (objects.has(key) ? Buffer.from(objects.get(key)!.body) : undefined),
    async openStream(key) {
      const object = objects.get(key);
      if (!object) throw Object.assign(new Error(`no object ${key}`), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
      return Readable.from([Buffer.from(object.body)]);
    },
    async replace(key, body) {
      put(key, { body, metadata: {} });
    },
    sizeOf: async (key) => (objects.has(key) ? Buffer.byteLength(objects.get(key)!.body) : undefined),
  };
  const jsonLines: JsonLinesFiles = {
    writer(key) {
      const lines: string[] = [];
      return {
        write: async (value) => void lines.push(JSON.stringify(value)),
        close: async () => void put(key, { body: lines.map((l) => `${l}\n`).join(''), metadata: {} }),
      };
    },
  };
  const personalFiles: PersonalFiles = {
    async versions(prefix) {
      const keys = [...new Set([...objects.keys(), ...older.keys()])].filter((k) => k.startsWith(prefix)).sort();
      return keys.flatMap((key) => [
        ...(objects.has(key) ? [{ key, versionId: currentIds.get(key)!, latest: true, deleteMarker: false }] : []),
        ...(older.get(key) ?? []).map((v) => ({ key, versionId: v.versionId, latest: false, deleteMarker: false })),
      ]);
    },
    read: async (key) => objects.get(key)?.body,
    write: async (key, body) => put(key, { body, metadata: {} }),
    async destroy(key, versionId) {
      if (currentIds.get(key) === versionId) {
        // As S3 does: the next newest version becomes current.
        const [next, ...rest] = older.get(key) ?? [];
        if (next) {
          objects.set(key, { body: next.body, metadata: {} });
          currentIds.set(key, next.versionId);
          older.set(key, rest);
        } else {
          objects.delete(key);
          currentIds.delete(key);
        }
      } else older.set(key, (older.get(key) ?? []).filter((v) => v.versionId !== versionId));
      if (older.get(key)?.length === 0) older.delete(key);
    },
  };
  /** Every version of a key's text, newest first (what an erasure must leave no trace in). */
  const history = (key: string) => [...(objects.has(key) ? [objects.get(key)!.body] : []), ...(older.get(key) ?? []).map((v) => v.body)];
  return { artifacts, jsonLines, personalFiles, objects, writes, history };
}

/** Presigned links, as URLs that name what they grant (nothing serves them). */
export function memoryArtifactLinks(base = 'https://artifacts.example.test'): ArtifactLinks {
  return {
    uploadUrl: async (key, file, expiresInSeconds) => `${base}/${key}?put=${encodeURIComponent(file.contentType)}&size=${file.size}&expires=${expiresInSeconds}`,
    downloadUrl: async (key, expiresInSeconds) => `${base}/${key}?expires=${expiresInSeconds}`,
  };
}

export function memoryEventBus() {
  const published: DomainEvent[] = [];
  const bus: EventBus = { publish: async (events) => void published.push(...events) };
  return { bus, published };
}

export function memoryMailer(options: { fail?: (email: OutgoingEmail) => Error | undefined } = {}) {
  const sent: (OutgoingEmail & { messageId: string })[] = [];
  const mailer: Mailer = {
    async send(email) {
      const error = options.fail?.(email);
      if (error) throw error;
      const messageId = `message-${sent.length + 1}`;
      sent.push({ ...email, messageId });
      return { messageId };
    },
  };
  return { mailer, sent };
}

export function memoryEmailQueue() {
  const queued: { issuanceId: string; batchId: string }[] = [];
  const queue: EmailQueue = { enqueue: async (messages) => void queued.push(...messages) };
  return { queue, queued };
}

/** A clock that stands still until told to move (by some milliseconds, or to a time). */
export function fixedClock(iso: string): Clock & { advance(ms: number): void; set(iso: string): void } {
  let now = Date.parse(iso);
  return { now: () => new Date(now), advance: (ms) => void (now += ms), set: (to) => void (now = Date.parse(to)) };
}

/**
 * The workflow engine (one state machine), as Step Functions behaves: an execution name is
 * started once (a second start of it is refused, and answers the same ARN with started:
 * false); a task token is answered once, and not after its execution was stopped (both
 * TaskTimedOut, as Step Functions says); stopping an execution that is not running is no error.
 * Task tokens are minted with `taskToken(executionArn)`, as the engine hands them to a step.
 */
export function memoryWorkflowEngine(stateMachineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:Test') {
  type Execution = { name: string; input: object; status: 'RUNNING' | 'ABORTED' };
  const executions = new Map<string, Execution>();
  const tokens = new Map<string, { executionArn: string; answered: boolean }>();
  const starts: { name: string; input: object; started: boolean; executionArn: string }[] = [];
  const answers: { taskToken: string; result: { output: object } | { failure: TaskFailure } }[] = [];
  const stops: { executionArn: string; failure: TaskFailure }[] = [];
  const arnOf = (name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  const timedOut = (message: string) => Object.assign(new Error(message), { name: 'TaskTimedOut', $metadata: { httpStatusCode: 400 } });
  const engine: WorkflowEngine = {
    async start(name, input) {
      const executionArn = arnOf(name);
      const started = !executions.has(executionArn);
      if (started) executions.set(executionArn, { name, input: structuredClone(input), status: 'RUNNING' });
      starts.push({ name, input: structuredClone(input), started, executionArn });
      return { executionArn, started };
    },
    async answer(taskToken, result) {
      const token = tokens.get(taskToken);
      if (!token) throw Object.assign(new Error(`Invalid Token: '${taskToken}'`), { name: 'InvalidToken', $metadata: { httpStatusCode: 400 } });
      if (token.answered) throw timedOut('Task Timed Out: the task was answered already');
      if (executions.get(token.executionArn)?.status !== 'RUNNING') throw timedOut('Task Timed Out: its execution is not running');
      token.answered = true;
      answers.push({ taskToken, result: structuredClone(result) });
    },
    async stop(executionArn, failure) {
      stops.push({ executionArn, failure: { ...failure } });
      const execution = executions.get(executionArn);
      if (execution) execution.status = 'ABORTED';
    },
  };
  return {
    engine,
    starts,
    answers,
    stops,
    arnOf,
    /** The status of an execution, or undefined if it was never started. */
    status: (executionArn: string) => executions.get(executionArn)?.status,
    /** A task token for a step of a running execution (what `.waitForTaskToken` hands the step). */
    taskToken(executionArn: string): string {
      if (!executions.has(executionArn)) throw new Error(`no execution ${executionArn}`);
      const token = `token-${randomUUID()}`;
      tokens.set(token, { executionArn, answered: false });
      return token;
    },
  };
}

/**
 * Issuers' signing keys with real key pairs from node:crypto: Ed25519 signs, so a credential
 * signed here verifies. (ES256 keys give their public JWK; KMS signs a prepared digest, which
 * node:crypto cannot, so their signer is not offered.)
 */
export function memoryKeyVault() {
  const keys = new Map<string, { issuerId: string; algorithm: KeyAlgorithm; privateKey: KeyObject; publicKey: KeyObject }>();
  const signed: { keyArn: string; bytes: number }[] = [];
  const keyOf = (keyArn: string, algorithm: KeyAlgorithm) => {
    const key = keys.get(keyArn);
    if (!key) throw Object.assign(new Error(`Key '${keyArn}' does not exist`), { name: 'NotFoundException', $metadata: { httpStatusCode: 400 } });
    if (key.algorithm !== algorithm) throw Object.assign(new Error(`Key '${keyArn}' is not an ${algorithm} key`), { name: 'InvalidKeyUsageException', $metadata: { httpStatusCode: 400 } });
    return key;
  };
  const spki = (key: KeyObject) => new Uint8Array(key.export({ format: 'der', type: 'spki' }));
  const vault: KeyVault = {
    async create(issuerId, algorithm) {
      const keyArn = `arn:aws:kms:us-east-1:000000000000:key/${randomUUID()}`;
      const pair = algorithm === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
      keys.set(keyArn, { issuerId, algorithm, ...pair });
      return keyArn;
    },
    publicMultikey: async (keyArn) => multikeyFromSpki(spki(keyOf(keyArn, 'Ed25519').publicKey)),
    publicJwk: async (keyArn) => jwkFromSpki(spki(keyOf(keyArn, 'ES256').publicKey)),
    signer: (keyArn, verificationMethod) => ({
      verificationMethod,
      async sign(message) {
        const signature = sign(null, message, keyOf(keyArn, 'Ed25519').privateKey);
        signed.push({ keyArn, bytes: message.length });
        return new Uint8Array(signature);
      },
    }),
    es256Signer: () => {
      throw new Error('the in-memory key vault does not sign ES256 digests');
    },
  };
  return {
    vault,
    signed,
    /** The public half of a key, to verify what it signed. */
    publicKey: (keyArn: string) => keys.get(keyArn)?.publicKey,
  };
}

/**
 * The learner keyer as the KMS adapter builds it, over a KMS HMAC key of the test's own: the
 * secret is the HMAC-SHA256 of the derivation label under `kmsKey` (what GenerateMac gives), so
 * another key or another label keys every learner differently. `derivations` counts the KMS calls.
 */
export function memoryLearnerKeyer(options: { kmsKey?: string; label?: string } = {}): LearnerKeyer & { derivations(): number } {
  let derivations = 0;
  const keyer = derivedLearnerKeyer(async () => {
    derivations++;
    return createHmac('sha256', options.kmsKey ?? 'memory-learner-index-key').update(options.label ?? LEARNER_KEY_LABEL, 'utf8').digest();
  });
  return { ...keyer, derivations: () => derivations };
}
