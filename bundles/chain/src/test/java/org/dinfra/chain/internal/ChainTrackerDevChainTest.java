package org.dinfra.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.client.ExtrinsicBuilder;
import org.dinfra.chain.client.Hex;
import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.testing.DevChain;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Endpoint;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.Keys;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tracker against the real dev chain (our runtime in Chopsticks, {@link DevChain}: free port,
 * 500 ms blocks, stopped by pid): //Bob registers
 * a type and itself as provider, //Charlie subscribes; the tracker delivers the snapshot, the new
 * assignment and the cancellation, reports one deployment exactly once, and after a restart
 * resumes from its checkpoint with nothing missed or repeated.
 *
 * <p>Skipped (not failed, outside CI) when the dev chain cannot run here: no cached runtime build
 * ({@code ~/.cache/dinfra/parachain}) or no Chopsticks; it fails when the chain is not ready within 90 s.
 */
public class ChainTrackerDevChainTest {
	private static final BigInteger UNIT = BigInteger.TEN.pow(12);
	private static final BigInteger PRICE = BigInteger.TEN.pow(9);
	private static final String TYPE = "docker-compose";

	@Rule
	public Timeout timeout = new Timeout(240, TimeUnit.SECONDS);
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private DevChain chain;
	private RpcClient rpc;
	private Metadata metadata;
	private final Keys keys = Keys.standalone();
	private final Map<String, Long> nonces = new HashMap<>();
	private final List<AutoCloseable> closeLater = new ArrayList<>();

	/** Records what the listener is told, in order. */
	private static final class Recording implements AssignmentListener {
		final List<String> calls = new ArrayList<>();

		@Override
		public synchronized void snapshot(java.util.Collection<Assignment> assignments) {
			calls.add("snapshot " + assignments.stream().map(a -> Long.toString(a.id())).sorted().toList());
		}

		@Override
		public synchronized void assigned(Assignment assignment) {
			calls.add("assigned " + assignment.id() + " " + assignment.type() + " " + assignment.descriptor() + " " + assignment.consumer());
		}

		@Override
		public synchronized void ended(long id, String cause) {
			calls.add("ended " + id + " " + cause);
		}

		@Override
		public synchronized void outOfSync() {
			calls.add("outOfSync");
		}

		synchronized List<String> calls() {
			return List.copyOf(calls);
		}
	}

	@Before
	public void startDevChain() throws Exception {
		chain = DevChain.start(tmp.newFolder("chain").toPath(), 500, Duration.ofSeconds(90));
		rpc = new RpcClient(List.of(URI.create(chain.url())), RpcClient.Options.defaults());
		assertTrue(rpc.awaitConnected(Duration.ofSeconds(10)));
		metadata = Metadata.fromHex(rpc.request("state_getMetadata").asText());
	}

	@After
	public void stopDevChain() throws Exception {
		for (AutoCloseable c : closeLater) {
			c.close();
		}
		if (rpc != null) {
			rpc.close();
		}
		if (chain != null) {
			chain.close();
		}
	}

	@Test
	public void snapshotAssignedEndedAndOneDeployedReportThenResumeFromCheckpoint() throws Exception {
		AccountKey bob = key("//Bob");
		AccountKey charlie = key("//Charlie");
		String charlieAddress = ss58(charlie.publicKey().bytes());

		submit(bob, Call.REGISTER_TYPE.encode(metadata, Value.of(bytes(TYPE)), Value.of(bytes("bafkreischema"))));
		submit(bob, Call.REGISTER_PROVIDER.encode(metadata,
				new Value.Sequence(List.of(new Value.Composite(List.of(new Value.Field("type_id", Value.of(bytes(TYPE))),
						new Value.Field("price_per_block", new Value.Int(PRICE)))))),
				Value.of(5),
				new Value.Composite(List.of(new Value.Field("name", Value.of(bytes("it"))), new Value.Field("region", Value.of(bytes("local"))),
						new Value.Field("contact", Value.of(bytes("ops@example.org")))))));
		awaitStorage(StorageItem.PROVIDERS, true, Value.of(bob.publicKey().bytes()));

		Cid cid0 = Cid.of("{\"n\":0}".getBytes(StandardCharsets.UTF_8));
		subscribe(charlie, cid0);
		awaitStorage(StorageItem.SUBSCRIPTIONS, true, Value.of(0));
		awaitFinalized(StorageItem.SUBSCRIPTIONS, Value.of(0));

		Path checkpoint = tmp.getRoot().toPath().resolve("data/chain/checkpoint");
		ChainTracker tracker = tracker(bob, checkpoint);
		Recording rec = new Recording();
		AutoCloseable watch = tracker.watch(rec);
		await(rec, List.of("snapshot [0]"));

		Cid cid1 = Cid.of("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
		subscribe(charlie, cid1);
		await(rec, List.of("snapshot [0]", "assigned 1 " + TYPE + " " + cid1 + " " + charlieAddress));

		// report_deployed lands once: the second call sees the chain already says so and sends nothing
		long bobNonce = accountNonce(bob);
		tracker.running(0, List.of(new Endpoint("web:80", "http://127.0.0.1:18080")));
		assertEquals(SubscriptionStatus.DEPLOYED, status(0));
		tracker.running(0, List.of(new Endpoint("web:80", "http://127.0.0.1:18080")));
		assertEquals("one report_deployed transaction", bobNonce + 1, accountNonce(bob));
		JsonNode endpoint = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
				((Value.Composite) subscription(0)).get("endpoint").asBytes());
		assertEquals("http://127.0.0.1:18080", endpoint.get("web:80").asText());

		submit(charlie, Call.CANCEL.encode(metadata, Value.of(1)));
		await(rec, List.of("snapshot [0]", "assigned 1 " + TYPE + " " + cid1 + " " + charlieAddress, "ended 1 cancelled"));

		// Downtime: the agent stops; meanwhile one subscription is created and one cancelled.
		watch.close();
		long stoppedAt = Checkpoint.read(checkpoint).orElseThrow().number();
		Cid cid2 = Cid.of("{\"n\":2}".getBytes(StandardCharsets.UTF_8));
		subscribe(charlie, cid2);
		submit(charlie, Call.CANCEL.encode(metadata, Value.of(0)));
		awaitStorage(StorageItem.SUBSCRIPTIONS_BY_PROVIDER, false, Value.of(bob.publicKey().bytes()), Value.of(0));
		awaitFinalized(StorageItem.SUBSCRIPTIONS, Value.of(2));
		assertEquals("nothing was processed while stopped", stoppedAt, Checkpoint.read(checkpoint).orElseThrow().number());

		Recording again = new Recording();
		closeLater.add(tracker(bob, checkpoint).watch(again));
		// the snapshot at the checkpoint, then the blocks of the downtime in order, each once
		await(again, List.of("snapshot [0]", "assigned 2 " + TYPE + " " + cid2 + " " + charlieAddress, "ended 0 cancelled"));
		Thread.sleep(1500); // a few more blocks: nothing is repeated
		assertEquals(List.of("snapshot [0]", "assigned 2 " + TYPE + " " + cid2 + " " + charlieAddress, "ended 0 cancelled"),
				again.calls());
		assertTrue(Checkpoint.read(checkpoint).orElseThrow().number() > stoppedAt);
	}

