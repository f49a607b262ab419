package org.dinfra.benchmarks.chain;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.client.Hex;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.ScaleReader;
import org.dinfra.chain.client.StorageKeys;
import org.dinfra.chain.client.TypeRegistry;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.testing.ChainTrackers;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.Cid;
import org.dinfra.keys.api.AccountKey;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Start-up of the chain tracker with many subscriptions assigned to the provider, against a
 * running dev chain ({@code scripts/bench/chain-startup.sh} starts and stops it).
 *
 * <ul>
 * <li>{@code seed <ws url> <n>}: writes n live subscriptions of //Bob with Chopsticks'
 * {@code dev_setStorage}: {@code DinfraSubscriptions.Subscriptions(id)} (a {@code Subscription}
 * encoded with our codec from the metadata's type: consumers //Alice, //Charlie, //Dave, //Eve,
 * //Ferdie in turn, type {@code docker-compose}, a distinct CID each, status {@code Assigned}) and
 * {@code SubscriptionsByProvider(bob, id)}, plus {@code NextSubscriptionId}; then waits until the
 * last one is visible at the finalized head.</li>
 * <li>{@code measure <ws url> <n> [split]}: run in a fresh JVM. Connects, then times a new
 * chain tracker ({@link ChainTrackers}) (empty checkpoint) from {@code watch()} to the listener's {@code snapshot}
 * of n assignments. With {@code split}, then the same reads again by hand in this (now warm) JVM: key
 * paging ({@code state_getKeysPaged}, pages of 1000), value queries ({@code state_queryStorageAt},
 * batches of 256) and decoding (value, CID, SS58), each timed on its own.</li>
 * </ul>
 */
public final class ChainStartup {
	private static final String[] CONSUMERS = {"//Alice", "//Charlie", "//Dave", "//Eve", "//Ferdie"};
	private static final int PAGE = 1000;
	private static final int BATCH = 256;
	private static final int SET_CHUNK = 1000;

	private ChainStartup() {
	}

	/**
	 * @param args {@code seed|measure}, ws url, number of subscriptions
	 * @throws Exception on any failure
	 */
	public static void main(String[] args) throws Exception {
		if (args.length < 3 || args.length > 4 || !List.of("seed", "measure").contains(args[0])) {
			System.err.println("usage: ChainStartup seed|measure <ws url> <subscriptions> [split]");
			System.exit(2);
		}
		int n = Integer.parseInt(args[2]);
		long t0 = System.nanoTime();
		// Chopsticks answers nothing, pongs included, while it lists keys: at 10,000 keys one page of
		// 1000 takes longer than the default 10 s ping interval (see chain-startup.sh)
		RpcClient.Options options = new RpcClient.Options(Duration.ofSeconds(300), Duration.ofMillis(250), Duration.ofSeconds(30),
				Duration.ofSeconds(300));
		try (DevChainClient chain = new DevChainClient(args[1], options)) {
			long connected = System.nanoTime();
			AccountKey bob = chain.key("//Bob");
			if (args[0].equals("seed")) {
				seed(chain, bob, n);
			} else {
				measure(chain, bob, n, (connected - t0) / 1e6, args.length == 4 && args[3].equals("split"));
			}
		}
	}

	private static void seed(DevChainClient chain, AccountKey bob, int n) throws Exception {
		long t0 = System.nanoTime();
		List<byte[]> consumers = new ArrayList<>();
		for (String c : CONSUMERS) {
			consumers.add(chain.key(c).publicKey().bytes());
		}
		int valueType = StorageItem.SUBSCRIPTIONS.entry(chain.metadata).valueType();
		List<TypeRegistry.Field> fields = ((TypeRegistry.CompositeDef) chain.metadata.types().get(valueType).def()).fields();
		long now = ChainLatency.finalizedNumber(chain);
		BigInteger price = DevChainClient.PRICE;
		BigInteger deposit = price.multiply(BigInteger.valueOf(1_000_000));
		List<List<String>> pairs = new ArrayList<>();
		for (long id = 0; id < n; id++) {
			Map<String, Value> v = new HashMap<>();
			v.put("consumer", Value.of(consumers.get((int) (id % consumers.size()))));
			v.put("provider", Value.of(bob.publicKey().bytes()));
			v.put("type_id", Value.of(DevChainClient.bytes(DevChainClient.TYPE)));
			v.put("descriptor_cid", Value.of(DevChainClient.bytes(Cid.of(("{\"seed\":" + id + "}").getBytes(StandardCharsets.UTF_8)).toString())));
			v.put("price_per_block", new Value.Int(price));
			v.put("deposit", new Value.Int(deposit));
			v.put("paid", Value.of(0));
			v.put("refunded", Value.of(0));
			v.put("start", Value.of(now));
			v.put("paid_until", Value.of(now));
			v.put("end", Value.of(now + 1_000_000));
			v.put("expires_at", Value.of(now + 1_000_000));
			v.put("status", Value.variant(SubscriptionStatus.ASSIGNED.variantName()));
			v.put("endpoint", Value.of(new byte[0]));
			List<Value.Field> fs = new ArrayList<>();
			for (TypeRegistry.Field f : fields) {
				Value x = v.get(f.name());
				if (x == null) {
					throw new IllegalStateException("error: the runtime's Subscription has a field " + f.name() + " this benchmark does not know");
				}
				fs.add(new Value.Field(f.name(), x));
			}
			byte[] value = chain.metadata.codec().encode(valueType, new Value.Composite(fs));
			pairs.add(List.of(Hex.encode(StorageItem.SUBSCRIPTIONS.key(chain.metadata, Value.of(id))),
					Hex.encode(value)));
			pairs.add(List.of(Hex.encode(StorageItem.SUBSCRIPTIONS_BY_PROVIDER.key(chain.metadata,
					Value.of(bob.publicKey().bytes()), Value.of(id))), "0x"));
		}
		pairs.add(List.of(Hex.encode(StorageItem.NEXT_SUBSCRIPTION_ID.key(chain.metadata)),
				Hex.encode(new org.dinfra.chain.client.ScaleWriter().u64(n).toByteArray())));
		for (int i = 0; i < pairs.size(); i += SET_CHUNK) {
			chain.rpc.request("dev_setStorage", pairs.subList(i, Math.min(pairs.size(), i + SET_CHUNK)));
		}
		// the last entries written are visible at the finalized head (the tracker's snapshot is checked
		// to have all n assignments: listing the keys here would cost as much as the figure itself)
		byte[] last = StorageItem.SUBSCRIPTIONS_BY_PROVIDER.key(chain.metadata, Value.of(bob.publicKey().bytes()),
				Value.of(n - 1L));
		ChainLatency.waitFor("subscription " + (n - 1) + " of //Bob at the finalized head", () -> !chain.finalizedStorage(last).isNull(), 120);
		System.out.printf(Locale.ROOT, "seeded %d subscriptions of //Bob with dev_setStorage in %.0f ms (finalized head %d)%n", n,
				(System.nanoTime() - t0) / 1e6, ChainLatency.finalizedNumber(chain));
	}

	private static void measure(DevChainClient chain, AccountKey bob, int n, double connectMs, boolean split) throws Exception {
		Path dir = Files.createTempDirectory("dinfra-chain-startup");
		try {
			CountDownLatch done = new CountDownLatch(1);
			int[] size = {-1};
			long[] at = {0};
			AssignmentListener listener = new AssignmentListener() {
				@Override
				public void snapshot(Collection<Assignment> assignments) {
					at[0] = System.nanoTime();
					size[0] = assignments.size();
					done.countDown();
				}

				@Override
				public void assigned(Assignment assignment) {
				}

				@Override
				public void ended(long id, String cause) {
				}

				@Override
				public void outOfSync() {
				}
			};
			ChainTrackers.Following tracker = ChainTrackers.follow(chain.rpc, bob, dir.resolve("checkpoint"), chain::ss58);
			long start = System.nanoTime();
			AutoCloseable watch = tracker.watch(listener);
			if (!done.await(600, TimeUnit.SECONDS)) {
				throw new IllegalStateException("error: no snapshot within 600 s");
			}
			long snapshotWall = System.currentTimeMillis();
			watch.close();
			tracker.close();
			if (size[0] != n) {
				throw new IllegalStateException("error: the snapshot has " + size[0] + " assignments, expected " + n);
			}
			double sinceJvm = snapshotWall - ManagementFactory.getRuntimeMXBean().getStartTime();
			System.out.printf(Locale.ROOT, "snapshot of %d assignments: watch() -> snapshot %.0f ms (fresh JVM; connect + metadata before it %.0f ms; JVM start -> snapshot %.0f ms)%n",
					size[0], (at[0] - start) / 1e6, connectMs, sinceJvm);
			if (split) {
				split(chain, bob, n);
			}
		} finally {
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/** The tracker's reads again, each part timed (this JVM is warm by now). */
	private static void split(DevChainClient chain, AccountKey bob, int n) throws Exception {
		String hash = chain.rpc.request("chain_getFinalizedHead").asText();
		long t0 = System.nanoTime();
		List<Long> ids = new ArrayList<>();
		for (byte[] key : StorageItem.SUBSCRIPTIONS_BY_PROVIDER.keys(chain.rpc, chain.metadata, hash, PAGE,
				Value.of(bob.publicKey().bytes()))) {
			ids.add(new ScaleReader(StorageKeys.lastKey(key, 8)).u64());
		}
		long t1 = System.nanoTime();
		List<String> values = new ArrayList<>();
		for (int i = 0; i < ids.size(); i += BATCH) {
			List<String> keys = new ArrayList<>();
			for (long id : ids.subList(i, Math.min(ids.size(), i + BATCH))) {
				keys.add(Hex.encode(StorageItem.SUBSCRIPTIONS.key(chain.metadata, Value.of(id))));
			}
			for (JsonNode set : chain.rpc.request("state_queryStorageAt", keys, hash)) {
				for (JsonNode change : set.path("changes")) {
					values.add(change.get(1).asText());
				}
			}
		}
		long t2 = System.nanoTime();
		int valueType = StorageItem.SUBSCRIPTIONS.entry(chain.metadata).valueType();
		List<Assignment> out = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			Value.Composite sub = (Value.Composite) chain.metadata.codec().decode(valueType, Hex.decode(values.get(i)));
			out.add(new Assignment(ids.get(i), new String(sub.get("type_id").asBytes(), StandardCharsets.UTF_8),
					Cid.parse(new String(sub.get("descriptor_cid").asBytes(), StandardCharsets.UTF_8)), chain.ss58(sub.get("consumer").asBytes())));
		}
		long t3 = System.nanoTime();
		if (out.size() != n) {
			throw new IllegalStateException("error: the split read " + out.size() + " values, expected " + n);
		}
		System.out.printf(Locale.ROOT, "split (same reads again, warm JVM): key paging %.0f ms (%d pages of %d), value queries %.0f ms (%d batches of %d), decode %.0f ms%n",
				(t1 - t0) / 1e6, (ids.size() + PAGE) / PAGE, PAGE, (t2 - t1) / 1e6, (ids.size() + BATCH - 1) / BATCH, BATCH, (t3 - t2) / 1e6);
	}
}
