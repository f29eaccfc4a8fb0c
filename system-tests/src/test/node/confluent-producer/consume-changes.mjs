// A consumer of the change stream written as a Node team would write it: kafkajs reads feedback-changes.v1 and
// Confluent's schema registry client for Node decodes each record through the gateway's registry API (the records
// are Confluent-framed: 00 + schema id + Avro body). It keeps one project's changes of the usage ids that start with
// USAGE_PREFIX, skips a change whose version it has seen (the stream is at least once), and prints them as JSON once
// it has COUNT of them.
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};
const projectId = env('PROJECT_ID');
const prefix = env('USAGE_PREFIX');
const count = Number(env('COUNT'));
const registry = new SchemaRegistry({ host: env('SCHEMA_REGISTRY_URL') });
const kafka = new Kafka({ clientId: 'change-stream-interop', brokers: [env('KAFKA_BOOTSTRAP_SERVERS')], logLevel: logLevel.ERROR });
const consumer = kafka.consumer({ groupId: `change-stream-interop-${process.pid}-${Date.now()}` });

// A version orders one register's changes: (occurred_at, event_id, item_index).
const version = (c) => `${String(c.occurred_at).padStart(20, '0')}/${c.event_id}/${String(c.item_index).padStart(10, '0')}`;
const seen = new Map(); // register -> newest version kept
const changes = [];

await consumer.connect();
await consumer.subscribe({ topic: 'feedback-changes.v1', fromBeginning: true });
const done = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`only ${changes.length} of ${count} changes in 90 s`)), 90_000);
  consumer.run({
    eachMessage: async ({ message }) => {
      const change = await registry.decode(message.value);
      if (change.project_id !== projectId || !change.usage_id.startsWith(prefix)) return;
      const register = `${change.usage_id}/${change.feedback_type_id}`;
      const newest = seen.get(register);
      if (newest !== undefined && version(change) <= newest) return; // a copy, or older than what we hold
      seen.set(register, version(change));
      changes.push({ key: message.key.toString(), ...change });
      if (changes.length >= count) { clearTimeout(timer); resolve(); }
    },
  });
});
try {
  await done;
} finally {
  await consumer.disconnect();
}
process.stdout.write(JSON.stringify({ changes }, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
