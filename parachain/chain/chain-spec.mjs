// Generates the raw chain spec of the DINFRA runtime from its WASM blob.
//
// The genesis state is built by the runtime itself: its `GenesisBuilder_get_preset` and
// `GenesisBuilder_build_state` APIs run in Chopsticks' WASM executor (the same executor that
// serves the dev chain), and the resulting storage plus `:code` becomes `genesis.raw.top`.
//
// Usage: node chain-spec.mjs --wasm RUNTIME.wasm --out SPEC.json [--preset development]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runTask } from '@acala-network/chopsticks-core';
import {
  compactAddLength,
  compactStripLength,
  hexToU8a,
  stringToU8a,
  u8aToHex,
  u8aToString,
} from '@polkadot/util';

const { values } = parseArgs({
  options: {
    wasm: { type: 'string' },
    out: { type: 'string' },
    preset: { type: 'string', default: 'development' },
  },
});
if (!values.wasm || !values.out) {
  console.error('usage: node chain-spec.mjs --wasm RUNTIME.wasm --out SPEC.json [--preset ID]');
  process.exit(2);
}

const wasm = u8aToHex(readFileSync(values.wasm));
// Genesis is built on empty storage: every read finds nothing.
const emptyState = {
  getStorage: async () => undefined,
  getNextKey: async () => undefined,
  offchainGetStorage: async () => undefined,
  offchainTimestamp: async () => Date.now(),
  offchainRandomSeed: async () => u8aToHex(new Uint8Array(32)),
  offchainSubmitTransaction: async () => false,
};

async function call(method, args) {
  const response = await runTask(
    { wasm, calls: [[method, args]], mockSignatureHost: false, allowUnresolvedImports: false, runtimeLogLevel: Number(process.env.RUNTIME_LOG_LEVEL ?? 0) },
    emptyState,
  );
  if ('Error' in response) throw new Error(`${method}: ${response.Error}`);
  for (const log of response.Call.runtimeLogs ?? []) console.error(log.message);
  return response.Call;
}

// get_preset(&Option<PresetId>) -> Option<Vec<u8>>; PresetId is a SCALE string.
const presetArg = u8aToHex(new Uint8Array([1, ...compactAddLength(stringToU8a(values.preset))]));
const presetResult = await call('GenesisBuilder_get_preset', [presetArg]);
const presetBytes = hexToU8a(presetResult.result);
if (presetBytes[0] !== 1) throw new Error(`unknown preset ${values.preset}`);
const [, json] = compactStripLength(presetBytes.subarray(1));
const patch = u8aToString(json);

// The preset is a patch on the default config (`get_preset(None)`), merged as JSON merge patch
// (RFC 7396), like polkadot-sdk's chain-spec-builder does.
const defaultResult = await call('GenesisBuilder_get_preset', ['0x00']);
const defaultBytes = hexToU8a(defaultResult.result);
if (defaultBytes[0] !== 1) throw new Error('the runtime has no default genesis config');
const defaults = JSON.parse(u8aToString(compactStripLength(defaultBytes.subarray(1))[1]));
const merge = (target, patch) => {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
};
const config = JSON.stringify(merge(defaults, JSON.parse(patch)));

// build_state(Vec<u8>) -> Result<(), String>, writing the genesis storage.
const built = await call('GenesisBuilder_build_state', [u8aToHex(compactAddLength(stringToU8a(config)))]);
const outcome = hexToU8a(built.result);
if (outcome[0] !== 0) throw new Error(`build_state: ${u8aToString(compactStripLength(outcome.subarray(1))[1])}`);

const top = {};
for (const [key, value] of built.storageDiff) {
  if (value !== null) top[key] = value;
}
top[u8aToHex(stringToU8a(':code'))] = wasm;

const sorted = Object.fromEntries(Object.entries(top).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const spec = {
  name: 'DINFRA Development',
  id: 'dinfra_dev',
  chainType: 'Development',
  bootNodes: [],
  telemetryEndpoints: null,
  protocolId: 'dinfra-dev',
  properties: { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'DNF' },
  relay_chain: 'rococo-local',
  para_id: JSON.parse(patch).parachainInfo?.parachainId ?? 1000,
  codeSubstitutes: {},
  genesis: { raw: { top: sorted, childrenDefault: {} } },
};
writeFileSync(values.out, JSON.stringify(spec, null, 2) + '\n');
console.log(`${values.out}: ${Object.keys(sorted).length} storage entries, preset ${values.preset}`);
process.exit(0);
