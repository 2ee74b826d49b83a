// Talks to a running `rapport demo` with clients that are not Rapport's: KafkaJS for Kafka and Confluent's
// official JavaScript Avro serde for the Schema Registry. Produces MessageEvents to rapport.messages, then
// reads Rapport's outputs back and prints those of one brand, decoded, one JSON object per line:
//   {"topic": "...", "key": "...", "value": {...}}
//
//   node demo-interop.mjs <bootstrapServers> <registryUrl>
//     stdin: {"schema": "<MessageEvent schema JSON>", "events": [...], "brand": "...",
//             "expectMessages": n, "expectAlerts": n, "timeoutMs": n,
//             "demoClock": {"startMillis": n, "upAtMillis": n, "speed": n, "behindMs": n}}
//
// With demoClock, each event's occurredAt is an offset from the demo's simulated "now" minus behindMs, read
// when the events are produced: the demo's clock runs `speed` times faster than the wall clock, so a time
// fixed before this process started (slow on a busy machine) could already be past the demo's grace.
//
// It stops once the brand's latest stats count expectMessages messages (inbound + outbound over all windows)
// and expectAlerts alerts were read, or at timeoutMs; the caller judges what was printed. Events use avsc's
// plain JavaScript form, as in interop.mjs (timestamp-millis as a number of epoch milliseconds).
import { readFileSync } from 'node:fs';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import schemaregistry from '@confluentinc/schemaregistry';

const { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType, SubjectNameStrategyType } = schemaregistry;

const MESSAGES = 'rapport.messages';
const OUTPUTS = ['rapport.brand-stats', 'rapport.alerts'];
// TopicNameStrategy: subjects are "<topic>-value", as Rapport's serde registers them.
const SERDE_CONFIG = { subjectNameStrategyType: SubjectNameStrategyType.TOPIC };

function onDemoClock(events, clock) {
  if (!clock) return events;
  const now = clock.startMillis + (Date.now() - clock.upAtMillis) * clock.speed - clock.behindMs;
  return events.map((event) => ({ ...event, occurredAt: now + event.occurredAt }));
}

async function produce(kafka, registry, schema, events) {
  await registry.register(`${MESSAGES}-value`, { schemaType: 'AVRO', schema });
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { ...SERDE_CONFIG, useLatestVersion: true });
  // The Java client's partitioner (murmur2), so a conversation lands where a Java producer would put it.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const messages = [];
  for (const event of events) {
    messages.push({
      key: event.conversationId,
      value: await serializer.serialize(MESSAGES, event),
      timestamp: String(event.occurredAt),
    });
  }
  await producer.send({ topic: MESSAGES, messages });
  await producer.disconnect();
}

async function follow(kafka, registry, brand, expectMessages, expectAlerts, timeoutMs) {
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, SERDE_CONFIG);
  const consumer = kafka.consumer({ groupId: `demo-interop-${process.pid}-${Date.now()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: OUTPUTS, fromBeginning: true });
  const latestStats = new Map();
  let alerts = 0;
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  const timer = setTimeout(finish, timeoutMs);
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (message.value === null) return;
      const value = await deserializer.deserialize(topic, message.value);
      if (value.brandId !== brand) return;
      const key = message.key === null ? null : message.key.toString('utf8');
      process.stdout.write(JSON.stringify({ topic, key, value }) + '\n');
      if (topic === 'rapport.alerts') alerts++;
      else latestStats.set(key, value);
      const messages = [...latestStats.values()].reduce((sum, s) => sum + s.inbound + s.outbound, 0);
      if (messages >= expectMessages && alerts >= expectAlerts) finish();
    },
  });
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
}

const [bootstrapServers, registryUrl] = process.argv.slice(2);
if (!bootstrapServers || !registryUrl) {
  console.error('usage: node demo-interop.mjs <bootstrapServers> <registryUrl>  (input on stdin)');
  process.exit(2);
}
try {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const kafka = new Kafka({ clientId: 'rapport-demo-interop', brokers: bootstrapServers.split(','), logLevel: logLevel.ERROR });
  const registry = new SchemaRegistryClient({ baseURLs: [registryUrl], maxRetries: 0 });
  await produce(kafka, registry, input.schema, onDemoClock(input.events, input.demoClock));
  await follow(kafka, registry, input.brand, input.expectMessages, input.expectAlerts, input.timeoutMs);
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}
