package org.dinfra.benchmarks.chain;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.client.Hex;
import org.dinfra.chain.client.ExtrinsicBuilder;
import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.Value;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.Keys;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the chain figures need of a running dev chain ({@code parachain/scripts/chain.sh}, started
 * and stopped by the scripts in scripts/bench): a connection, the metadata, the dev accounts, and
 * signed transactions with locally counted nonces (the dev chain needs explicit nonces for
 * consecutive transactions of one account).
 */
final class DevChainClient implements AutoCloseable {
	static final BigInteger PRICE = BigInteger.TEN.pow(9);
	static final String TYPE = "docker-compose";

	final RpcClient rpc;
	final Metadata metadata;
	private final Keys keys = Keys.standalone();
	private final Map<String, Long> nonces = new HashMap<>();
	private final List<AutoCloseable> toClose = new ArrayList<>();
	private final byte[] genesis;
	private final long specVersion;
	private final long transactionVersion;

	DevChainClient(String url) throws Exception {
		this(url, RpcClient.Options.defaults());
	}

	DevChainClient(String url, RpcClient.Options options) throws Exception {
		rpc = new RpcClient(List.of(URI.create(url)), options);
		if (!rpc.awaitConnected(Duration.ofSeconds(20))) {
			rpc.close();
			throw new IllegalStateException("error: no dev chain at " + url);
		}
		metadata = Metadata.fromHex(rpc.request("state_getMetadata").asText());
		genesis = Hex.decode(rpc.request("chain_getBlockHash", 0).asText());
		JsonNode rv = rpc.request("state_getRuntimeVersion");
		specVersion = rv.get("specVersion").asLong();
		transactionVersion = rv.get("transactionVersion").asLong();
	}

	AccountKey key(String suri) throws Exception {
		AccountKey k = keys.fromSecretUri(suri.toCharArray());
		toClose.add(k);
		return k;
	}

	String ss58(byte[] account) {
		try {
			return keys.ss58Encode(Ed25519PublicKey.of(account), 42);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** Signs (immortal, next local nonce) and submits; returns at once (the pool's answer). */
	void submit(AccountKey signer, byte[] call) throws Exception {
		String who = ss58(signer.publicKey().bytes());
		long nonce;
		synchronized (nonces) {
			nonce = nonces.containsKey(who) ? nonces.get(who) : rpc.request("system_accountNextIndex", who).asLong();
			nonces.put(who, nonce + 1);
		}
		byte[] tx = new ExtrinsicBuilder(metadata).signed(call, signer, new ExtrinsicBuilder.SigningParams(nonce, BigInteger.ZERO,
				ExtrinsicBuilder.Era.IMMORTAL, null, genesis, specVersion, transactionVersion));
		rpc.request("author_submitExtrinsic", Hex.encode(tx));
	}

	/** //Bob registers the type (if needed) and itself as its provider with the given capacity. */
	void registerProvider(AccountKey bob, int capacity) throws Exception {
		submit(bob, Call.REGISTER_TYPE.encode(metadata, Value.of(bytes(TYPE)), Value.of(bytes("bafkreischema"))));
		submit(bob, Call.REGISTER_PROVIDER.encode(metadata,
				new Value.Sequence(List.of(new Value.Composite(List.of(new Value.Field("type_id", Value.of(bytes(TYPE))),
						new Value.Field("price_per_block", new Value.Int(PRICE)))))),
				Value.of(capacity),
				new Value.Composite(List.of(new Value.Field("name", Value.of(bytes("bench"))),
						new Value.Field("region", Value.of(bytes("local"))), new Value.Field("contact", Value.of(bytes("ops@example.org")))))));
	}

	/** A {@code subscribe} call paying 1000 blocks. */
	byte[] subscribeCall(String cid) {
		return Call.SUBSCRIBE.encode(metadata, Value.of(bytes(TYPE)), Value.of(bytes(cid)),
				new Value.Int(PRICE.multiply(BigInteger.TWO)), new Value.Int(PRICE.multiply(BigInteger.valueOf(1000))));
	}

	/** @return the storage value at the finalized head, or null */
	JsonNode finalizedStorage(byte[] key) throws Exception {
		return rpc.request("state_getStorage", Hex.encode(key), rpc.request("chain_getFinalizedHead").asText());
	}

	@Override
	public void close() throws Exception {
		for (AutoCloseable c : toClose) {
			c.close();
		}
		rpc.close();
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}
}
