// Event decoding throughput of polkadot.js, the counterpart of the JMH benchmark
// benchmarks/src/main/java/org/dinfra/benchmarks/chain/EventsDecodeBenchmark.java.
//
//   node bench-events.mjs <metadata .scale> <events blob> [--warmup S] [--seconds S] [--mode walk|json|decode]
//
// Builds a registry from the runtime metadata (as @polkadot/api does after state_getMetadata)
// and decodes the System.Events blob (built by org.dinfra.benchmarks.chain.EventsBlob; the same
// bytes the JMH benchmark decodes) with the storage entry's own type, as api.query.system.events()
// does, in a loop: warm-up, then timed rounds. polkadot.js decodes eagerly into codec objects;
// to be sure the whole tree exists (as Java's Value tree does), mode `walk` (default) visits
// every node of every record (Struct/Map values, Vec/Tuple elements, Enum/Option values); `json`
// converts every record with toJSON() (more work than Java does); `decode` touches nothing.
// Prints one line per timed round and `result <events/s>` (the median round) last.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

import { Metadata, TypeRegistry, unwrapStorageType } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : dflt;
};
if (args.length < 2 || args[0].startsWith('--')) {
	console.error('usage: node bench-events.mjs <metadata .scale> <events blob> [--warmup S] [--seconds S] [--mode walk|json|decode]');
	process.exit(2);
}
const metadataBytes = readFileSync(args[0]);
const blob = new Uint8Array(readFileSync(args[1]));
const warmupSeconds = Number(opt('--warmup', '10'));
const roundSeconds = Number(opt('--seconds', '2'));
const rounds = Number(opt('--rounds', '5'));
const mode = opt('--mode', 'walk');
if (!['walk', 'json', 'decode'].includes(mode)) {
	console.error(`error: unknown mode ${mode}`);
	process.exit(2);
}

const registry = new TypeRegistry();
const metadata = new Metadata(registry, u8aToHex(metadataBytes));
registry.setMetadata(metadata);
const system = metadata.asLatest.pallets.find((p) => p.name.toString() === 'System');
const entry = system.storage.unwrap().items.find((s) => s.name.toString() === 'Events');
const type = unwrapStorageType(registry, entry.type);

let nodes = 0;
function walk(c) {
	nodes++;
	if (c instanceof Map) {
		for (const v of c.values()) walk(v);
	} else if (Array.isArray(c)) {
		for (let i = 0; i < c.length; i++) walk(c[i]);
	} else if (c && typeof c.isNone === 'boolean') { // Option
		if (c.isSome) walk(c.unwrap());
	} else if (c && typeof c.isBasic === 'boolean' && 'value' in c) { // Enum
		walk(c.value);
	}
}

function once() {
	const records = registry.createType(type, blob);
	if (mode === 'walk') {
		walk(records);
	} else if (mode === 'json') {
		for (let i = 0; i < records.length; i++) nodes += records[i].toJSON() ? 1 : 0;
	}
	return records.length;
}

const events = once();
nodes = 0;
walk(registry.createType(type, blob));
const perBlob = nodes;
const sha = createHash('sha256').update(blob).digest('hex');
console.log(`[blob] events ${events} bytes ${blob.length} sha256 ${sha} type ${type} mode ${mode} node ${process.version}`);
console.log(`codec objects per blob (walk): ${perBlob}`);
// re-encodes to the same bytes: polkadot.js read the whole blob as we did
if (u8aToHex(registry.createType(type, blob).toU8a()) !== u8aToHex(blob)) {
	console.error('error: polkadot.js does not re-encode the blob to the same bytes');
	process.exit(1);
}

function timed(seconds) {
	const end = performance.now() + seconds * 1000;
	const start = performance.now();
	let n = 0;
	let now = start;
	while (now < end) {
		n += once();
		now = performance.now();
	}
	return n / ((now - start) / 1000);
}

timed(warmupSeconds);
const rates = [];
for (let i = 0; i < rounds; i++) {
	const r = timed(roundSeconds);
	rates.push(r);
	console.log(`round ${i + 1}: ${Math.round(r)} events/s`);
}
rates.sort((a, b) => a - b);
console.log(`result ${Math.round(rates[Math.floor(rates.length / 2)])}`);
