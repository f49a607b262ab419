// Serves the DINFRA runtime with Chopsticks in genesis mode on 127.0.0.1 and produces a block
// every --block-time-ms (real Substrate JSON-RPC over WebSocket). Runs until SIGINT/SIGTERM.
//
// Usage: node dev-chain.mjs --spec RAW_SPEC.json [--port 9944] [--block-time-ms 6000] [--db FILE]
// With --db the chain is kept in that SQLite file and a restart resumes from its latest block.
// --host sets the listening address (default 127.0.0.1; the container image, docker/chain, uses 0.0.0.0).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BuildBlockMode, setupWithServer } from '@acala-network/chopsticks';

const { values } = parseArgs({
  options: {
    spec: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '9944' },
    'block-time-ms': { type: 'string', default: '6000' },
    db: { type: 'string' },
  },
});
if (!values.spec) {
  console.error('usage: node dev-chain.mjs --spec RAW_SPEC.json [--port P] [--block-time-ms N] [--db FILE]');
  process.exit(2);
}
const port = Number(values.port);
const blockTimeMs = Number(values['block-time-ms']);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port ${values.port}`);
if (!Number.isInteger(blockTimeMs) || blockTimeMs < 50) throw new Error(`bad block time ${values['block-time-ms']}`);

const context = await setupWithServer({
  genesis: JSON.parse(readFileSync(values.spec, 'utf8')),
  host: values.host,
  port,
  'build-block-mode': BuildBlockMode.Manual,
  'mock-signature-host': false,
  'allow-unresolved-imports': false,
  'runtime-log-level': 0,
  ...(values.db ? { db: values.db, resume: existsSync(values.db) } : {}),
});

let building = false;
const timer = setInterval(async () => {
  if (building) return;
  building = true;
  try {
    await context.chain.newBlock();
  } catch (error) {
    console.error('block production failed:', error);
  } finally {
    building = false;
  }
}, blockTimeMs);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  console.log(`${signal}: stopping the dev chain`);
  await context.close().catch(() => {});
  process.exit(0);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
console.log(`DINFRA dev chain ready: ws://${context.addr} (a block every ${blockTimeMs} ms)`);
