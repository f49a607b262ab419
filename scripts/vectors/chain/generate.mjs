// Generates the test vectors of bundles/chain with the Polkadot ecosystem's own code
// (@polkadot/types, @polkadot/types-support, @polkadot/api, @polkadot/util-crypto).
//
//   cd scripts/vectors/chain && npm ci && npm run generate
//
// Writes, into the directory given as the first argument:
//   scale.json                 SCALE encodings of primitives, compacts, options, vecs, tuples, enums
//   hashes.json                xxhash (twox 64/128/256) and blake2 (128/256) of sample inputs,
//                              and the storage-key part of every hasher
//   metadata-<name>.scale      real metadata blobs (V14 kusama, V15 polkadot from
//                              @polkadot/types-support; V14 and V15 of our runtime from the dev chain)
//   metadata-<name>.json       what polkadot.js decodes from each blob (types, pallets, extrinsic)
//   events.json                System.Events of our runtime at blocks with DINFRA calls:
//                              raw hex and polkadot.js's decoding (every field as SCALE hex)
//   storage-keys.json          storage keys polkadot.js builds for our runtime's items
//   extrinsics.json            calls and signed extrinsics (ed25519 //Bob) for fixed nonce/era/tip
//
// The dev chain is started with parachain/scripts/chain.sh on a free port of 127.0.0.1 and
// stopped by its pid. Pass --offline to skip everything that needs it.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { compactStripLength, hexToU8a, u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, xxhashAsU8a } from '@polkadot/util-crypto';
import kusamaV14 from '@polkadot/types-support/metadata/v14/kusama-hex';
import polkadotV15 from '@polkadot/types-support/metadata/v15/polkadot-hex';

