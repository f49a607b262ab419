package org.dinfra.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.EnumMap;

import org.dinfra.chain.api.Event;
import org.dinfra.chain.api.Pallet;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.api.TypeStatus;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.testing.DevChain;
import org.dinfra.core.api.Cid;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The agent distribution (a real {@code bin/karaf} process) with the {@code dinfra-chain} feature
 * against the dev chain (our runtime served by Chopsticks over real JSON-RPC), reached through two
 * TCP proxies so that the test can cut the network under it. The provider key is //Dave, read from
 * a 0600 file; the agent registers the test type and itself; //Charlie subscribes.
 *
 * Installing a reactor feature at run time offers its type on chain; removing it withdraws it.
 *
 * <p>Every action of the agent is counted at both ends: the test reactor's call log (deploys and
 * teardowns) and //Dave's transactions on chain (one per report).
 */
public class ChainAgentIT {
	private static final Duration BOOT = Duration.ofSeconds(180);
	private static final Duration CHAIN = Duration.ofSeconds(90);
	private static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000L);
	private static final String TYPE = "test-file";
	private static DevChain chain;
	private static TcpProxy first;
	private static TcpProxy second;
	private KarafProcess karaf;
	private ChainClient client;

	@BeforeClass
	public static void startChain() throws Exception {
		Path dir = Path.of(System.getProperty("dinfra.it.dir", "target/it"), "chain-agent");
		DevChain.requireBuilt();
		chain = DevChain.start(Files.createTempDirectory(Files.createDirectories(dir), "chain-"), 500, Duration.ofSeconds(180));
		first = new TcpProxy(chain.port());
		second = new TcpProxy(chain.port());
	}

	@AfterClass
	public static void stopChain() throws Exception {
		if (first != null) {
			first.close();
			second.close();
		}
		if (chain != null) {
			chain.close();
		}
	}

	@After
	public void stop() throws Exception {
		if (karaf != null) {
			karaf.close();
		}
		if (client != null) {
			client.close();
		}
	}

	private Path reactor() {
		return karaf.data().resolve("dinfra-itest-reactor");
	}

	private long count(String call) throws IOException {
		Path log = reactor().resolve("calls.log");
		return Files.exists(log) ? Files.readAllLines(log).stream().filter(call::equals).count() : 0;
	}

	/** Stores a descriptor where the agent's local content store finds it; @return its CID */
	private String store(String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		Cid cid = Cid.of(bytes);
		Path content = karaf.data().resolve("dinfra/content");
		Files.createDirectories(content);
		Files.write(content.resolve(cid.toString()), bytes);
		return cid.toString();
	}

	private void awaitStatus(long id, SubscriptionStatus status) {
		await().atMost(CHAIN).pollInterval(Duration.ofMillis(250)).until(() -> client.statusOf(id) == status);
	}

	/** @return the types a provider offers on chain, sorted */
	private List<String> offeredTypes(byte[] provider) throws Exception {
		Value p = client.storage(null, StorageItem.PROVIDERS, Value.of(provider)).orElse(null);
		if (p == null) {
			return List.of();
		}
		List<String> types = new java.util.ArrayList<>();
		for (Value o : ((Value.Composite) p).get("offers").asSequence()) {
			types.add(new String(((Value.Composite) o).get("type_id").asBytes(), StandardCharsets.UTF_8));
		}
		java.util.Collections.sort(types);
		return types;
	}

	@Test
	public void registersDeploysReportsAndFollowsTheChainThroughNetworkAndNodeFaults() throws Exception {
		karaf = KarafProcess.unpack(Path.of(KarafOptions.artifact("dinfra.distro.zip")),
				Path.of(System.getProperty("dinfra.it.dir", "target/it"), "chain-agent"));
		karaf.config("org.dinfra.core", "minBackoffMs", "200");
		karaf.config("org.dinfra.core", "resyncSeconds", "5");
		karaf.followChain("//Dave", first.url() + "," + second.url());
		karaf.config("org.dinfra.chain", "pricePerBlock", PRICE.toString());
		karaf.config("org.dinfra.chain", "capacity", "20");
		karaf.config("org.dinfra.chain", "name", "chain-agent-it");
		karaf.config("org.dinfra.chain", "reportTimeoutSeconds", "20");
		Files.copy(Path.of(KarafOptions.artifact("dinfra.itest.reactor")), karaf.home().resolve("deploy/dinfra-itest-reactor.jar"));

		client = new ChainClient(chain.url());
		ChainClient.Account dave = client.account("//Dave");
		ChainClient.Account charlie = client.account("//Charlie");
		byte[] daveId = dave.id();
		long startBlock = client.finalizedNumber();
		karaf.start();

		// 1. the agent registers the type of its reactor and itself
		await().atMost(BOOT).pollInterval(Duration.ofMillis(500))
				.until(() -> client.storage(null, StorageItem.PROVIDERS, Value.of(daveId)).isPresent());
		Value.Composite provider = (Value.Composite) client.storage(null, StorageItem.PROVIDERS, Value.of(daveId)).get();
		Value.Composite offer = (Value.Composite) provider.get("offers").asSequence().get(0);
		assertEquals(TYPE, new String(offer.get("type_id").asBytes(), StandardCharsets.UTF_8));
		assertEquals(PRICE, offer.get("price_per_block").asBigInteger());
		assertEquals(20, provider.get("capacity").asLong());
		long daveTxs = 2; // register_type, register_provider

		// 2. a subscription is deployed and reported running once
		long a = charlie.subscribe(TYPE, store("{\"message\":\"a\"}"), PRICE, PRICE.multiply(BigInteger.valueOf(2000)));
		awaitStatus(a, SubscriptionStatus.DEPLOYED);
		daveTxs++;
		assertEquals(1, count("created " + a));

		// 3. a schema-invalid descriptor: failed on chain with reason 1, refunded, nothing deployed
		long b = charlie.subscribe(TYPE, store("{\"nonsense\":true}"), PRICE, PRICE.multiply(BigInteger.valueOf(2000)));
		awaitStatus(b, SubscriptionStatus.FAILED);
		daveTxs++;
		assertEquals(1, client.status(b).get().get("reason").asLong());
		assertEquals(0, count("deploy-start " + b));

		// 4. cancel: torn down
		charlie.cancel(a);
		await().atMost(CHAIN).until(() -> count("teardown " + a) == 1);

		// 5. endpoint switch: the first endpoint dies; the agent fails over to the second
		first.cut();
		long c = charlie.subscribe(TYPE, store("{\"message\":\"c\"}"), PRICE, PRICE.multiply(BigInteger.valueOf(2000)));
		awaitStatus(c, SubscriptionStatus.DEPLOYED);
		daveTxs++;

		// 6. the network under the agent is cut while subscriptions change, then restored
		second.cut();
		long d = charlie.subscribe(TYPE, store("{\"message\":\"d\"}"), PRICE, PRICE.multiply(BigInteger.valueOf(2000)));
		charlie.cancel(c);
		Thread.sleep(3000); // several blocks finalized while the agent cannot see them
		assertEquals("nothing happens while the agent is cut off", 0, count("created " + d));
		first.restore();
		second.restore();
		awaitStatus(d, SubscriptionStatus.DEPLOYED);
		daveTxs++;
		await().atMost(CHAIN).until(() -> count("teardown " + c) == 1);

		// 7. the node itself stops and starts again (same chain, resumed from its database)
		chain.stop();
		Thread.sleep(2000);
		chain.start();
		client.close();
		client = new ChainClient(chain.url());
		charlie = client.account("//Charlie");
		dave = client.account("//Dave");
		long e = charlie.subscribe(TYPE, store("{\"message\":\"e\"}"), PRICE, PRICE.multiply(BigInteger.valueOf(2000)));
		charlie.cancel(d);
		awaitStatus(e, SubscriptionStatus.DEPLOYED);
		daveTxs++;
		await().atMost(CHAIN).until(() -> count("teardown " + d) == 1);

		// 8. hot plug: installing a reactor feature offers its type on chain (registering the type,
		// registerTypes = true); removing it withdraws the offer; assigned deployments continue
		Path features = karaf.home().resolve("deploy/it-docker-features.xml");
		Files.writeString(features, "<features name=\"it-hot-plug\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
				+ "<feature name=\"it-hot-plug\" version=\"1.0.0\" install=\"auto\"><feature>dinfra-reactor-dockercompose</feature></feature>"
				+ "</features>");
		await().atMost(BOOT).pollInterval(Duration.ofMillis(500)).until(() -> offeredTypes(daveId).equals(List.of("docker-compose", TYPE)));
		assertEquals("docker-compose registered by the agent", TypeStatus.ACTIVE,
				TypeStatus.ofType(client.storage(null, StorageItem.DESCRIPTOR_TYPES, Value.of(ChainClient.utf8("docker-compose"))).get()));
		daveTxs += 2; // register_type, update_provider
		Files.delete(features);
		await().atMost(BOOT).pollInterval(Duration.ofMillis(500)).until(() -> offeredTypes(daveId).equals(List.of(TYPE)));
		daveTxs++; // update_provider
		assertEquals("the test deployment was not touched", 0, count("teardown " + e));

		// Events in, actions out: every subscription of ours created on chain was deployed once
		// (or failed once), every cancelled one torn down once, and //Dave sent one transaction per report.
		Thread.sleep(3000);
		long end = client.finalizedNumber();
		Map<Event, Long> events = new EnumMap<>(Event.class);
		for (Events.EventRecord r : client.events(startBlock + 1, end, Pallet.SUBSCRIPTIONS)) {
			events.merge(Event.of(r).orElseThrow(), 1L, Long::sum);
		}
		assertEquals(Long.valueOf(5), events.get(Event.SUBSCRIPTION_CREATED));
		assertEquals(Long.valueOf(4), events.get(Event.DEPLOYED));
		assertEquals(Long.valueOf(1), events.get(Event.DEPLOYMENT_FAILED));
		assertEquals(Long.valueOf(3), events.get(Event.CANCELLED));
		for (long id : List.of(a, c, d, e)) {
			assertEquals("created " + id, 1, count("created " + id));
		}
		for (long id : List.of(a, c, d)) {
			assertEquals("teardown " + id, 1, count("teardown " + id));
		}
		assertEquals(0, count("teardown " + e));
		assertEquals("one transaction per registration step and per report", daveTxs, dave.nonce());
		Path checkpoint = karaf.data().resolve("dinfra/chain/checkpoint");
		await().atMost(CHAIN).until(() -> Long.parseLong(Files.readString(checkpoint).trim().split(" ")[0]) >= end);
	}
}
