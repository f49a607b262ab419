package org.dinfra.itest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.Event;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.testing.DevChain;
import org.dinfra.core.api.Cid;
import org.junit.After;
import org.junit.Test;

/**
 * The figures of issue 9, measured on the real distribution against the dev chain with the test
 * reactor (the agent's own latency, not a reactor's): {@code N} subscriptions (default 240) from
 * three consumers, then all of them cancelled. For each subscription: the moment the block with
 * its {@code SubscriptionCreated} (or {@code Cancelled}) event was announced finalized to this
 * process, and the agent's log line {@code Deploying <id>} (or {@code Tearing down <id>}); then
 * the agent is restarted with N live subscriptions to measure start time and resident memory.
 * Not a test of the normal build: {@code scripts/bench/e2e.sh} runs it and prints the figures.
 */
public class EndToEndBenchmark {
	private static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000L);
	private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");
	private static final Pattern LINE = Pattern.compile("^(\\S+) \\|.*\\| (Deploying|Tearing down) (\\d+)\\b.*");
	private final List<AutoCloseable> closeLater = new ArrayList<>();
	private final Map<Long, Long> finalizedAt = new ConcurrentHashMap<>();

	@After
	public void stop() throws Exception {
		Collections.reverse(closeLater);
		for (AutoCloseable c : closeLater) {
			c.close();
		}
	}

	@Test
	public void figures() throws Exception {
		int n = Integer.getInteger("dinfra.bench.subscriptions", 240);
		int blockMs = Integer.getInteger("dinfra.bench.blockMs", 1000);
		Path dir = Path.of(System.getProperty("dinfra.it.dir", "target/it"), "e2e-bench");
		DevChain chain = DevChain.start(Files.createTempDirectory(Files.createDirectories(dir), "chain-"), blockMs, Duration.ofSeconds(180));
		closeLater.add(chain);
		KarafProcess karaf = KarafProcess.unpack(Path.of(KarafOptions.artifact("dinfra.distro.zip")), dir);
		closeLater.add(karaf);
		karaf.followChain("//Ferdie", chain.url());
		karaf.config("org.dinfra.chain", "pricePerBlock", PRICE.toString());
		karaf.config("org.dinfra.chain", "capacity", Integer.toString(n + 10));
		Files.copy(Path.of(KarafOptions.artifact("dinfra.itest.reactor")), karaf.home().resolve("deploy/dinfra-itest-reactor.jar"));
		ChainClient client = new ChainClient(chain.url());
		closeLater.add(client);
		ChainClient.Account ferdie = client.account("//Ferdie");
		byte[] ferdieId = ferdie.id();

		// finalized heads as this process sees them: block number -> arrival time
		Map<Long, Long> headArrival = new ConcurrentHashMap<>();
		RpcClient.Subscription heads = client.rpc().subscribe("chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads", List.of(),
				h -> headArrival.putIfAbsent(Long.decode(h.path("number").asText()), System.currentTimeMillis()));
		closeLater.add(heads);

		karaf.start();
		await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
				.until(() -> client.storage(null, StorageItem.PROVIDERS, Value.of(ferdieId)).isPresent());

		// N subscriptions from three consumers, submitted without waiting (local nonces), then awaited
		List<ChainClient.Account> consumers = List.of(client.account("//Charlie"), client.account("//Dave"), client.account("//Eve"));
		List<long[]> created = submitAll(client, consumers, n, i -> {
			byte[] d = ("{\"message\":\"bench " + i + "\"}").getBytes(StandardCharsets.UTF_8);
			String cid = Cid.of(d).toString();
			Files.createDirectories(karaf.data().resolve("dinfra/content"));
			Files.write(karaf.data().resolve("dinfra/content").resolve(cid), d);
			return new Object[] { Call.SUBSCRIBE, Value.of(ChainClient.utf8("test-file")), Value.of(ChainClient.utf8(cid)), new Value.Int(PRICE),
					new Value.Int(PRICE.multiply(BigInteger.valueOf(100_000))) };
		}, Event.SUBSCRIPTION_CREATED);
		await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofSeconds(1)).until(() -> countLog(karaf, "Deploying") >= n);
		Map<Long, Long> deployAt = logTimes(karaf, "Deploying");
		List<Long> deployLatency = latencies(created, headArrival, deployAt);

		// all cancelled by their consumers
		List<long[]> cancelled = submitCancels(client, consumers, created);
		await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofSeconds(1)).until(() -> countLog(karaf, "Tearing down") >= n);
		List<Long> teardownLatency = latencies(cancelled, headArrival, logTimes(karaf, "Tearing down"));

		// start time and memory with N live subscriptions assigned
		List<long[]> live = submitAll(client, consumers, n, i -> {
			byte[] d = ("{\"message\":\"live " + i + "\"}").getBytes(StandardCharsets.UTF_8);
			String cid = Cid.of(d).toString();
			Files.write(karaf.data().resolve("dinfra/content").resolve(cid), d);
			return new Object[] { Call.SUBSCRIBE, Value.of(ChainClient.utf8("test-file")), Value.of(ChainClient.utf8(cid)), new Value.Int(PRICE),
					new Value.Int(PRICE.multiply(BigInteger.valueOf(100_000))) };
		}, Event.SUBSCRIPTION_CREATED);
		await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofSeconds(1)).until(() -> countLog(karaf, "Deploying") >= 2L * n);
		karaf.close();
		long t0 = System.currentTimeMillis();
		karaf.start();
		Path log = karaf.data().resolve("log/karaf.log");
		String marker = "Chain snapshot at block";
		long before = Files.readAllLines(log).stream().filter(l -> l.contains(marker)).count();
		await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(100))
				.until(() -> Files.readAllLines(log).stream().filter(l -> l.contains(marker)).count() > before);
		long startMs = System.currentTimeMillis() - t0;
		long rss = karaf.rssKiB();
		Thread.sleep(30_000);
		long rss30 = karaf.rssKiB();

		System.out.println("DINFRA end-to-end figures (" + n + " subscriptions, dev chain " + blockMs + " ms blocks, test reactor)");
		System.out.println("  assignment finalized -> deploy started:   " + summary(deployLatency));
		System.out.println("  cancel finalized -> teardown started:     " + summary(teardownLatency));
		System.out.println("  agent start with " + live.size() + " live subscriptions to its chain snapshot: " + startMs + " ms");
		System.out.println("  agent resident memory: " + rss / 1024 + " MiB at the snapshot, " + rss30 / 1024 + " MiB 30 s later");
	}

	interface CallArgs {
		Object[] of(int i) throws Exception;
	}

	/**
	 * At most this many transactions are in flight at once: a block holds about 25 subscribes
	 * (each reserves the proof size of its worst case, every provider of the type scanned), and
	 * Chopsticks drops what does not fit in the block it builds instead of keeping it.
	 */
	private static final int IN_FLIGHT = 15;

	/** Submits n calls round robin over the consumers, in waves; @return {id, block} per created subscription */
	private List<long[]> submitAll(ChainClient client, List<ChainClient.Account> consumers, int n, CallArgs args, Event event) throws Exception {
		List<Object[]> calls = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			calls.add(args.of(i));
		}
		return submitInWaves(client, consumers, calls, event);
	}

	/** Cancels every subscription by its consumer (subscription i was created by consumer i % size). */
	private List<long[]> submitCancels(ChainClient client, List<ChainClient.Account> consumers, List<long[]> created) throws Exception {
		List<Object[]> calls = new ArrayList<>();
		for (long[] c : created) {
			calls.add(new Object[] { Call.CANCEL, Value.of(c[0]) });
		}
		return submitInWaves(client, consumers, calls, Event.CANCELLED);
	}

	/**
	 * Submits the calls in waves of {@link #IN_FLIGHT}, round robin over the consumers, and awaits
	 * each. Should Chopsticks drop a transaction all the same (it says nothing when it does), a
	 * wallet signs and sends it again once its era has ended, and so does this load generator, up
	 * to three times a call (Transactions takes the chain's nonce again after an expired one). What
	 * it measures starts at the inclusion.
	 *
	 * @return {id, block} per call, in the order of the calls
	 */
	private List<long[]> submitInWaves(ChainClient client, List<ChainClient.Account> consumers, List<Object[]> calls, Event event)
			throws Exception {
		ChainRuntime rt = ChainRuntime.current(client.rpc(), null);
		long[][] out = new long[calls.size()][];
		Map<Integer, Integer> attempts = new HashMap<>();
		Deque<Integer> todo = new ArrayDeque<>();
		for (int i = 0; i < calls.size(); i++) {
			todo.add(i);
		}
		int resent = 0;
		while (!todo.isEmpty()) {
			List<Integer> wave = new ArrayList<>();
			List<Transactions.Submitted> submitted = new ArrayList<>();
			List<Transactions> by = new ArrayList<>();
			while (!todo.isEmpty() && wave.size() < IN_FLIGHT) {
				int i = todo.poll();
				Transactions t = consumers.get(i % consumers.size()).transactions();
				Object[] x = calls.get(i);
				Value[] v = new Value[x.length - 1];
				for (int k = 1; k < x.length; k++) {
					v[k - 1] = (Value) x[k];
				}
				submitted.add(t.submit(rt, ((Call) x[0]).encode(rt.metadata(), v)));
				by.add(t);
				wave.add(i);
			}
			for (int w = 0; w < wave.size(); w++) {
				int i = wave.get(w);
				Transactions.Included in;
				try {
					in = by.get(w).await(rt, submitted.get(w), Duration.ofSeconds(600));
				} catch (RpcException e) {
					if (e.code() != RpcException.EXPIRED || attempts.merge(i, 1, Integer::sum) > 3) {
						throw e;
					}
					todo.add(i);
					resent++;
					continue;
				}
				Events.EventRecord e = event.first(in.events()).orElseThrow(() -> new AssertionError("no " + event + ": " + in.error()));
				out[i] = new long[] { e.get("id").asLong(), in.blockNumber() };
			}
		}
		if (resent > 0) {
			System.out.println("  (" + resent + " of " + calls.size() + " " + event + " transactions were dropped by the pool and sent again)");
		}
		return List.of(out);
	}

	private static long countLog(KarafProcess karaf, String what) throws IOException {
		return logTimes(karaf, what).size();
	}

	/** @return id -> epoch millis of the first log line "what id" */
	private static Map<Long, Long> logTimes(KarafProcess karaf, String what) throws IOException {
		Map<Long, Long> out = new ConcurrentHashMap<>();
		Path log = karaf.data().resolve("log/karaf.log");
		if (!Files.exists(log)) {
			return out;
		}
		for (String l : Files.readAllLines(log)) {
			Matcher m = LINE.matcher(l);
			if (m.matches() && m.group(2).equals(what)) {
				long t = LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
				out.putIfAbsent(Long.parseLong(m.group(3)), t);
			}
		}
		return out;
	}

	/** @return per id: action time minus the arrival of the finalized head that first covers its block */
	private static List<Long> latencies(List<long[]> events, Map<Long, Long> headArrival, Map<Long, Long> actionAt) {
		List<Long> out = new ArrayList<>();
		for (long[] e : events) {
			Long action = actionAt.get(e[0]);
			Long head = headArrival.entrySet().stream().filter(h -> h.getKey() >= e[1]).min(Map.Entry.comparingByKey())
					.map(Map.Entry::getValue).orElse(null);
			if (action != null && head != null) {
				out.add(action - head);
			}
		}
		Collections.sort(out);
		return out;
	}

	private static String summary(List<Long> sorted) {
		if (sorted.isEmpty()) {
			return "no samples";
		}
		return String.format("n=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms", sorted.size(), pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
				sorted.get(sorted.size() - 1));
	}

	private static long pct(List<Long> sorted, int p) {
		int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
	}
}
