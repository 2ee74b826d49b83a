// Runs Confluent's official JavaScript Avro serde against a schema registry, so Rapport's
// hand-written Confluent wire format is checked by an implementation that is not ours.
//
//   node interop.mjs <registryUrl> serialize    stdin:  {"schema": "<Avro schema JSON>", "records": [...]}
//                                               stdout: one Confluent-framed record per line, as hex
//   node interop.mjs <registryUrl> deserialize  stdin:  one framed record per line, as hex
//                                               stdout: one record per line, as JSON
//
// Records use avsc's plain JavaScript form: enums as symbol strings, ["null", T] unions as null or
// the bare value, and timestamp-millis as a number of epoch milliseconds, because the serde maps
// logical types only when given avsc `logicalTypes`, which we deliberately leave out.
import { readFileSync } from 'node:fs';
import schemaregistry from '@confluentinc/schemaregistry';

const { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType, SubjectNameStrategyType } = schemaregistry;

const TOPIC = 'rapport.messages';
// TopicNameStrategy: the subject is "<topic>-value". The serde's default strategy asks the
// registry for topic associations first, an API outside the Confluent subset Rapport serves.
const SERDE_CONFIG = { subjectNameStrategyType: SubjectNameStrategyType.TOPIC };

async function serialize(client, input) {
  const { schema, records } = JSON.parse(input);
  // Without useLatestVersion the serializer derives a schema from each JavaScript object, so the
  // real schema is registered first and the serializer told to use it.
  await client.register(`${TOPIC}-value`, { schemaType: 'AVRO', schema });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { ...SERDE_CONFIG, useLatestVersion: true });
  for (const record of records) {
    const framed = await serializer.serialize(TOPIC, record);
    process.stdout.write(framed.toString('hex') + '\n');
  }
}

async function deserialize(client, input) {
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, SERDE_CONFIG);
  for (const hex of input.split('\n').map((line) => line.trim()).filter((line) => line !== '')) {
    const record = await deserializer.deserialize(TOPIC, Buffer.from(hex, 'hex'));
    process.stdout.write(JSON.stringify(record) + '\n');
  }
}

const [registryUrl, mode] = process.argv.slice(2);
const modes = { serialize, deserialize };
if (!registryUrl || !modes[mode]) {
  console.error('usage: node interop.mjs <registryUrl> serialize|deserialize  (input on stdin)');
  process.exit(2);
}
const client = new SchemaRegistryClient({ baseURLs: [registryUrl], maxRetries: 0 });
try {
  await modes[mode](client, readFileSync(0, 'utf8'));
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}