const outDir = process.argv[2];
const offline = process.argv.includes('--offline');
if (!outDir) {
	console.error('usage: node generate.mjs <output directory> [--offline]');
	process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const here = dirname(fileURLToPath(import.meta.url));
const write = (name, data) => writeFileSync(join(outDir, name), JSON.stringify(data, null, 1) + '\n');
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

await cryptoWaitReady();

// ---- SCALE primitives
const registry = new TypeRegistry();
const scale = [];
const add = (type, value) => scale.push({ type, value: typeof value === 'bigint' ? value.toString() : value, hex: u8aToHex(registry.createType(type, value).toU8a()) });
for (const v of [0, 1, 127, 255]) add('u8', v);
for (const v of [0, 256, 65535]) add('u16', v);
for (const v of [0, 1, 16777216, 4294967295]) add('u32', v);
for (const v of [0n, 1n, 4294967296n, 18446744073709551615n]) add('u64', v);
for (const v of [0n, 1n, 340282366920938463463374607431768211455n, 1000000000000n]) add('u128', v);
for (const v of [-128, -1, 0, 127]) add('i8', v);
for (const v of [-2147483648, -1, 2147483647]) add('i32', v);
for (const v of [-9223372036854775808n, -1n, 9223372036854775807n]) add('i64', v);
for (const v of [-170141183460469231731687303715884105728n, -1n, 12345678901234567890123n]) add('i128', v);
for (const v of [0n, 1n, 63n, 64n, 16383n, 16384n, 1073741823n, 1073741824n, 4294967295n, 4294967296n, 18446744073709551615n,
	340282366920938463463374607431768211455n]) add('Compact<u128>', v);
add('bool', true);
add('bool', false);
add('Option<u32>', null);
add('Option<u32>', 7);
add('Option<bool>', true);
add('Vec<u16>', [1, 2, 65535]);
add('Vec<u8>', '0x0102ff');
add('Text', 'DINFRA ✓');
add('(u8,u32,Compact<u64>)', [1, 2, 3]);
add('Result<u32, Text>', { Ok: 5 });
add('Result<u32, Text>', { Err: 'no' });
add('[u8; 4]', '0xdeadbeef');
write('scale.json', scale);

// ---- hashes and hashers
const inputs = ['0x', '0x00', stringToU8a('System'), stringToU8a('Account'), stringToU8a('DinfraSubscriptions'),
	hexToU8a('0x' + '5a'.repeat(31)), hexToU8a('0x' + 'a5'.repeat(32)), hexToU8a('0x' + Array.from({ length: 100 }, (_, i) => (i * 7 % 256).toString(16).padStart(2, '0')).join(''))];
const hashes = inputs.map((i) => {
	const input = typeof i === 'string' ? hexToU8a(i) : i;
	return {
		input: u8aToHex(input),
		twox64: u8aToHex(xxhashAsU8a(input, 64)),
		twox128: u8aToHex(xxhashAsU8a(input, 128)),
		twox256: u8aToHex(xxhashAsU8a(input, 256)),
		blake2_128: u8aToHex(blake2AsU8a(input, 128)),
		blake2_256: u8aToHex(blake2AsU8a(input, 256)),
		hashers: {
			Blake2_128: u8aToHex(blake2AsU8a(input, 128)),
			Blake2_256: u8aToHex(blake2AsU8a(input, 256)),
			Blake2_128Concat: u8aToHex(u8aConcat(blake2AsU8a(input, 128), input)),
			Twox128: u8aToHex(xxhashAsU8a(input, 128)),
			Twox256: u8aToHex(xxhashAsU8a(input, 256)),
			Twox64Concat: u8aToHex(u8aConcat(xxhashAsU8a(input, 64), input)),
			Identity: u8aToHex(input),
		},
	};
});
write('hashes.json', hashes);

// ---- metadata summaries
function summary(hex, version) {
	const reg = new TypeRegistry();
	const md = new Metadata(reg, hex);
	reg.setMetadata(md);
	const m = version === 14 ? md.asV14 : md.asV15;
	const variants = (t) => (t ? reg.lookup.getSiType(t).def.asVariant.variants.map((v) => ({ name: v.name.toString(), index: v.index.toNumber(), fields: v.fields.length })) : null);
	return {
		version: md.version,
		types: m.lookup.types.map((t) => [t.id.toNumber(), t.type.path.map(String).join('::'), t.type.def.type, t.type.params.length]),
		pallets: m.pallets.map((p) => ({
			name: p.name.toString(),
			index: p.index.toNumber(),
			storagePrefix: p.storage.isSome ? p.storage.unwrap().prefix.toString() : null,
			storage: p.storage.isSome ? p.storage.unwrap().items.map((s) => ({
				name: s.name.toString(),
				optional: s.modifier.isOptional,
				hashers: s.type.isMap ? s.type.asMap.hashers.map((h) => h.toString()) : [],
				key: s.type.isMap ? s.type.asMap.key.toNumber() : -1,
				value: s.type.isMap ? s.type.asMap.value.toNumber() : s.type.asPlain.toNumber(),
			})) : [],
			calls: variants(p.calls.isSome ? p.calls.unwrap().type : null),
			events: variants(p.events.isSome ? p.events.unwrap().type : null),
			errors: variants(p.errors.isSome ? p.errors.unwrap().type : null),
			constants: p.constants.map((c) => ({ name: c.name.toString(), type: c.type.toNumber(), value: c.value.toHex() })),
		})),
		extrinsic: {
			version: m.extrinsic.version.toNumber(),
			signedExtensions: m.extrinsic.signedExtensions.map((e) => e.identifier.toString()),
		},
		apis: version === 15 ? m.apis.map((a) => ({ name: a.name.toString(), methods: a.methods.map((x) => x.name.toString()) })) : [],
	};
}
function metadataVector(name, hex, version) {
	// some blobs are Option<OpaqueMetadata> as Metadata_metadata_at_version returns them: unwrap
	if (hex.startsWith('0x01') && !hex.startsWith('0x6d657461')) hex = u8aToHex(compactStripLength(hexToU8a(hex).subarray(1))[1]);
	writeFileSync(join(outDir, `metadata-${name}.scale`), hexToU8a(hex));
	write(`metadata-${name}.json`, summary(hex, version));
}
metadataVector('kusama-v14', kusamaV14, 14);
metadataVector('polkadot-v15', polkadotV15, 15);

if (offline) {
	console.log('offline: skipped the dev chain vectors');
	process.exit(0);
}

// ---- the dev chain
const port = await new Promise((resolve) => {
	const s = createServer();
	s.listen(0, '127.0.0.1', () => {
		const p = s.address().port;
		s.close(() => resolve(p));
	});
});
const chainSh = join(here, '../../../parachain/scripts/chain.sh');
const chain = spawn(chainSh, ['--port', String(port), '--block-time-ms', '500'], { stdio: ['ignore', 'inherit', 'inherit'] });
const stopChain = () => { try { process.kill(chain.pid, 'SIGINT'); } catch { /* gone */ } };
process.on('exit', stopChain);

// wait until the port accepts connections (the first start may build the runtime), then connect
const { connect } = await import('node:net');
const portOpen = () => new Promise((resolve) => {
	const c = connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
	c.on('error', () => resolve(false));
});
for (let i = 0; i < 1200 && !(await portOpen()); i++) await new Promise((r) => setTimeout(r, 1000));
const api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${port}`), noInitWarn: true });
if (!api) throw new Error('dev chain did not start');

const metaV14 = await api.rpc.state.getMetadata();
metadataVector('dinfra-v14', metaV14.toHex(), 14);
const metaV15 = (await api.call.metadata.metadataAtVersion(15)).unwrap();
// OpaqueMetadata: the bytes are the SCALE Vec<u8> content
metadataVector('dinfra-v15', u8aToHex(metaV15.toU8a(true)), 15);

const keyring = new Keyring({ type: 'ed25519', ss58Format: 42 });
const acc = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave'].map((n) => [n, keyring.addFromUri(`${DEV_PHRASE}//${n}`)]));

// explicit nonces: Chopsticks may report a block before its state is the best state
const nonces = {};
async function submit(tx, signer) {
	if (nonces[signer.address] === undefined) nonces[signer.address] = (await api.query.system.account(signer.address)).nonce.toNumber();
	const nonce = nonces[signer.address]++;
	return new Promise((resolve, reject) => {
		let unsub;
		tx.signAndSend(signer, { nonce }, ({ status, dispatchError }) => {
			if (!status.isInBlock) return;
			unsub?.();
			resolve({ blockHash: status.asInBlock.toHex(), failed: !!dispatchError });
		}).then((u) => { unsub = u; }).catch(reject);
	});
}

const eventsKey = api.query.system.events.key();
const events = [];
async function captureEvents(label, blockHash) {
	const raw = await api.rpc.state.getStorage(eventsKey, blockHash);
	const decoded = await api.query.system.events.at(blockHash);
	events.push({
		label,
		blockHash,
		hex: raw.unwrap().toHex(),
		events: decoded.map(({ phase, event, topics }) => {
			let dispatchError = null;
			if (event.section === 'system' && event.method === 'ExtrinsicFailed') {
				const de = event.data.dispatchError;
				dispatchError = de.isModule ? (({ section, name }) => ({ kind: 'Module', section, name }))(api.registry.findMetaError(de.asModule)) : { kind: de.type };
			}
			return {
				phase: phase.type,
				extrinsicIndex: phase.isApplyExtrinsic ? phase.asApplyExtrinsic.toNumber() : -1,
				pallet: api.registry.metadata.pallets.find((p) => p.index.toNumber() === event.index[0]).name.toString(),
				section: event.section,
				method: event.method,
				fields: event.data.map((d, i) => ({ name: event.data.names ? event.data.names[i] : null, hex: u8aToHex(d.toU8a()) })),
				topics: topics.map((t) => u8aToHex(t.toU8a())),
				dispatchError,
			};
		}),
	});
}

const PRICE = 1_000_000_000n;
const typeId = 'docker-compose';
let r = await submit(api.tx.dinfraProviders.registerType(typeId, 'bafkreischema'), acc.Bob);
await captureEvents('register_type', r.blockHash);
r = await submit(api.tx.dinfraProviders.registerProvider([{ typeId, pricePerBlock: PRICE }], 5, { name: 'vectors', region: 'local', contact: 'ops@example.org' }), acc.Charlie);
await captureEvents('register_provider', r.blockHash);
r = await submit(api.tx.dinfraSubscriptions.subscribe(typeId, 'bafkreidescriptor', 2n * PRICE, PRICE * 1000n), acc.Dave);
await captureEvents('subscribe', r.blockHash);
r = await submit(api.tx.dinfraSubscriptions.reportDeployed(0, 'ssh://127.0.0.1:2222'), acc.Charlie);
await captureEvents('report_deployed', r.blockHash);
r = await submit(api.tx.dinfraSubscriptions.topUp(0, PRICE * 10n), acc.Dave);
await captureEvents('top_up', r.blockHash);
r = await submit(api.tx.dinfraSubscriptions.cancel(0), acc.Dave);
await captureEvents('cancel', r.blockHash);
r = await submit(api.tx.dinfraSubscriptions.subscribe('no-such-type', 'bafkreidescriptor', 2n * PRICE, PRICE * 1000n), acc.Dave);
await captureEvents('subscribe_unknown_type_fails', r.blockHash);
write('events.json', events);

// ---- storage keys
const storageKeys = [
	{ item: 'System.Account', args: [acc.Alice.address], key: api.query.system.account.key(acc.Alice.address) },
	{ item: 'DinfraSubscriptions.NextSubscriptionId', args: [], key: api.query.dinfraSubscriptions.nextSubscriptionId.key() },
	{ item: 'DinfraSubscriptions.Subscriptions', args: ['7'], key: api.query.dinfraSubscriptions.subscriptions.key(7) },
	{ item: 'DinfraSubscriptions.SubscriptionsByProvider', args: [acc.Charlie.address, '7'], key: api.query.dinfraSubscriptions.subscriptionsByProvider.key(acc.Charlie.address, 7) },
	{ item: 'DinfraSubscriptions.SubscriptionsByProvider', args: [acc.Charlie.address], key: api.query.dinfraSubscriptions.subscriptionsByProvider.keyPrefix(acc.Charlie.address) },
	{ item: 'DinfraSubscriptions.ExpiryQueue', args: ['1234'], key: api.query.dinfraSubscriptions.expiryQueue.key(1234) },
	{ item: 'DinfraProviders.Providers', args: [acc.Charlie.address], key: api.query.dinfraProviders.providers.key(acc.Charlie.address) },
	{ item: 'DinfraProviders.DescriptorTypes', args: [typeId], key: api.query.dinfraProviders.descriptorTypes.key(typeId) },
];
write('storage-keys.json', storageKeys.map((k) => ({ ...k, args: k.args.map((a) => (a.length === 48 ? u8aToHex(keyring.decodeAddress(a)) : a)) })));

// ---- calls and signed extrinsics
const genesisHash = api.genesisHash.toHex();
const header = await api.rpc.chain.getHeader();
const blockNumber = header.number.toNumber();
const blockHash = header.hash.toHex();
const rv = api.runtimeVersion;
const extrinsics = [];
const calls = [
	['DinfraSubscriptions', 'subscribe', api.tx.dinfraSubscriptions.subscribe(typeId, 'bafkreidescriptor', 2n * PRICE, PRICE * 1000n),
		{ type_id: typeId, descriptor_cid: 'bafkreidescriptor', max_price_per_block: (2n * PRICE).toString(), deposit: (PRICE * 1000n).toString() }],
	['DinfraSubscriptions', 'report_failed', api.tx.dinfraSubscriptions.reportFailed(42, 6), { id: '42', reason: '6' }],
	['DinfraSubscriptions', 'report_deployed', api.tx.dinfraSubscriptions.reportDeployed(42, 'x'.repeat(250)), { id: '42', endpoint: 'x'.repeat(250) }],
	['DinfraSubscriptions', 'cancel', api.tx.dinfraSubscriptions.cancel(3), { id: '3' }],
];
const eras = [
	{ label: 'immortal', era: api.createType('ExtrinsicEra', '0x00'), blockHash: genesisHash, current: null, period: null },
	{ label: 'mortal64', era: api.createType('ExtrinsicEra', { current: blockNumber, period: 64 }), blockHash, current: blockNumber, period: 64 },
];
for (const [pallet, call, tx, args] of calls) {
	for (const e of eras) {
		for (const [nonce, tip] of [[0, 0n], [5, 1000n]]) {
			const t = api.tx(tx.method);
			t.sign(acc.Bob, { nonce, era: e.era, tip, blockHash: e.blockHash, genesisHash, runtimeVersion: rv });
			extrinsics.push({
				pallet, call, args, callHex: tx.method.toHex(), signer: u8aToHex(acc.Bob.publicKey), nonce, tip: tip.toString(),
				era: e.label, eraHex: u8aToHex(e.era.toU8a()), eraCurrent: e.current, eraPeriod: e.period, blockHash: e.blockHash,
				genesisHash, specVersion: rv.specVersion.toNumber(), transactionVersion: rv.transactionVersion.toNumber(),
				hex: t.toHex(),
			});
		}
	}
}
write('extrinsics.json', extrinsics);
await api.disconnect();
stopChain();
console.log(`wrote vectors to ${outDir}`);
process.exit(0);
