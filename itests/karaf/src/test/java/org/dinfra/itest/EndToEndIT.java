package org.dinfra.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.Event;
import org.dinfra.chain.api.Pallet;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.client.Hex;
import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.testing.DevChain;
import org.dinfra.core.api.Cid;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The whole loop with real parts: the dev chain (our runtime), the agent distribution as a
 * {@code bin/karaf} process with the chain source and the Docker Compose reactor on the private
 * Docker engine (DOCKER_HOST, local image {@value Docker#TEST_IMAGE}), a consumer paying on chain
 * from the test. One agent for the class: the cases run in the order of their names and each is
 * its own test. Issue #9's case 6 (node stopped and restarted) is {@link ChainAgentIT}'s.
 *
 * <p>Figures (block of teardown, milliseconds from the block to the teardown) are printed as
 * {@code E2E ...} lines.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class EndToEndIT {
	private static final Duration BOOT = Duration.ofSeconds(180);
	private static final Duration CHAIN = Duration.ofSeconds(90);
	private static final int BLOCK_MS = 1000;
	private static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000L);
	private static final BigInteger DEPOSIT = PRICE.multiply(BigInteger.valueOf(2000));
	private static final String COMPOSE = "docker-compose";
	private static final String TEST_TYPE = "test-file";
	private static final int CAPACITY = 20;
	private static final String NAME = "end-to-end-it";
	private static final String SERVED = "dinfra busybox test image\n";
	private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");

	private static DevChain chain;
	private static KarafProcess karaf;
	private static ChainClient client;
	private static ChainClient.Account provider;
	private static ChainClient.Account consumer;
	private static String host;
	private static String providerId;
	private static final List<Long> created = new ArrayList<>();
	private static long firstId;

	@BeforeClass
	public static void start() throws Exception {
		host = Docker.requireHost();
		DevChain.requireBuilt();
		Path dir = Files.createDirectories(Path.of(System.getProperty("dinfra.it.dir", "target/it"), "end-to-end"));
		long t0 = System.nanoTime();
		chain = DevChain.start(Files.createTempDirectory(dir, "chain-"), BLOCK_MS, Duration.ofSeconds(180));
		log("chain started in %d ms", (System.nanoTime() - t0) / 1_000_000);

		providerId = "itest-e2e-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
		karaf = KarafProcess.unpack(Path.of(KarafOptions.artifact("dinfra.distro.zip")), dir);
		karaf.config("org.dinfra.core", "minBackoffMs", "200");
		karaf.config("org.dinfra.core", "resyncSeconds", "5");
		karaf.followChain("//Eve", chain.url());
		karaf.config("org.dinfra.chain", "pricePerBlock", PRICE.toString());
		karaf.config("org.dinfra.chain", "capacity", Integer.toString(CAPACITY));
		karaf.config("org.dinfra.chain", "name", NAME);
		karaf.config("org.dinfra.chain", "reportTimeoutSeconds", "20");
		String pid = "org.dinfra.reactor.dockercompose";
		karaf.config(pid, "dockerHost", host);
		karaf.config(pid, "providerId", providerId);
		karaf.config(pid, "allowedImagePrefixes", "dinfra/");
		// busybox httpd runs as PID 1 and ignores SIGTERM: no grace period, so that a teardown
		// measures the agent and Compose rather than the engine's stop timeout
		karaf.config(pid, "stopTimeoutSeconds", "0");
		karaf.serve("docker-compose");

		client = new ChainClient(chain.url());
		provider = client.account("//Eve");
		consumer = client.account("//Charlie");
		firstId = 7_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
		startIdsAt(firstId);
		t0 = System.nanoTime();
		karaf.start();
		// the agent registers the docker-compose type and itself, offering it
		await().atMost(BOOT).pollInterval(Duration.ofMillis(500)).until(() -> offers().contains(COMPOSE));
		log("agent registered on chain %d ms after bin/karaf started", (System.nanoTime() - t0) / 1_000_000);
	}

	@AfterClass
	public static void stop() throws Exception {
		if (karaf != null) {
			karaf.close();
		}
		if (host != null && providerId != null) {
			Docker.removeProvider(host, providerId);
			for (long id : created) {
				String label = "label=com.docker.compose.project=dinfra-" + id;
				if (Docker.run(host, "ps", "-a", "-q", "--filter", label).isEmpty()) {
					for (String net : Docker.run(host, "network", "ls", "-q", "--filter", label)) {
						Docker.run(host, "network", "rm", net);
					}
				}
			}
		}
		if (client != null) {
			client.close();
		}
		if (chain != null) {
			chain.close();
		}
	}

	// ---- the cases --------------------------------------------------------------------------

	@Test
	public void case1_happyPath_subscribedDeployedReportedWithEndpointAndServing() throws Exception {
		int port = Docker.freePublishPort();
		String cid = store(Docker.webDescriptor(port, 0));
		assertTrue("the descriptor is in the agent's content store", Files.exists(content().resolve(cid)));
		long id = subscribe(COMPOSE, cid, DEPOSIT);
		awaitStatus(id, SubscriptionStatus.DEPLOYED);

		String endpoint = new String(subscription(id).get("endpoint").asBytes(), StandardCharsets.UTF_8);
		assertEquals("{\"web:8080/tcp\":\"tcp://127.0.0.1:" + port + "\"}", endpoint);
		assertEquals(SERVED, Docker.get("http://127.0.0.1:" + port + "/"));
		assertEquals(1, Docker.containers(host, providerId, id).size());
		cancelAndAwaitTeardown(id); // leaves the capacity and the engine as they were
	}

	@Test
	public void case2_expiry_endsAtThePredictedBlockTornDownWithinOneBlockPaidAndRefundedExactly() throws Exception {
		int port = Docker.freePublishPort();
		long blocks = 20;
		BigInteger deposit = PRICE.multiply(BigInteger.valueOf(blocks)).add(PRICE.divide(BigInteger.valueOf(3)));
		long id = subscribe(COMPOSE, store(Docker.webDescriptor(port, 0)), deposit);
		Value.Composite s = subscription(id);
		long start = s.get("start").asLong();
		long end = s.get("end").asLong();
		long expiresAt = s.get("expires_at").asLong();
		assertEquals("end = start + deposit / price", start + blocks, end);
		assertEquals("queued for expiry at its end (the queue has room)", end, expiresAt);
		awaitStatus(id, SubscriptionStatus.DEPLOYED);
		assertTrue("deployed before its end", client.finalizedNumber() < end);
		assertEquals(SERVED, Docker.get("http://127.0.0.1:" + port + "/"));

		Teardown t = awaitTeardown(id, end);
		Events.EventRecord expired = eventOf(id, Event.EXPIRED, end, end + 16);
		long expiredIn = blockOf(id, Event.EXPIRED, end, end + 16);
		log("expiry of %d: start %d, end %d, Expired in block %d; %s", id, start, end, expiredIn, t);
		assertEquals("Expired in the block the chain predicted", expiresAt, expiredIn);
		assertTrue("teardown started within one block after the expiry: " + t, t.startMillis() <= BLOCK_MS);
		assertTrue("containers gone within one block after the expiry: " + t, t.goneBlock() <= expiredIn + 1);

		BigInteger paid = expired.get("paid").asBigInteger();
		BigInteger refunded = expired.get("refunded").asBigInteger();
		assertEquals("paid = price * (end - start)", PRICE.multiply(BigInteger.valueOf(end - start)), paid);
		assertEquals("paid + refunded = deposit", deposit, paid.add(refunded));
		Value.Composite after = subscription(id);
		assertEquals(SubscriptionStatus.EXPIRED, SubscriptionStatus.ofSubscription(after));
		assertEquals(paid, after.get("paid").asBigInteger());
		assertEquals(refunded, after.get("refunded").asBigInteger());
		assertEquals(List.of(), Docker.leftovers(host, id));
	}

	@Test
	public void case3_cancel_tornDownWithinOneBlockAfterTheCancelIsFinalized() throws Exception {
		int port = Docker.freePublishPort();
		long id = subscribe(COMPOSE, store(Docker.webDescriptor(port, 0)), DEPOSIT);
		awaitStatus(id, SubscriptionStatus.DEPLOYED);
		assertEquals(SERVED, Docker.get("http://127.0.0.1:" + port + "/"));

		Transactions.Included cancel = consumer.cancel(id);
		Teardown t = awaitTeardown(id, cancel.blockNumber());
		log("cancel of %d: in block %d; %s", id, cancel.blockNumber(), t);
		assertTrue("teardown started within one block after the cancel was finalized: " + t, t.startMillis() <= BLOCK_MS);
		assertTrue("containers gone within one block after the cancel: " + t, t.goneBlock() <= cancel.blockNumber() + 1);
		Events.EventRecord cancelled = Event.CANCELLED.first(cancel.events()).orElseThrow();
		assertEquals(DEPOSIT, cancelled.get("paid").asBigInteger().add(cancelled.get("refunded").asBigInteger()));
		assertEquals(List.of(), Docker.leftovers(host, id));
		assertEquals(null, Docker.get("http://127.0.0.1:" + port + "/"));
	}

	@Test
	public void case4a_schemaInvalid_failedWithReason1RefundedNothingRunning() throws Exception {
		assertFailedAndRefunded(store("{\"services\": 42}"), 1);
	}

	@Test
	public void case4b_policyViolation_failedWithReason2RefundedNothingRunning() throws Exception {
		// inside the schema's subset, refused by the provider's policy: the host's root directory as a volume.
		// ("privileged": true is outside the subset: the schema refuses it first, reason 1.)
		String hostRoot = "{\"services\": {\"web\": {\"image\": \"" + Docker.TEST_IMAGE + "\", \"volumes\": [\"/:/host\"],"
				+ " \"command\": [\"sleep\", \"600\"]}}}";
		assertFailedAndRefunded(store(hostRoot), 2);
	}

	@Test
	public void case4c_cidMismatch_failedWithReason4RefundedNothingRunning() throws Exception {
		String announced = Docker.webDescriptor(Docker.freePublishPort(), 0);
		String cid = Cid.of(announced.getBytes(StandardCharsets.UTF_8)).toString();
		// other bytes under that CID: the agent must not run them
		Files.createDirectories(content());
		Files.writeString(content().resolve(cid), Docker.webDescriptor(Docker.freePublishPort(), 0).replace("sleep 0", "sleep 1"));
		assertFailedAndRefunded(cid, 4);
	}

	@Test
	public void case4d_unknownType_subscribeFailsOnChainNothingHeld() throws Exception {
		BigInteger reservedBefore = reserved(consumer);
		long nextId = nextId();
		try {
			consumer.subscribe("no-such-type", store("{\"message\":\"x\"}"), PRICE, DEPOSIT);
			fail("a subscription to an unknown type was accepted");
		} catch (AssertionError e) {
			log("unknown type: %s", e.getMessage());
			assertTrue(e.getMessage(), e.getMessage().contains("UnknownType"));
		}
		assertEquals("nothing held", reservedBefore, reserved(consumer));
		assertEquals("no subscription created", nextId, nextId());
	}

	@Test
	public void case5_agentKilledMidDeploy_oneProjectReportedOnce() throws Exception {
		int port = Docker.freePublishPort();
		long nonce = provider.nonce();
		// healthy only after 20 s: the deploy still waits for it when the agent is killed
		long id = subscribe(COMPOSE, store(Docker.webDescriptor(port, 20)), DEPOSIT);
		await().atMost(CHAIN).pollInterval(Duration.ofMillis(200)).until(() -> !Docker.containers(host, providerId, id).isEmpty());
		List<String> before = Docker.containers(host, providerId, id);
		karaf.kill();
		assertEquals("killed before the deployment was reported", SubscriptionStatus.ASSIGNED, client.statusOf(id));
		assertFalse("killed before the service was ready", SERVED.equals(Docker.get("http://127.0.0.1:" + port + "/")));

		long t0 = System.nanoTime();
		karaf.start();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(250)).until(() -> client.statusOf(id) == SubscriptionStatus.DEPLOYED);
		log("crash: deployed %d ms after the restart", (System.nanoTime() - t0) / 1_000_000);
		Thread.sleep(3 * BLOCK_MS); // a second report would be in a block by now
		assertEquals("the same single container: adopted", before, Docker.containers(host, providerId, id));
		assertEquals("exactly one project", 1,
				Docker.run(host, "ps", "-a", "-q", "--filter", "label=com.docker.compose.project=dinfra-" + id).size());
		assertEquals(SERVED, Docker.get("http://127.0.0.1:" + port + "/"));
		assertEquals("one report_deployed from the provider", nonce + 1, provider.nonce());
		assertEquals(1, client.events(blockOfCreation(id), client.finalizedNumber(), Pallet.SUBSCRIPTIONS).stream()
				.filter(e -> Event.DEPLOYED.matches(e) && e.get("id").asLong() == id).count());
		cancelAndAwaitTeardown(id);
	}

	@Test
	public void case7_hotPlug_assignedForATypeWithoutReactorDeployedOnceItIsInstalled() throws Exception {
		// The provider offers test-file on chain although its agent has no reactor for it yet.
		if (!typeRegistered(TEST_TYPE)) {
			provider.send(Call.REGISTER_TYPE, Value.of(ChainClient.utf8(TEST_TYPE)),
					Value.of(ChainClient.utf8(Cid.of(ChainClient.utf8("{}")).toString())));
		}
		provider.send(Call.UPDATE_PROVIDER, offersValue(COMPOSE, TEST_TYPE), Value.of(CAPACITY), metadataValue());
		assertTrue(offers().contains(TEST_TYPE));

		long id = subscribe(TEST_TYPE, store("{\"message\":\"hot plug\"}"), DEPOSIT);
		Thread.sleep(5 * BLOCK_MS);
		assertEquals("waits for its reactor", SubscriptionStatus.ASSIGNED, client.statusOf(id));
		assertFalse(Files.exists(karaf.data().resolve("dinfra-itest-reactor/calls.log")));

		long t0 = System.nanoTime();
		Files.copy(Path.of(KarafOptions.artifact("dinfra.itest.reactor")), karaf.home().resolve("deploy/dinfra-itest-reactor.jar"));
		awaitStatus(id, SubscriptionStatus.DEPLOYED);
		log("hot plug: deployed %d ms after the reactor jar was dropped into deploy/", (System.nanoTime() - t0) / 1_000_000);
		List<String> calls = Files.readAllLines(karaf.data().resolve("dinfra-itest-reactor/calls.log"));
		assertEquals(1, calls.stream().filter(("created " + id)::equals).count());
	}

	// ---- helpers ----------------------------------------------------------------------------

	private static void log(String format, Object... args) {
		System.out.println("E2E " + String.format(format, args));
	}

	/**
	 * Moves the chain's next subscription id (Chopsticks' {@code dev_setStorage}, before anything
	 * is subscribed): Compose project names are {@code dinfra-<id>} on an engine that other tests
	 * and dev stacks share, each with its own chain counting from 0.
	 */
	private static void startIdsAt(long id) throws Exception {
		ChainRuntime rt = ChainRuntime.current(client.rpc(), null);
		String key = Hex.encode(StorageItem.NEXT_SUBSCRIPTION_ID.key(rt.metadata()));
		byte[] value = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(id).array();
		client.rpc().request("dev_setStorage", List.of(List.of(key, Hex.encode(value))));
		await().atMost(CHAIN).until(() -> nextId() == id);
	}

	private static Path content() {
		return karaf.data().resolve("dinfra/content");
	}

	/** Stores a descriptor where the agent's local content store finds it; @return its CID */
	private static String store(String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		String cid = Cid.of(bytes).toString();
		Files.createDirectories(content());
		Files.write(content().resolve(cid), bytes);
		return cid;
	}

	private static long subscribe(String type, String cid, BigInteger deposit) throws Exception {
		long id = consumer.subscribe(type, cid, PRICE, deposit);
		assertTrue("ids from " + firstId + ", got " + id, id >= firstId);
		created.add(id);
		return id;
	}

	private static void awaitStatus(long id, SubscriptionStatus status) {
		await().atMost(CHAIN).pollInterval(Duration.ofMillis(250)).until(() -> client.statusOf(id) == status);
	}

	private static Value.Composite subscription(long id) throws Exception {
		return (Value.Composite) client.storage(client.finalizedHead(), StorageItem.SUBSCRIPTIONS, Value.of(id)).orElseThrow();
	}

	private static long blockOfCreation(long id) throws Exception {
		return subscription(id).get("start").asLong();
	}

	private static long nextId() throws Exception {
		return client.storage(null, StorageItem.NEXT_SUBSCRIPTION_ID).map(Value::asLong).orElse(0L);
	}

	private static BigInteger reserved(ChainClient.Account who) throws Exception {
		Value.Composite account = (Value.Composite) client.storage(null, "System", "Account", Value.of(who.id())).orElseThrow();
		return ((Value.Composite) account.get("data")).get("reserved").asBigInteger();
	}

	/** @return the block of the first event {@code name} of subscription {@code id} in {@code from..to}, waiting for finality */
	private static long blockOf(long id, Event name, long from, long to) throws Exception {
		await().atMost(CHAIN).until(() -> client.finalizedNumber() >= to);
		for (long n = from; n <= to; n++) {
			if (client.events(n, n, Pallet.SUBSCRIPTIONS).stream().anyMatch(e -> name.matches(e) && e.get("id").asLong() == id)) {
				return n;
			}
		}
		throw new AssertionError("no " + name + " event of subscription " + id + " in blocks " + from + ".." + to);
	}

	private static Events.EventRecord eventOf(long id, Event name, long from, long to) throws Exception {
		long n = blockOf(id, name, from, to);
		return client.events(n, n, Pallet.SUBSCRIPTIONS).stream().filter(e -> name.matches(e) && e.get("id").asLong() == id)
				.findFirst().orElseThrow();
	}

	/**
	 * A teardown as measured: the wall clock when the test saw {@code block} finalized, when the
	 * agent logged "Tearing down", when the engine no longer showed the containers and the
	 * finalized block then.
	 */
	private record Teardown(long block, long seenAt, long startedAt, long goneAt, long goneBlock) {
		long startMillis() {
			return startedAt - seenAt;
		}

		long goneMillis() {
			return goneAt - seenAt;
		}

		@Override
		public String toString() {
			return String.format("block %d seen finalized; teardown started %+d ms after, containers gone %+d ms after (finalized block %d)",
					block, startMillis(), goneMillis(), goneBlock);
		}
	}

	/**
	 * Waits until {@code block} is finalized (polled every 20 ms), then until the deployment's
	 * containers are gone, and reads when the agent started the teardown from its log.
	 */
	private static Teardown awaitTeardown(long id, long block) throws Exception {
		long deadline = System.nanoTime() + CHAIN.toNanos();
		while (client.finalizedNumber() < block) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("block " + block + " not finalized within " + CHAIN.toSeconds() + " s");
			}
			Thread.sleep(20);
		}
		long seenAt = System.currentTimeMillis();
		while (!Docker.containers(host, providerId, id).isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("subscription " + id + " still has containers " + CHAIN.toSeconds() + " s after block " + block);
			}
			Thread.sleep(50);
		}
		long goneAt = System.currentTimeMillis();
		long goneBlock = client.finalizedNumber();
		long startedAt = await().atMost(CHAIN).until(() -> agentLogTime("| Tearing down " + id), Optional::isPresent).get();
		return new Teardown(block, seenAt, startedAt, goneAt, goneBlock);
	}

	/** @return when the agent's log first has a line ending with {@code text} (epoch ms) */
	private static Optional<Long> agentLogTime(String text) throws IOException {
		Path log = karaf.data().resolve("log/karaf.log");
		if (!Files.exists(log)) {
			return Optional.empty();
		}
		try (var lines = Files.lines(log)) {
			return lines.filter(l -> l.endsWith(text)).findFirst()
					.map(l -> LocalDateTime.parse(l.substring(0, l.indexOf(' ')), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
		}
	}

	private static void cancelAndAwaitTeardown(long id) throws Exception {
		Transactions.Included in = consumer.cancel(id);
		awaitTeardown(id, in.blockNumber());
		await().atMost(CHAIN).until(() -> Docker.leftovers(host, id).isEmpty());
	}

	private static void assertFailedAndRefunded(String cid, long reason) throws Exception {
		long id = subscribe(COMPOSE, cid, DEPOSIT);
		long start = blockOfCreation(id);
		awaitStatus(id, SubscriptionStatus.FAILED);
		assertEquals("reason", reason, client.status(id).get().get("reason").asLong());
		Events.EventRecord failed = eventOf(id, Event.DEPLOYMENT_FAILED, start, client.finalizedNumber());
		assertEquals("reason in the event", reason, failed.get("reason").asLong());
		assertEquals("refunded in full", DEPOSIT, failed.get("refunded").asBigInteger());
		assertEquals("nothing running", List.of(), Docker.containers(host, providerId, id));
		assertEquals("nothing left", List.of(), Docker.leftovers(host, id));
	}

	private static boolean typeRegistered(String type) throws Exception {
		return client.storage(null, StorageItem.DESCRIPTOR_TYPES, Value.of(ChainClient.utf8(type))).isPresent();
	}

	/** @return the types the provider offers on chain (best block) */
	private static List<String> offers() throws Exception {
		Optional<Value> p = client.storage(null, StorageItem.PROVIDERS, Value.of(provider.id()));
		if (p.isEmpty()) {
			return List.of();
		}
		Value offers = ((Value.Composite) p.get()).get("offers");
		while (offers instanceof Value.Composite c && c.fields().size() == 1) {
			offers = c.fields().get(0).value(); // BoundedVec
		}
		List<String> out = new ArrayList<>();
		for (Value o : ((Value.Sequence) offers).elements()) {
			out.add(new String(((Value.Composite) o).get("type_id").asBytes(), StandardCharsets.UTF_8));
		}
		return out;
	}

	private static Value offersValue(String... types) {
		List<Value> offers = new ArrayList<>();
		for (String t : types) {
			offers.add(new Value.Composite(List.of(new Value.Field("type_id", Value.of(ChainClient.utf8(t))),
					new Value.Field("price_per_block", new Value.Int(PRICE)))));
		}
		return new Value.Sequence(offers);
	}

	/** The metadata the agent registers (same name, empty region and contact): its plan stays "none". */
	private static Value metadataValue() {
		return new Value.Composite(List.of(new Value.Field("name", Value.of(ChainClient.utf8(NAME))),
				new Value.Field("region", Value.of(new byte[0])), new Value.Field("contact", Value.of(new byte[0]))));
	}
}
