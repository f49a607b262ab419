package org.dinfra.itest;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.Event;
import org.dinfra.chain.api.Pallet;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.ChainState;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Hex;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.StorageKeys;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.Keys;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The test's own view of the chain, as a consumer (or anyone) with the Java client: sends
 * transactions as a dev account and reads storage and events, to check what the agent did.
 */
public final class ChainClient implements AutoCloseable {
	private final Keys keys = Keys.standalone();
	private final RpcClient rpc;
	private final List<AutoCloseable> keysToClose = new ArrayList<>();

	public ChainClient(String url) throws InterruptedException {
		rpc = new RpcClient(List.of(URI.create(url)), RpcClient.Options.defaults());
		if (!rpc.awaitConnected(Duration.ofSeconds(30))) {
			throw new IllegalStateException("no node at " + url);
		}
	}

	/** @return the connection */
	public RpcClient rpc() {
		return rpc;
	}

	/** An account able to sign. */
	public final class Account {
		private final AccountKey key;
		private final Transactions transactions;
		private final String address;

		private Account(AccountKey key) throws Exception {
			this.key = key;
			this.address = ChainClient.this.address(key.publicKey().bytes());
			this.transactions = new Transactions(rpc, key, address, Transactions.Options.defaults());
		}

		public byte[] id() {
			return key.publicKey().bytes();
		}

		public String address() {
			return address;
		}

		/** @return this account's transactions (one nonce sequence) */
		public Transactions transactions() {
			return transactions;
		}

		/** Sends a call and waits until it is in a block; fails the test if it fails on chain. */
		public Transactions.Included send(Call call, Value... args) throws Exception {
			ChainRuntime rt = ChainRuntime.current(rpc, null);
			Transactions.Included in = transactions.submitAndWait(rt, call.encode(rt.metadata(), args), Duration.ofSeconds(60));
			if (!in.success()) {
				throw new AssertionError(call + " failed: " + in.error().get());
			}
			return in;
		}

		/** @return the id of the subscription created */
		public long subscribe(String type, String cid, BigInteger maxPrice, BigInteger deposit) throws Exception {
			Transactions.Included in = send(Call.SUBSCRIBE, Value.of(utf8(type)), Value.of(utf8(cid)), new Value.Int(maxPrice),
					new Value.Int(deposit));
			return Event.SUBSCRIPTION_CREATED.first(in.events()).orElseThrow().get("id").asLong();
		}

		public Transactions.Included cancel(long id) throws Exception {
			return send(Call.CANCEL, Value.of(id));
		}

		public long nonce() throws Exception {
			return rpc.request("system_accountNextIndex", address).asLong();
		}
	}

	/** @param suri a dev secret URI such as {@code //Charlie} */
	public Account account(String suri) throws Exception {
		AccountKey k = keys.fromSecretUri(suri.toCharArray());
		keysToClose.add(k);
		return new Account(k);
	}

	public String address(byte[] id) throws Exception {
		return keys.ss58Encode(Ed25519PublicKey.of(id), 42);
	}

	/** @return a storage value of a DINFRA pallet decoded, at the best block (or at {@code at}) */
	public Optional<Value> storage(String at, StorageItem item, Value... keyParts) throws Exception {
		return item.read(rpc, ChainRuntime.current(rpc, null).metadata(), at, keyParts);
	}

	/** @return a storage value of any pallet decoded, at the best block (or at {@code at}) */
	public Optional<Value> storage(String at, String pallet, String item, Value... keyParts) throws Exception {
		return ChainState.value(rpc, ChainRuntime.current(rpc, null).metadata(), at, pallet, item, keyParts);
	}

	/** @return the subscription's status variant at the finalized head, with its fields ({@code reason}), empty when unknown */
	public Optional<Value.VariantValue> status(long id) throws Exception {
		return storage(finalizedHead(), StorageItem.SUBSCRIPTIONS, Value.of(id))
				.map(v -> (Value.VariantValue) ((Value.Composite) v).get("status"));
	}

	/** @return the subscription's status at the finalized head, null when there is no such subscription */
	public SubscriptionStatus statusOf(long id) throws Exception {
		return status(id).map(SubscriptionStatus::of).orElse(null);
	}

	public String finalizedHead() throws Exception {
		return rpc.request("chain_getFinalizedHead").asText();
	}

	public long finalizedNumber() throws Exception {
		return Long.decode(rpc.request("chain_getHeader", finalizedHead()).path("number").asText());
	}

	/** @return every event of the given pallet in blocks {@code from..to} (finalized), in order */
	public List<Events.EventRecord> events(long from, long to, Pallet pallet) throws Exception {
		ChainRuntime rt = ChainRuntime.current(rpc, null);
		String key = Hex.encode(StorageKeys.key(rt.metadata(), "System", "Events"));
		List<Events.EventRecord> out = new ArrayList<>();
		for (long n = from; n <= to; n++) {
			String hash = rpc.request("chain_getBlockHash", n).asText();
			JsonNode v = rpc.request("state_getStorage", key, hash);
			if (v != null && !v.isNull()) {
				for (Events.EventRecord e : Events.decode(rt.metadata(), Hex.decode(v.asText()))) {
					if (e.pallet().equals(pallet.runtimeName())) {
						out.add(e);
					}
				}
			}
		}
		return out;
	}

	public static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws Exception {
		rpc.close();
		for (AutoCloseable k : keysToClose) {
			k.close();
		}
	}
}