	private ChainTracker tracker(AccountKey provider, Path checkpoint) {
		Function<byte[], String> address = this::ss58;
		ChainTracker t = new ChainTracker(rpc, provider, checkpoint, Clock.systemUTC(), address,
				new ChainTracker.Options(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMillis(500), 64));
		closeLater.add(0, t);
		return t;
	}

	private void subscribe(AccountKey consumer, Cid cid) throws Exception {
		submit(consumer, Call.SUBSCRIBE.encode(metadata, Value.of(bytes(TYPE)),
				Value.of(bytes(cid.toString())), new Value.Int(PRICE.multiply(BigInteger.TWO)), new Value.Int(PRICE.multiply(BigInteger.valueOf(1000)))));
	}

	private void await(Recording rec, List<String> expected) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
				.until(() -> rec.calls().size() >= expected.size());
		assertEquals(expected, rec.calls());
	}

	private void submit(AccountKey signer, byte[] call) throws Exception {
		String who = ss58(signer.publicKey().bytes());
		long nonce = Math.max(rpc.request("system_accountNextIndex", who).asLong(), nonces.getOrDefault(who, 0L));
		JsonNode rv = rpc.request("state_getRuntimeVersion");
		byte[] genesis = Hex.decode(rpc.request("chain_getBlockHash", 0).asText());
		byte[] tx = new ExtrinsicBuilder(metadata).signed(call, signer, new ExtrinsicBuilder.SigningParams(nonce, BigInteger.ZERO,
				ExtrinsicBuilder.Era.IMMORTAL, null, genesis, rv.get("specVersion").asLong(), rv.get("transactionVersion").asLong()));
		rpc.request("author_submitExtrinsic", Hex.encode(tx));
		nonces.put(who, nonce + 1);
	}

	private long accountNonce(AccountKey k) throws Exception {
		return rpc.request("system_accountNextIndex", ss58(k.publicKey().bytes())).asLong();
	}

	private Value subscription(long id) throws Exception {
		return StorageItem.SUBSCRIPTIONS.read(rpc, metadata, null, Value.of(id)).orElseThrow();
	}

	private SubscriptionStatus status(long id) throws Exception {
		return SubscriptionStatus.ofSubscription(subscription(id));
	}

	private void awaitStorage(StorageItem item, boolean present, Value... keys) {
		String key = Hex.encode(item.key(metadata, keys));
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
				.until(() -> rpc.request("state_getStorage", key).isNull() != present);
	}

	private void awaitFinalized(StorageItem item, Value... keys) {
		String key = Hex.encode(item.key(metadata, keys));
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
				.until(() -> !rpc.request("state_getStorage", key, rpc.request("chain_getFinalizedHead").asText()).isNull());
	}

	private AccountKey key(String suri) throws Exception {
		AccountKey k = keys.fromSecretUri(suri.toCharArray());
		closeLater.add(k);
		return k;
	}

	private String ss58(byte[] account) {
		try {
			return keys.ss58Encode(Ed25519PublicKey.of(account), 42);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}
}
