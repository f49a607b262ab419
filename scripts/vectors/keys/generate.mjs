// Generates the test vectors of bundles/keys with the Polkadot ecosystem's own code
// (@polkadot/util-crypto with its Rust/WASM crypto, @polkadot/keyring).
//
//   cd scripts/vectors/keys && npm ci && npm run generate
//
// Writes, into the directory given as the first argument:
//   polkadot-ed25519.json  mnemonic / secret URI -> mini-secret, ed25519 public key, SS58 address
//   polkadot-ss58.json     public key + prefix -> SS58 address (one- and two-byte prefixes),
//                          and addresses polkadot.js refuses to decode
//   polkadot-errors.json   secret URIs that polkadot.js refuses for ed25519
//   bip39-english.txt      the BIP39 English word list as @polkadot/util-crypto ships it
//
// The mnemonics are pseudo-random: their entropy is blake2b("dinfra-keys-vectors/<n>"), so
// running the script again reproduces the committed files byte for byte.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import {
	base58Decode,
	base58Encode,
	blake2AsU8a,
	cryptoWaitReady,
	decodeAddress,
	encodeAddress,
	mnemonicToEntropy,
	mnemonicToMiniSecret,
	mnemonicValidate
} from '@polkadot/util-crypto';
import { entropyToMnemonic } from '@polkadot/util-crypto/mnemonic/bip39';
import english from '@polkadot/util-crypto/mnemonic/wordlists/en';

const outDir = process.argv[2];
if (!outDir) {
	console.error('usage: node generate.mjs <output directory>');
	process.exit(2);
}

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const PREFIXES = [0, 2, 42];
const WORD_COUNTS = [12, 15, 18, 21, 24];
// path and password parts appended to a mnemonic (or hex seed) to make a secret URI
const SUFFIXES = ['', '//hard', '//a//1', '///password', '//a//1///password', '//polkadot//0//stash'];

function entropyFor(n, words) {
	// 12 words = 128 bits ... 24 words = 256 bits
	const bytes = (words / 3) * 4;
	return blake2AsU8a(stringToU8a(`dinfra-keys-vectors/${n}`), 256).subarray(0, bytes);
}

function pair(suri, prefix) {
	return new Keyring({ type: 'ed25519', ss58Format: prefix }).addFromUri(suri, {}, 'ed25519');
}

function passwordOf(suffix) {
	const i = suffix.indexOf('///');
	return i < 0 ? '' : suffix.substring(i + 3);
}

await cryptoWaitReady();

const cases = [];
let n = 0;
// 5 word counts x 8 mnemonics x 6 suffixes = 240 cases, prefixes rotating over 0, 2, 42
for (const words of WORD_COUNTS) {
	for (let m = 0; m < 8; m++) {
		const mnemonic = entropyToMnemonic(entropyFor(n, words));
		if (!mnemonicValidate(mnemonic)) {
			throw new Error(`generated an invalid mnemonic: ${mnemonic}`);
		}
		for (const suffix of SUFFIXES) {
			const prefix = PREFIXES[n % PREFIXES.length];
			const suri = mnemonic + suffix;
			const kp = pair(suri, prefix);
			cases.push({
				suri,
				mnemonic,
				entropy: u8aToHex(mnemonicToEntropy(mnemonic)),
				password: passwordOf(suffix),
				miniSecret: u8aToHex(mnemonicToMiniSecret(mnemonic, passwordOf(suffix))),
				prefix,
				publicKey: u8aToHex(kp.publicKey),
				ss58: kp.address
			});
			n++;
		}
	}
}
// hex seeds, with and without hard junctions
for (let m = 0; m < 10; m++) {
	const seed = u8aToHex(blake2AsU8a(stringToU8a(`dinfra-keys-vectors/seed/${m}`), 256));
	for (const suffix of ['', '//hard', '//a//1', '//42']) {
		const prefix = PREFIXES[n % PREFIXES.length];
		const suri = seed + suffix;
		const kp = pair(suri, prefix);
		cases.push({ suri, prefix, publicKey: u8aToHex(kp.publicKey), ss58: kp.address });
		n++;
	}
}
// the dev phrase shortcut: "//Alice" means "<dev phrase>//Alice"
for (const name of ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Alice//stash', 'Bob//stash']) {
	for (const suffix of ['', '///password']) {
		const prefix = PREFIXES[n % PREFIXES.length];
		const suri = `//${name}${suffix}`;
		const kp = pair(suri, prefix);
		// the same key spelled out in full
		const full = pair(`${DEV_PHRASE}//${name}${suffix}`, prefix);
		if (u8aToHex(full.publicKey) !== u8aToHex(kp.publicKey)) {
			throw new Error(`dev phrase shortcut differs for ${suri}`);
		}
		cases.push({ suri, prefix, publicKey: u8aToHex(kp.publicKey), ss58: kp.address });
		n++;
	}
}
// a long junction (> 32 bytes once SCALE-encoded) is hashed with blake2b-256
{
	const suri = `${DEV_PHRASE}//${'x'.repeat(40)}`;
	const kp = pair(suri, 42);
	cases.push({ suri, prefix: 42, publicKey: u8aToHex(kp.publicKey), ss58: kp.address });
}

