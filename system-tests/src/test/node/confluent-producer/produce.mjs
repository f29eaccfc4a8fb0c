// A team's existing Node producer, unchanged but for addresses: Confluent's schema registry client for Node
// (@kafkajs/confluent-schema-registry) frames Avro records as 00 + schema id + body, and kafkajs sends them.
// Pointed at the gateway's read-only registry API, it registers (finds) the contract's schemas, encodes feedback
// and a completion log, and sends one record with an id no registry knows. It prints one JSON document on stdout:
// every registry call with its answer, and what it produced.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType, COMPATIBILITY } from '@kafkajs/confluent-schema-registry';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};
const bootstrap = env('KAFKA_BOOTSTRAP_SERVERS');
const registryUrl = env('SCHEMA_REGISTRY_URL');
const projectId = env('PROJECT_ID');
const run = env('RUN', randomUUID());
const count = Number(env('COUNT', '20'));
const unknownId = Number(env('UNKNOWN_SCHEMA_ID', '2147480001'));
const feedbackSchema = readFileSync(env('FEEDBACK_SCHEMA_FILE'), 'utf8');
const logSchema = readFileSync(env('COMPLETION_LOG_SCHEMA_FILE'), 'utf8');

// Every HTTP exchange of the registry client, as the registry answered it.
const calls = [];
const recordCalls = () => ({
  async response(next) {
    const response = await next();
    const request = response.request();
    calls.push({
      method: request.method().toUpperCase(),
      path: new URL(request.url()).pathname,
      status: response.status(),
      answer: response.data(),
    });
    return response;
  },
});
const registry = new SchemaRegistry({ host: registryUrl, middlewares: [recordCalls] });

const results = {};
const subjects = { feedback: 'feedback.v1-value', log: 'completion-logs.v1-value' };
// Our registry holds its subjects to FULL_TRANSITIVE; the client checks the level it expects before registering.
const opts = (subject) => ({ subject, compatibility: COMPATIBILITY.FULL_TRANSITIVE });
results.feedbackRegistered = (await registry.register({ type: SchemaType.AVRO, schema: feedbackSchema }, opts(subjects.feedback))).id;
results.logRegistered = (await registry.register({ type: SchemaType.AVRO, schema: logSchema }, opts(subjects.log))).id;
results.feedbackLookedUp = await registry.getRegistryIdBySchema(subjects.feedback, { type: SchemaType.AVRO, schema: feedbackSchema });
results.feedbackLatest = await registry.getLatestSchemaId(subjects.feedback);
results.feedbackVersion1 = await registry.getRegistryId(subjects.feedback, 1);

// A fresh client, as another producer process would start: encoding has to fetch the schema by id.
const fresh = new SchemaRegistry({ host: registryUrl, middlewares: [recordCalls] });
const micros = (date) => date.getTime() * 1000;
const now = new Date();
const usageIds = [];
const messages = [];
for (let i = 0; i < count; i++) {
  const usageId = `${run}-${i}`;
  usageIds.push(usageId);
  const batch = {
    event_id: randomUUID(),
    project_id: projectId,
    endpoint_id: null,
    received_at: micros(now),
    source: 'DIRECT_PRODUCER',
    request_id: null,
    items: [{
      usage_id: usageId,
      feedback_type_id: 1,
      flag: i % 2 === 0,
      value: null,
      comment: i === 0 ? 'sent from Node, framed by Confluent\'s client' : null,
      tag: null,
      occurred_at: micros(now),
    }],
  };
  messages.push({ key: usageId, value: await fresh.encode(results.feedbackLatest, batch) });
}
const logUsageId = `${run}-log`;
const logValue = await fresh.encode(results.logRegistered, {
  event_id: randomUUID(),
  emitted_at: micros(now),
  usage_id: logUsageId,
  project_id: projectId,
  endpoint_id: null,
  user_id: null,
  created_at: micros(now),
  model: 'node-model',
  cost: null,
  prompt: 'Say hi from Node',
  completion: 'hi',
  temperature: null,
  managed: null,
  template_id: null,
  values: { client: 'kafkajs' },
  request_id: null,
});
results.decodedBack = (await fresh.decode(messages[0].value)).items[0].usage_id;

// The same bytes with an id no registry has: a poison record the processor must dead-letter, naming the id.
const unknown = Buffer.from(messages[0].value);
unknown.writeInt32BE(unknownId, 1);
const unknownUsage = `${run}-unknown-id`;

const kafka = new Kafka({ clientId: 'confluent-interop', brokers: [bootstrap], logLevel: logLevel.WARN,
  logCreator: () => ({ level, log }) => process.stderr.write(`kafkajs ${level}: ${log.message}\n`) });
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
await producer.send({ topic: 'feedback.v1', acks: -1, messages });
await producer.send({ topic: 'completion-logs.v1', acks: -1, messages: [{ key: logUsageId, value: logValue }] });
await producer.send({ topic: 'feedback.v1', acks: -1, messages: [{ key: unknownUsage, value: unknown }] });
await producer.disconnect();

results.usageIds = usageIds;
results.logUsageId = logUsageId;
results.unknownSchemaId = unknownId;
results.registryCalls = calls;
process.stdout.write(JSON.stringify(results) + '\n');
