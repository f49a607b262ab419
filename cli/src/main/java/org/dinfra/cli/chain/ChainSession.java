package org.dinfra.cli.chain;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.Pallet;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.StorageKeys;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.cli.CliException;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One connection to a node for one command: the runtime's metadata, the token, reads of the
 * subscriptions pallet, and transactions signed, submitted and followed into a block (or to
 * finality) with their dispatch errors decoded. Every failure is a {@link CliException}.
 */
final class ChainSession implements AutoCloseable {
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
	private static final Duration POLL = Duration.ofMillis(200);

	/** When a transaction counts as done. */
	enum Wait {
		/** in a block of the best chain */
		IN_BLOCK,
		/** in a finalized block */
		FINALIZED
	}

	final Keys keys = Keys.standalone();
	private final URI endpoint;
	private final RpcClient rpc;
	private final ChainOptions options;
	private ChainRuntime runtime;
	private Token token;

	private ChainSession(URI endpoint, RpcClient rpc, ChainOptions options) {
		this.endpoint = endpoint;
		this.rpc = rpc;
		this.options = options;
	}

	/**
	 * Connects and reads the runtime and the token.
	 *
	 * @param options the endpoint and timeouts
	 * @return the session; close it
	 */
	static ChainSession open(ChainOptions options) {
		URI uri;
		try {
			uri = URI.create(options.endpoint);
		} catch (IllegalArgumentException e) {
			throw new CliException("bad --endpoint '" + options.endpoint + "': " + e.getMessage(), 2);
		}
		if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new CliException("bad --endpoint '" + options.endpoint + "': give a ws:// or wss:// URL", 2);
		}
		Duration timeout = Duration.ofSeconds(Math.max(1, options.timeoutSeconds));
		RpcClient rpc = new RpcClient(List.of(uri), new RpcClient.Options(Duration.ofSeconds(10), Duration.ofMillis(250),
				Duration.ofSeconds(2), timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30)));
		ChainSession s = new ChainSession(uri, rpc, options);
		try {
			Duration connect = timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT;
			if (!s.rpc(() -> rpc.awaitConnected(connect))) {
				throw new CliException("cannot reach the node at " + uri + " (is it running? --endpoint or DINFRA_ENDPOINT)");
			}
			s.runtime = s.rpc(() -> ChainRuntime.load(rpc, null));
			s.token = Token.of(s.rpc(() -> rpc.request("system_properties")));
			Pallet.SUBSCRIPTIONS.in(s.runtime.metadata());
			return s;
		} catch (ScaleException e) {
			s.close();
			throw new CliException("the node at " + uri + " does not run a DINFRA runtime: " + e.getMessage());
		} catch (RuntimeException e) {
			s.close();
			throw e;
		}
	}

	@Override
	public void close() {
		rpc.close();
	}

	/** @return the chain's token */
	Token token() {
		return token;
	}

	/** @return the runtime's metadata */
	Metadata metadata() {
		return runtime.metadata();
	}

	/** An RPC step. */
	interface Step<T> {
		T run() throws RpcException, InterruptedException;
	}

	/** Runs RPC steps with one-line errors. */
	<T> T rpc(Step<T> step) {
		try {
			return step.run();
		} catch (RpcException e) {
			throw new CliException(e.code() == RpcException.NOT_CONNECTED ? "node " + endpoint + ": " + e.getMessage()
					: "node " + endpoint + " refused: " + e.getMessage() + " (code " + e.code() + ")");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CliException("interrupted");
		}
	}

	/** @param account 32 bytes @return the SS58 address with the session's prefix */
	String address(byte[] account) {
		try {
			return keys.ss58Encode(Ed25519PublicKey.of(account), options.ss58Prefix);
		} catch (KeyException e) {
			throw new CliException(e.getMessage());
		}
	}

	/** @param ss58OrHex an SS58 address (any prefix) or 0x and 64 hex digits @return the account's 32 bytes */
	byte[] account(String ss58OrHex) {
		try {
			return keys.parsePublicKey(ss58OrHex).bytes();
		} catch (KeyException e) {
			throw new CliException("bad account '" + ss58OrHex + "': " + e.getMessage());
		}
	}

	/**
	 * @param call an encoded call
	 * @param signer the signer
	 * @param wait when the transaction counts as done
	 * @return what it did in its block
	 * @throws CliException with {@code Pallet.Error} when it failed on chain
	 */
	Transactions.Included submit(byte[] call, AccountKey signer, Wait wait) {
		Duration timeout = Duration.ofSeconds(Math.max(1, options.timeoutSeconds));
		Transactions tx = new Transactions(rpc, signer, address(signer.publicKey().bytes()), new Transactions.Options(64, POLL));
		Transactions.Included included = rpc(() -> tx.submitAndWait(runtime, call, timeout));
		if (!included.success()) {
			Events.DispatchErrorInfo error = included.error().orElseThrow();
			String doc = error.docs().isEmpty() ? "" : " (" + String.join(" ", error.docs()).strip() + ")";
			throw new CliException(error + doc + "; in block #" + included.blockNumber() + " " + included.blockHash());
		}
		if (wait == Wait.FINALIZED) {
			awaitFinalized(included, timeout);
		}
		return included;
	}

	private void awaitFinalized(Transactions.Included included, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		rpc(() -> {
			while (true) {
				long finalized = number(rpc.request("chain_getHeader", rpc.request("chain_getFinalizedHead").asText()));
				if (finalized >= included.blockNumber()) {
					String hash = rpc.request("chain_getBlockHash", included.blockNumber()).asText();
					if (!hash.equalsIgnoreCase(included.blockHash())) {
						throw new CliException("block #" + included.blockNumber() + " " + included.blockHash()
								+ " holding the transaction was retracted; the finalized block there is " + hash);
					}
					return null;
				}
				if (System.nanoTime() > deadline) {
					throw new CliException("block #" + included.blockNumber() + " was not finalized within " + timeout.toSeconds() + " s");
				}
				Thread.sleep(POLL.toMillis());
			}
		});
	}

	/** @param call a call @param args its arguments @return the encoded call */
	byte[] call(Call call, Value... args) {
		return call.encode(runtime.metadata(), args);
	}

	/**
	 * @param id a subscription id
	 * @return the subscription at the best block, kept after it ended; empty when there is none
	 */
	Optional<SubscriptionInfo> subscription(long id) {
		String best = rpc(() -> rpc.request("chain_getBlockHash").asText());
		return subscription(id, best);
	}

	Optional<SubscriptionInfo> subscription(long id, String at) {
		return rpc(() -> StorageItem.SUBSCRIPTIONS.read(rpc, metadata(), at, Value.of(id)))
				.map(v -> SubscriptionInfo.of(id, v, this::address));
	}

	/**
	 * @param consumer the consumer's 32 bytes
	 * @return its live subscriptions at the best block, by id
	 */
	List<SubscriptionInfo> subscriptionsOf(byte[] consumer) {
		String best = rpc(() -> rpc.request("chain_getBlockHash").asText());
		List<Long> ids = new ArrayList<>();
		for (byte[] key : rpc(() -> StorageItem.SUBSCRIPTIONS_BY_CONSUMER.keys(rpc, metadata(), best, 1000, Value.of(consumer)))) {
			ids.add(ByteBuffer.wrap(StorageKeys.lastKey(key, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong());
		}
		List<SubscriptionInfo> out = new ArrayList<>();
		for (long id : ids.stream().sorted().toList()) {
			subscription(id, best).ifPresent(out::add);
		}
		return out;
	}

	private static long number(JsonNode header) {
		return Long.decode(header.path("number").asText());
	}
}