// SS58 with one- and two-byte prefixes
const ss58 = [];
const SS58_PREFIXES = [0, 1, 2, 42, 63, 64, 65, 127, 128, 255, 256, 1000, 1284, 4095, 12345, 16383];
for (let m = 0; m < 6; m++) {
	const publicKey = blake2AsU8a(stringToU8a(`dinfra-keys-vectors/ss58/${m}`), 256);
	for (const prefix of SS58_PREFIXES) {
		const address = encodeAddress(publicKey, prefix);
		// polkadot.js decodes its own output back to the key
		if (u8aToHex(decodeAddress(address, false, prefix)) !== u8aToHex(publicKey)) {
			throw new Error(`round trip failed for ${address}`);
		}
		ss58.push({ publicKey: u8aToHex(publicKey), prefix, address });
	}
}
// addresses polkadot.js refuses
const invalidSs58 = [];
function refused(address, why) {
	try {
		decodeAddress(address);
	} catch (e) {
		invalidSs58.push({ address, why, polkadotError: e.message });
		return;
	}
	throw new Error(`polkadot.js accepted ${address} (${why})`);
}
for (const { address } of ss58.filter((v) => [0, 42, 255, 16383].includes(v.prefix)).slice(0, 8)) {
	const raw = base58Decode(address);
	const badChecksum = raw.slice();
	badChecksum[raw.length - 1] ^= 0x01;
	refused(base58Encode(badChecksum), 'checksum');
	const badKey = raw.slice();
	badKey[raw.length - 5] ^= 0x80;
	refused(base58Encode(badKey), 'checksum');
	refused(base58Encode(raw.subarray(0, raw.length - 2)), 'length');
	refused(base58Encode(Uint8Array.from([...raw, 0])), 'length');
}
refused('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY0', 'base58 alphabet');
refused('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQI', 'base58 alphabet');

// secret URIs that polkadot.js refuses for ed25519
const errors = [];
function refusedSuri(suri, why) {
	try {
		pair(suri, 42);
	} catch (e) {
		errors.push({ suri, why, polkadotError: e.message });
		return;
	}
	throw new Error(`polkadot.js accepted ${suri} (${why})`);
}
refusedSuri(`${DEV_PHRASE}/soft`, 'soft junction');
refusedSuri(`${DEV_PHRASE}//hard/soft`, 'soft junction');
refusedSuri('//Alice/0', 'soft junction');
refusedSuri(DEV_PHRASE.replace('walk', 'walks'), 'unknown word');
refusedSuri(DEV_PHRASE.replace('walk', 'wall'), 'checksum');
refusedSuri(DEV_PHRASE.replace('bottom', 'abandon'), 'checksum');

mkdirSync(outDir, { recursive: true });
const meta = {
	generator: 'scripts/vectors/keys/generate.mjs',
	packages: {
		'@polkadot/keyring': (await import('@polkadot/keyring/packageInfo')).packageInfo.version,
		'@polkadot/util-crypto': (await import('@polkadot/util-crypto/packageInfo')).packageInfo.version
	}
};
const write = (name, body) => writeFileSync(join(outDir, name), JSON.stringify({ ...meta, ...body }, null, 1) + '\n');
write('polkadot-ed25519.json', { cases });
write('polkadot-ss58.json', { valid: ss58, invalid: invalidSs58 });
write('polkadot-errors.json', { errors });
writeFileSync(join(outDir, 'bip39-english.txt'), english.join('\n') + '\n');
console.log(`${cases.length} key cases, ${ss58.length} + ${invalidSs58.length} SS58 cases, ${errors.length} error cases written to ${outDir}`);
