// Smoke test of the DINFRA dev chain with @polkadot/api: register a type and a provider,
// subscribe, see the assignment event, see the expiry at the expected block.
//
// Needs a running dev chain: DINFRA_WS=ws://127.0.0.1:PORT node --test smoke.test.mjs
// (scripts/smoke-test.sh starts one on a free port).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const WS = process.env.DINFRA_WS ?? 'ws://127.0.0.1:9944';
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
/** The ed25519 dev accounts of parachain/README.md. */
const DEV_ADDRESSES = {
  Alice: '5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu',
  Bob: '5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E',
  Charlie: '5DbKjhNLpqX3zqZdNBc9BGb4fHU1cRBaDhJUskrvkwfraDi6',
  Dave: '5ECTwv6cZ5nJQPk6tWfaTrEk8YH2L7X1VT4EL5Tx2ikfFwb7',
  Eve: '5Ck2miBfCe1JQ4cY3NDsXyBaD6EcsgiVmEFTWwqNSs25XDEq',
  Ferdie: '5E2BmpVFzYGd386XRCZ76cDePMB3sfbZp5ZKGUsrG1m6gomN',
};
const UNIT = 10n ** 12n;
const PRICE = 10n ** 9n; // per block
const BLOCKS = 6n;
const DEPOSIT = PRICE * BLOCKS + 7n; // 7 is refunded at expiry

let api;
let accounts;

before(async () => {
  await cryptoWaitReady();
  api = await ApiPromise.create({ provider: new WsProvider(WS), noInitWarn: true });
  const keyring = new Keyring({ type: 'ed25519', ss58Format: 42 });
  accounts = Object.fromEntries(
    Object.keys(DEV_ADDRESSES).map((name) => [name, keyring.addFromUri(`${DEV_PHRASE}//${name}`)]),
  );
});

after(async () => {
  await api?.disconnect();
});

/**
 * Calls `visit(number, hash)` for every block after `from` as blocks are built (polling, so no
 * block is skipped), until `visit` returns a value other than undefined, or `timeoutMs` passes.
 */
async function scanBlocks(from, visit, timeoutMs = 120_000, what = 'the expected block') {
  const deadline = Date.now() + timeoutMs;
  let next = from + 1;
  while (Date.now() < deadline) {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (; next <= best; next++) {
      const hash = await api.rpc.chain.getBlockHash(next);
      const found = await visit(next, hash);
      if (found !== undefined) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Signs and submits `tx`; resolves with its events and the number of the block including it. */
async function submit(tx, signer) {
  const from = (await api.rpc.chain.getHeader()).number.toNumber();
  const signed = await tx.signAsync(signer);
  const txHash = signed.hash.toHex();
  await api.rpc.author.submitExtrinsic(signed);
  return scanBlocks(
    from,
    async (number, hash) => {
      const block = await api.rpc.chain.getBlock(hash);
      const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === txHash);
      if (index < 0) return undefined;
      const events = (await (await api.at(hash)).query.system.events()).filter(
        ({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index,
      );
      const failed = events.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
      if (failed) {
        const [dispatchError] = failed.event.data;
        const detail = dispatchError.isModule
          ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
        throw new Error(`${tx.method.section}.${tx.method.method} failed: ${detail}`);
      }
      return { events, blockNumber: number };
    },
    60_000,
    `${tx.method.section}.${tx.method.method} to be included`,
  );
}

function findEvent(events, section, method) {
  const record = events.find(({ event }) => event.section === section && event.method === method);
  assert.ok(record, `expected event ${section}.${method}`);
  return record.event;
}

test('dev accounts are the ed25519 keys of the dev mnemonic, funded, Alice is sudo', async () => {
  for (const [name, address] of Object.entries(DEV_ADDRESSES)) {
    assert.equal(accounts[name].address, address, name);
    const { data } = await api.query.system.account(address);
    assert.ok(data.free.toBigInt() >= 1000n * UNIT, `${name} is funded`);
  }
  assert.equal((await api.query.sudo.key()).unwrap().toString(), DEV_ADDRESSES.Alice);
});

test('the runtime serves metadata V15', async () => {
  const versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
  assert.ok(versions.includes(15), `metadata versions ${versions}`);
  assert.ok((await api.call.metadata.metadataAtVersion(15)).isSome);
});

test('register, subscribe, assignment event, expiry at the expected block', async () => {
  const { Bob, Charlie, Dave } = accounts;
  const typeId = 'docker-compose';

  const registered = await submit(
    api.tx.dinfraProviders.registerType(typeId, 'bafkreischema'),
    Bob,
  );
  const typeEvent = findEvent(registered.events, 'dinfraProviders', 'TypeRegistered');
  assert.equal(typeEvent.data.owner.toString(), Bob.address);

  const offers = [{ typeId, pricePerBlock: PRICE }];
  const metadata = { name: 'smoke-provider', region: 'local', contact: 'ops@example.org' };
  const provider = await submit(
    api.tx.dinfraProviders.registerProvider(offers, 2, metadata),
    Charlie,
  );
  findEvent(provider.events, 'dinfraProviders', 'ProviderRegistered');

  const subscribed = await submit(
    api.tx.dinfraSubscriptions.subscribe(typeId, 'bafkreidescriptor', 2n * PRICE, DEPOSIT),
    Dave,
  );
  const created = findEvent(subscribed.events, 'dinfraSubscriptions', 'SubscriptionCreated');
  const id = created.data.id.toBigInt();
  const end = created.data.end.toNumber();
  assert.equal(created.data.provider.toString(), Charlie.address, 'assigned to the only provider');
  assert.equal(created.data.consumer.toString(), Dave.address);
  assert.equal(created.data.pricePerBlock.toBigInt(), PRICE);
  assert.equal(end, subscribed.blockNumber + Number(BLOCKS), 'end = start + deposit / price');

  // Readable storage: the provider's index and the subscription's status.
  const assigned = await api.query.dinfraSubscriptions.subscriptionsByProvider.keys(Charlie.address);
  assert.deepEqual(assigned.map((k) => k.args[1].toBigInt()), [id]);
  const stored = (await api.query.dinfraSubscriptions.subscriptions(id)).unwrap();
  assert.equal(stored.status.type, 'Assigned');

  // Wait for the Expired event and check the block it happened in.
  const expiredAt = await scanBlocks(
    subscribed.blockNumber,
    async (number, hash) => {
      const events = await (await api.at(hash)).query.system.events();
      const expired = events.find(
        ({ event }) =>
          event.section === 'dinfraSubscriptions' &&
          event.method === 'Expired' &&
          event.data.id.toBigInt() === id,
      );
      return expired ? { block: number, event: expired.event } : undefined;
    },
    120_000,
    `the expiry of subscription ${id}`,
  );
  assert.equal(expiredAt.block, end, 'expired at the end block');
  const paid = expiredAt.event.data.paid.toBigInt();
  const refunded = expiredAt.event.data.refunded.toBigInt();
  assert.equal(paid, PRICE * BLOCKS);
  assert.equal(refunded, 7n);
  assert.equal(paid + refunded, DEPOSIT);

  const ended = (await api.query.dinfraSubscriptions.subscriptions(id)).unwrap();
  assert.equal(ended.status.type, 'Expired');
  const left = await api.query.dinfraSubscriptions.subscriptionsByProvider.keys(Charlie.address);
  assert.equal(left.length, 0);
});
