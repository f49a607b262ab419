package org.dinfra.reactor.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.DescriptorValidator;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.core.api.SchemaProblem;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The contract every reactor keeps, Java or external: extend this class in the reactor's
 * tests and return a {@link ReactorFixture} from {@link #createFixture()}.
 *
 * <p>Checked: deploy is idempotent by id; teardown of an unknown id is a no-op; states move only
 * forward (observed by polling {@link Reactor#status} during deploy and teardown); the inventory
 * matches reality after deploy, teardown and a restart; schema-invalid descriptors are refused;
 * concurrent deploys of one id give one deployment.
 */
public abstract class ReactorConformanceTest {
	/** Forward order of the states a reactor reports; FAILED may follow any of them. */
	private static final List<DeploymentState> FORWARD = List.of(DeploymentState.DEPLOYING, DeploymentState.RUNNING,
			DeploymentState.TEARING_DOWN);

	/** The fixture of the running test. */
	protected ReactorFixture fixture;
	private long nextId;
	private final List<Long> used = new ArrayList<>();

	/**
	 * @return a new fixture for one test
	 * @throws Exception when the reactor or its infrastructure cannot be set up
	 */
	protected abstract ReactorFixture createFixture() throws Exception;

	@Before
	public final void createConformanceFixture() throws Exception {
		fixture = createFixture();
		// Ids far from each other per test, so that leftovers of an earlier run never collide.
		nextId = 1_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L) * 1000;
	}

	@After
	public final void closeConformanceFixture() throws Exception {
		if (fixture == null) {
			return;
		}
		try {
			for (long id : used) {
				fixture.reactor().teardown(id);
			}
		} finally {
			fixture.close();
		}
	}

	/** @return a deployment id not used before in this test */
	protected final long newId() {
		long id = nextId++;
		used.add(id);
		return id;
	}

	/**
	 * @param id         the deployment id
	 * @param descriptor the descriptor's JSON text
	 * @return the request core would make
	 */
	protected final DeploymentRequest request(long id, String descriptor) {
		return new DeploymentRequest(id, fixture.type(), Cid.of(descriptor.getBytes(StandardCharsets.UTF_8)),
				descriptor, fixture.consumer());
	}

	@Test
	public void fixtureDescriptorsMatchTheReactorsSchema() {
		DescriptorValidator schema = DescriptorValidator.forSchema(fixture.reactor().schema());
		for (int n = 0; n < 3; n++) {
			String d = fixture.validDescriptor(n);
			assertEquals("valid descriptor " + n + " must match the schema", List.of(),
					schema.problems(d.getBytes(StandardCharsets.UTF_8)));
		}
		assertNotEquals("validDescriptor(n) must differ per n", fixture.validDescriptor(0), fixture.validDescriptor(1));
	}

	@Test
	public void deployIsIdempotentById() throws Exception {
		Reactor reactor = fixture.reactor();
		long id = newId();
		ReactorStatus first = reactor.deploy(request(id, fixture.validDescriptor(0)));
		assertEquals(id, first.id());
		assertEquals(DeploymentState.RUNNING, first.state());
		ReactorStatus second = reactor.deploy(request(id, fixture.validDescriptor(0)));
		assertEquals(id, second.id());
		assertEquals(DeploymentState.RUNNING, second.state());
		assertEquals("a second deploy returns the same endpoints", first.endpoints(), second.endpoints());
		assertEquals("one deployment after two deploys of one id", 1, countInInventory(reactor, id));
		assertInfrastructureCount(id, 1);
	}

	@Test
	public void teardownOfUnknownIdIsANoOp() throws Exception {
		Reactor reactor = fixture.reactor();
		long kept = newId();
		reactor.deploy(request(kept, fixture.validDescriptor(0)));
		Set<Long> before = ids(reactor.inventory());
		long unknown = newId();
		reactor.teardown(unknown);
		reactor.teardown(unknown);
		assertEquals(Optional.empty(), reactor.status(unknown));
		assertEquals("teardown of an unknown id changes nothing", before, ids(reactor.inventory()));
		assertEquals(DeploymentState.RUNNING, reactor.status(kept).orElseThrow().state());
	}

	@Test
	public void teardownIsIdempotent() throws Exception {
		Reactor reactor = fixture.reactor();
		long id = newId();
		reactor.deploy(request(id, fixture.validDescriptor(0)));
		reactor.teardown(id);
		awaitGone(reactor, id);
		reactor.teardown(id);
		assertEquals(Optional.empty(), reactor.status(id));
		assertInfrastructureCount(id, 0);
	}

	@Test
	public void statesMoveOnlyForward() throws Exception {
		Reactor reactor = fixture.reactor();
		long id = newId();
		List<Optional<DeploymentState>> deploying = observeWhile(reactor, id,
				() -> reactor.deploy(request(id, fixture.validDescriptor(1))));
		deploying.add(reactor.status(id).map(ReactorStatus::state));
		assertForward("during deploy", deploying, false);
		assertEquals("running after deploy returned", Optional.of(DeploymentState.RUNNING), deploying.get(deploying.size() - 1));

		List<Optional<DeploymentState>> tearingDown = observeWhile(reactor, id, () -> {
			reactor.teardown(id);
			return null;
		});
		tearingDown.add(0, Optional.of(DeploymentState.RUNNING));
		long deadline = deadline();
		Optional<DeploymentState> last;
		do {
			last = reactor.status(id).map(ReactorStatus::state);
			tearingDown.add(last);
			if (last.isPresent()) {
				Thread.sleep(50);
			}
		} while (last.isPresent() && System.nanoTime() < deadline);
		assertForward("during teardown", tearingDown, true);
		assertEquals("gone after teardown", Optional.empty(), last);
	}

	@Test
	public void inventoryMatchesRealityAfterDeployTeardownAndRestart() throws Exception {
		Reactor reactor = fixture.reactor();
		long a = newId();
		long b = newId();
		long c = newId();
		reactor.deploy(request(a, fixture.validDescriptor(0)));
		reactor.deploy(request(b, fixture.validDescriptor(1)));
		reactor.deploy(request(c, fixture.validDescriptor(2)));
		assertOwned(reactor, Set.of(a, b, c), Set.of());
		for (ReactorStatus s : reactor.inventory()) {
			if (s.id() == a || s.id() == b || s.id() == c) {
				assertEquals("inventory state of " + s.id(), DeploymentState.RUNNING, s.state());
				assertEquals("inventory agrees with status", reactor.status(s.id()).orElseThrow().endpoints(), s.endpoints());
			}
		}

		reactor.teardown(b);
		awaitGone(reactor, b);
		assertOwned(reactor, Set.of(a, c), Set.of(b));

		Reactor restarted = fixture.restart();
		assertOwned(restarted, Set.of(a, c), Set.of(b));
		assertEquals(DeploymentState.RUNNING, restarted.status(a).orElseThrow().state());
		// Adopted, not started twice: deploying again after a restart finds the deployment.
		ReactorStatus again = restarted.deploy(request(a, fixture.validDescriptor(0)));
		assertEquals(DeploymentState.RUNNING, again.state());
		assertEquals(1, countInInventory(restarted, a));
		assertInfrastructureCount(a, 1);

		restarted.teardown(a);
		restarted.teardown(c);
		awaitGone(restarted, a);
		awaitGone(restarted, c);
		assertOwned(restarted, Set.of(), Set.of(a, b, c));
	}

	@Test
	public void schemaInvalidDescriptorsAreRefused() throws Exception {
		Reactor reactor = fixture.reactor();
		String invalid = fixture.schemaInvalidDescriptor();
		List<SchemaProblem> problems = DescriptorValidator.forSchema(reactor.schema())
				.problems(invalid.getBytes(StandardCharsets.UTF_8));
		assertFalse("the reactor's schema must refuse the fixture's invalid descriptor", problems.isEmpty());
		for (SchemaProblem p : problems) {
			assertTrue("each problem names a JSON pointer: " + p, p.pointer().startsWith("/"));
		}
		if (fixture.refusesSchemaInvalidDescriptors()) {
			long id = newId();
			try {
				reactor.deploy(request(id, invalid));
				fail("deploy of a schema-invalid descriptor must be refused");
			} catch (ReactorException e) {
				assertFalse("a schema refusal is permanent", e.isTransient());
				assertEquals(ReasonCode.SCHEMA_INVALID, e.reason().code());
				assertFalse("the refusal lists the violations", e.reason().details().isEmpty());
			}
			assertEquals("nothing was created", Optional.empty(), reactor.status(id));
			assertEquals(0, countInInventory(reactor, id));
		}
	}

	@Test
	public void concurrentDeploysOfOneIdGiveOneDeployment() throws Exception {
		Reactor reactor = fixture.reactor();
		long id = newId();
		int callers = 4;
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ReactorStatus>> results = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return reactor.deploy(request(id, fixture.validDescriptor(0)));
				}));
			}
			start.countDown();
			for (Future<ReactorStatus> f : results) {
				ReactorStatus s = f.get(fixture.timeout().toMillis(), TimeUnit.MILLISECONDS);
				assertEquals(id, s.id());
				assertEquals(DeploymentState.RUNNING, s.state());
			}
		} finally {
			pool.shutdownNow();
			assertTrue(pool.awaitTermination(fixture.timeout().toMillis(), TimeUnit.MILLISECONDS));
		}
		assertEquals("one deployment after concurrent deploys", 1, countInInventory(reactor, id));
		assertInfrastructureCount(id, 1);
	}

	// ---- helpers

	/** Polls status(id) while the action runs; returns what was seen, in order. */
	private List<Optional<DeploymentState>> observeWhile(Reactor reactor, long id, Callable<?> action) throws Exception {
		List<Optional<DeploymentState>> seen = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService poller = Executors.newSingleThreadExecutor();
		Future<?> polling = poller.submit(() -> {
			while (!done.get()) {
				seen.add(reactor.status(id).map(ReactorStatus::state));
				Thread.sleep(20);
			}
			return null;
		});
		try {
			action.call();
		} finally {
			done.set(true);
			poller.shutdown();
		}
		polling.get(fixture.timeout().toMillis(), TimeUnit.MILLISECONDS);
		return new ArrayList<>(seen);
	}

	/**
	 * @param phase      for messages
	 * @param seen       the states seen, empty = not (or no longer) owned
	 * @param goneAtEnd  whether absence is allowed after presence (teardown), else only before
	 */
	private static void assertForward(String phase, List<Optional<DeploymentState>> seen, boolean goneAtEnd) {
		int rank = -1;
		boolean present = false;
		boolean failed = false;
		boolean gone = false;
		for (Optional<DeploymentState> s : seen) {
			if (s.isEmpty()) {
				if (present && !goneAtEnd) {
					fail(phase + ": the deployment disappeared: " + seen);
				}
				gone = present;
				continue;
			}
			if (gone) {
				fail(phase + ": the deployment came back after it was gone: " + seen);
			}
			present = true;
			DeploymentState state = s.get();
			if (state == DeploymentState.FAILED) {
				failed = true;
				continue;
			}
			if (failed) {
				fail(phase + ": " + state + " after FAILED: " + seen);
			}
			int r = FORWARD.indexOf(state);
			if (r < 0) {
				fail(phase + ": a reactor reports only DEPLOYING, RUNNING, TEARING_DOWN or FAILED, not " + state);
			}
			if (r < rank) {
				fail(phase + ": " + state + " after " + FORWARD.get(rank) + ": " + seen);
			}
			rank = r;
		}
	}

	private void assertOwned(Reactor reactor, Set<Long> owned, Set<Long> notOwned) throws Exception {
		Set<Long> inventory = ids(reactor.inventory());
		for (long id : owned) {
			assertTrue("inventory lists " + id + ": " + inventory, inventory.contains(id));
			assertTrue("status of " + id, reactor.status(id).isPresent());
			assertEquals(1, countInInventory(reactor, id));
			assertInfrastructureCount(id, 1);
		}
		for (long id : notOwned) {
			assertFalse("inventory does not list " + id + ": " + inventory, inventory.contains(id));
			assertEquals(Optional.empty(), reactor.status(id));
			assertInfrastructureCount(id, 0);
		}
	}

	private void assertInfrastructureCount(long id, int expected) throws Exception {
		int count = fixture.countOnInfrastructure(id);
		if (count >= 0) {
			assertEquals("deployments with id " + id + " on the infrastructure", expected, count);
		}
	}

	private void awaitGone(Reactor reactor, long id) throws Exception {
		long deadline = deadline();
		while (reactor.status(id).isPresent()) {
			if (System.nanoTime() > deadline) {
				fail(id + " still present " + fixture.timeout() + " after teardown: " + reactor.status(id));
			}
			Thread.sleep(50);
		}
	}

	private long deadline() {
		return System.nanoTime() + fixture.timeout().toNanos();
	}

	private static int countInInventory(Reactor reactor, long id) throws ReactorException {
		int n = 0;
		for (ReactorStatus s : reactor.inventory()) {
			if (s.id() == id) {
				n++;
			}
		}
		return n;
	}

	private static Set<Long> ids(List<ReactorStatus> inventory) {
		Set<Long> ids = new TreeSet<>();
		for (ReactorStatus s : inventory) {
			ids.add(s.id());
		}
		return ids;
	}
}
