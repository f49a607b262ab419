package org.dinfra.benchmarks.chain;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.dinfra.chain.api.Event;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.client.Hex;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.StorageKeys;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.testing.ChainTrackers;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.Cid;
import org.dinfra.keys.api.AccountKey;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Latency from a finalized head notification to the tracker's {@code assigned} call, against a
 * running dev chain ({@code scripts/bench/chain-latency.sh} starts and stops it).
 *
 * <p>//Bob registers as provider; a plain chain tracker ({@link ChainTrackers}) for //Bob watches with a listener
 * that records when each {@code assigned(id)} arrives ({@link System#nanoTime()}). A second
 * {@code chain_subscribeFinalizedHeads} subscription on the same {@link RpcClient} records when
 * each finalized head notification arrived. The consumers //Alice, //Charlie, //Dave, //Eve,
 * //Ferdie subscribe continuously, over a connection of their own: K subscriptions (one per
 * consumer in turn) a given delay after each new best block, so a few land in every block (the
 * delay keeps the node's validation of K transactions, which Chopsticks does on its one thread,
 * out of the moment the tracker reads the new block: a real node answers both in parallel).
 * Afterwards the finalized blocks are read again to find the block of each
 * {@code SubscriptionCreated(id)} for //Bob; the latency of id =
 * time of {@code assigned(id)} minus the arrival of the first finalized head notification whose
 * number is at least that block.
 *
 * <p>Arguments: {@code <ws url> <subscriptions> <per block> <submit delay ms>}.
 */
public final class ChainLatency {
	private static final String[] CONSUMERS = {"//Alice", "//Charlie", "//Dave", "//Eve", "//Ferdie"};

	private ChainLatency() {
	}

	/** Records the tracker's calls. */
	private static final class Recorder implements AssignmentListener {
		final Map<Long, Long> assignedAt = new ConcurrentHashMap<>();
		final CountDownLatch snapshot = new CountDownLatch(1);
		volatile int outOfSync;

		@Override
		public void snapshot(Collection<Assignment> assignments) {
			snapshot.countDown();
		}

		@Override
		public void assigned(Assignment assignment) {
			assignedAt.putIfAbsent(assignment.id(), System.nanoTime());
		}

		@Override
		public void ended(long id, String cause) {
		}

		@Override
		public void outOfSync() {
			outOfSync++;
		}
	}

	/**
	 * @param args ws url, number of subscriptions, subscriptions per block, block time in ms
	 * @throws Exception on any failure
	 */
	public static void main(String[] args) throws Exception {
		if (args.length != 4) {
			System.err.println("usage: ChainLatency <ws url> <subscriptions> <per block> <submit delay ms>");
			System.exit(2);
		}
		int total = Integer.parseInt(args[1]);
		int perBlock = Integer.parseInt(args[2]);
		long submitDelayMs = Long.parseLong(args[3]);
		Path dir = Files.createTempDirectory("dinfra-chain-latency");
		// the consumers' transactions go over a connection of their own
		try (DevChainClient chain = new DevChainClient(args[0]); DevChainClient load = new DevChainClient(args[0])) {
			AccountKey bob = chain.key("//Bob");
			List<AccountKey> consumers = new ArrayList<>();
			for (String c : CONSUMERS) {
				consumers.add(load.key(c));
			}
			chain.registerProvider(bob, 100_000);
			byte[] providerKey = StorageItem.PROVIDERS.key(chain.metadata, Value.of(bob.publicKey().bytes()));
			waitFor("//Bob registered as provider", () -> !chain.finalizedStorage(providerKey).isNull(), 60);

			ConcurrentSkipListMap<Long, Long> headArrival = new ConcurrentSkipListMap<>();
			RpcClient.Subscription heads = chain.rpc.subscribe("chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads", List.of(),
					h -> headArrival.putIfAbsent(Long.decode(h.path("number").asText("0x0")), System.nanoTime()));

			Recorder rec = new Recorder();
			ChainTrackers.Following tracker = ChainTrackers.follow(chain.rpc, bob, dir.resolve("checkpoint"), chain::ss58);
			AutoCloseable watch = tracker.watch(rec);
			if (!rec.snapshot.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("error: no snapshot from the tracker within 60 s");
			}
			long startBlock = finalizedNumber(chain);
			System.err.printf("tracker synced at block %d; submitting %d subscriptions, %d per new block%n", startBlock, total, perBlock);

			// a few subscriptions per block: a round is sent when a new best head arrives
			BlockingQueue<Long> newHeads = new LinkedBlockingQueue<>();
			RpcClient.Subscription best = load.rpc.subscribe("chain_subscribeNewHeads", "chain_unsubscribeNewHeads", List.of(),
					h -> newHeads.add(Long.decode(h.path("number").asText("0x0"))));
			int sent = 0;
			int c = 0;
			while (sent < total) {
				if (newHeads.poll(120, TimeUnit.SECONDS) == null) {
					throw new IllegalStateException("error: no new block within 120 s");
				}
				newHeads.clear();
				Thread.sleep(submitDelayMs);
				for (int i = 0; i < perBlock && sent < total; i++, sent++) {
					Cid cid = Cid.of(("{\"bench\":" + sent + "}").getBytes(StandardCharsets.UTF_8));
					load.submit(consumers.get(c++ % consumers.size()), load.subscribeCall(cid.toString()));
				}
			}
			best.close();
			System.err.printf("all %d submitted; waiting for the pool to drain and the blocks to be finalized%n", total);
			waitFor("the transaction pool to drain", () -> chain.rpc.request("author_pendingExtrinsics").size() == 0, 900);
			// the pool is empty as soon as Chopsticks takes the last transactions into the block it builds:
			// wait for the block after the current best too
			long lastBest = Long.decode(chain.rpc.request("chain_getHeader").get("number").asText()) + 1;
			waitFor("block " + lastBest + " finalized", () -> finalizedNumber(chain) >= lastBest, 120);
			long endBlock = finalizedNumber(chain);

			// the block of each SubscriptionCreated for //Bob
			Map<Long, Long> createdIn = new TreeMap<>();
			int failed = 0;
			for (long n = startBlock + 1; n <= endBlock; n++) {
				String hash = chain.rpc.request("chain_getBlockHash", n).asText();
				JsonNode v = chain.rpc.request("state_getStorage", Hex.encode(StorageKeys.key(chain.metadata, "System", "Events")), hash);
				if (v == null || v.isNull()) {
					continue;
				}
				for (Events.EventRecord r : Events.decode(chain.metadata, Hex.decode(v.asText()))) {
					if (Event.SUBSCRIPTION_CREATED.matches(r) && Arrays.equals(r.get("provider").asBytes(), bob.publicKey().bytes())) {
						createdIn.put(r.get("id").asLong(), n);
					} else if (r.is("System", "ExtrinsicFailed")) {
						failed++;
					}
				}
			}
			waitFor("assigned calls for all " + createdIn.size() + " subscriptions created", () -> rec.assignedAt.size() >= createdIn.size(), 120);
			watch.close();
			heads.close();
			tracker.close();

			List<Double> ms = new ArrayList<>();
			int missing = 0;
			Map<Long, Integer> perBlockCount = new TreeMap<>();
			for (Map.Entry<Long, Long> e : createdIn.entrySet()) {
				Long assigned = rec.assignedAt.get(e.getKey());
				Map.Entry<Long, Long> head = headArrival.ceilingEntry(e.getValue());
				perBlockCount.merge(e.getValue(), 1, Integer::sum);
				if (assigned == null || head == null) {
					missing++;
					continue;
				}
				ms.add((assigned - head.getValue()) / 1e6);
			}
			// per block: number, subscriptions, latency of its first and last assigned call
			StringBuilder blocks = new StringBuilder("per block (number:subscriptions:ms first-last):");
			for (long b : perBlockCount.keySet()) {
				double lo = Double.MAX_VALUE;
				double hi = 0;
				for (Map.Entry<Long, Long> e : createdIn.entrySet()) {
					Long assigned = rec.assignedAt.get(e.getKey());
					Map.Entry<Long, Long> head = headArrival.ceilingEntry(b);
					if (e.getValue() == b && assigned != null && head != null) {
						double x = (assigned - head.getValue()) / 1e6;
						lo = Math.min(lo, x);
						hi = Math.max(hi, x);
					}
				}
				blocks.append(String.format(Locale.ROOT, " %d:%d:%.0f-%.0f", b, perBlockCount.get(b), lo, hi));
			}
			System.err.println(blocks);
			ms.sort(Double::compare);
			System.out.printf(Locale.ROOT, "blocks %d..%d, subscriptions created for //Bob %d in %d blocks (max %d per block), failed extrinsics %d, assigned calls %d, not matched %d, outOfSync %d%n",
					startBlock + 1, endBlock, createdIn.size(), perBlockCount.size(),
					perBlockCount.values().stream().mapToInt(Integer::intValue).max().orElse(0), failed, rec.assignedAt.size(), missing, rec.outOfSync);
			System.out.printf(Locale.ROOT, "latency ms (finalized head notification -> assigned): count %d p50 %.1f p90 %.1f p99 %.1f max %.1f min %.1f%n",
					ms.size(), pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.isEmpty() ? Double.NaN : ms.get(ms.size() - 1),
					ms.isEmpty() ? Double.NaN : ms.get(0));
		} finally {
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/** Nearest-rank percentile. */
	static double pct(List<Double> sorted, int p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, rank - 1));
	}

	static long finalizedNumber(DevChainClient chain) throws Exception {
		JsonNode header = chain.rpc.request("chain_getHeader", chain.rpc.request("chain_getFinalizedHead").asText());
		return Long.decode(header.get("number").asText());
	}

	interface Check {
		boolean ok() throws Exception;
	}

	static void waitFor(String what, Check check, int seconds) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!check.ok()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("error: not within " + seconds + " s: " + what);
			}
			Thread.sleep(100);
		}
	}
}
