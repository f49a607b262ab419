package org.dinfra.core.internal.reconcile;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.core.ConditionFactory;
import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.AgentMetrics.Call;
import org.dinfra.core.api.AgentMetrics.CallError;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.metrics.Metrics;
import org.dinfra.core.internal.registry.ReactorRegistry;
import org.dinfra.core.internal.store.DescriptorFetcher;
import org.dinfra.core.internal.store.Descriptors;
import org.dinfra.core.internal.store.LocalDescriptorStore;
import org.dinfra.core.testing.InMemoryReactor;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReconcilerTest {
	private static final String TYPE = InMemoryReactor.TYPE;
	private static final String VALID = "{\"services\":{\"web\":{\"image\":\"nginx:1.27\"}}}";
	private static final Duration RESYNC = Duration.ofMillis(100);
	private static final Reconciler.Settings SETTINGS = new Reconciler.Settings(4, Duration.ofMillis(10),
			Duration.ofMillis(50), RESYNC, Duration.ofHours(1));
	/** Long enough for several resyncs and retries: a state that holds this long is settled. */
	private static final Duration SETTLED = Duration.ofMillis(600);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path journalDir;
	private Journal journal;
	private final ReactorRegistry registry = new ReactorRegistry();
	private final DescriptorFetcher fetcher = new DescriptorFetcher();
	private LocalDescriptorStore store;
	private final InMemoryReactor reactor = new InMemoryReactor();
	private final RecordingReporter reporter = new RecordingReporter();
	private final Metrics metrics = new Metrics();
	private Reconciler reconciler;

	@Before
	public void setUp() throws IOException {
		journalDir = tmp.getRoot().toPath().resolve("journal");
		journal = Journal.open(journalDir, false);
		store = new LocalDescriptorStore(tmp.getRoot().toPath().resolve("content"), Descriptors.DEFAULT_MAX_BYTES);
		fetcher.add(store, 100);
	}

	@After
	public void tearDown() throws IOException {
		if (reconciler != null) {
			reconciler.close();
		}
		journal.close();
	}

	private Reconciler start() {
		reconciler = new Reconciler(journal, registry, fetcher, SETTINGS, Clock.systemUTC(), metrics);
		reconciler.setReporter(reporter);
		return reconciler;
	}

	private void addReactor() {
		registry.add(reactor, reactor.properties(), "test-reactor");
	}

	private Assignment assignment(long id, String descriptor) throws IOException {
		Cid cid = store.put(descriptor.getBytes(StandardCharsets.UTF_8));
		return new Assignment(id, TYPE, cid, "5Consumer");
	}

	private Assignment assignment(long id) throws IOException {
		return assignment(id, VALID);
	}

	private static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
	}

	/** Asserts a condition holds for {@link #SETTLED}. */
	private static ConditionFactory steadily() {
		return await().during(SETTLED).atMost(SETTLED.plusSeconds(5)).pollInterval(Duration.ofMillis(20));
	}

	/** @return the view the agent serves, over the current journal */
	private DeploymentsView deployments() {
		return new DeploymentsView(journal, registry);
	}

	private Optional<DeploymentState> state(long id) {
		return deployments().get(id).map(Deployment::state);
	}

	private void awaitState(long id, DeploymentState state) {
		eventually().until(() -> state(id).orElse(null) == state);
	}

	private Reason reason(long id) {
		return deployments().get(id).orElseThrow().reason();
	}

	/** Waits until the reconciler has gone through the given number of further resyncs. */
	private void awaitResyncs(int n) {
		int target = reactor.inventoryCalls() + n;
		eventually().until(() -> reactor.inventoryCalls() >= target);
	}

	private void deployAndAwaitRunning(long... ids) throws IOException {
		List<Assignment> list = new ArrayList<>();
		for (long id : ids) {
			list.add(assignment(id));
		}
		reconciler.snapshot(list);
		for (long id : ids) {
			awaitState(id, DeploymentState.RUNNING);
			eventually().until(() -> reporter.reports(id).contains("running " + id));
		}
	}

	// ---- the happy path ---------------------------------------------------------------------

	@Test
	public void snapshotDeploysOnceAndReportsRunningOnce() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);

		steadily().until(() -> reactor.deployCalls(1) == 1 && reporter.reports().equals(List.of("running 1")));
		assertEquals(1, reactor.created());
		assertEquals(InMemoryReactor.endpoints(1), reporter.endpoints(1));
		Deployment d = deployments().get(1).orElseThrow();
		assertEquals(InMemoryReactor.endpoints(1), d.endpoints());
		assertNull(d.reason());
		assertTrue(d.reactorAvailable());
		assertEquals("5Consumer", d.consumer());
		assertEquals(VALID, reactor.requests().get(0).descriptor());
		assertEquals(d.descriptor(), reactor.requests().get(0).cid());
		assertEquals(0, reactor.teardownCalls());
	}

	@Test
	public void manyResyncsNeitherDeployNorReportAgain() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1, 2, 3);
		awaitResyncs(8);
		reconciler.snapshot(List.of(assignment(1), assignment(2), assignment(3)));
		reconciler.assigned(assignment(2));
		awaitResyncs(3);

		assertEquals(3, reactor.deployCalls());
		assertEquals(3, reactor.created());
		assertEquals(3, reporter.reports().size());
		assertEquals(0, reactor.teardownCalls());
	}

	@Test
	public void assignedAloneDeploysWithoutASnapshot() throws IOException {
		addReactor();
		start();
		reconciler.assigned(assignment(5));
		awaitState(5, DeploymentState.RUNNING);
		eventually().until(() -> reporter.reports().equals(List.of("running 5")));
	}

	@Test
	public void reporterSetLaterReceivesTheReportsItMissed() throws IOException {
		addReactor();
		reconciler = new Reconciler(journal, registry, fetcher, SETTINGS, Clock.systemUTC());
		reconciler.snapshot(List.of(assignment(1)));
		awaitState(1, DeploymentState.RUNNING);
		assertEquals(List.of(), reporter.reports());
		reconciler.setReporter(reporter);
		eventually().until(() -> reporter.reports().equals(List.of("running 1")));
		steadily().until(() -> reporter.reports().size() == 1);
	}

	@Test
	public void listIsSortedByUnsignedId() throws IOException {
		addReactor();
		start();
		reconciler.snapshot(List.of(assignment(10), assignment(-1), assignment(9), assignment(100)));
		eventually().until(() -> deployments().list().size() == 4);
		assertEquals(List.of(9L, 10L, 100L, -1L), deployments().list().stream().map(Deployment::id).toList());
	}

	// ---- validation failures ----------------------------------------------------------------

	@Test
	public void schemaInvalidDescriptorFailsWithPointerDetailsAndDeploysNothing() throws IOException {
		addReactor();
		start();
		reconciler.snapshot(List.of(assignment(1, "{\"services\":{\"web\":{\"image\":5,\"privileged\":true}}}")));
		awaitState(1, DeploymentState.FAILED);

		Reason reason = reason(1);
		assertEquals(ReasonCode.SCHEMA_INVALID, reason.code());
		assertEquals(2, reason.details().size());
		assertTrue(reason.details().toString(),
				reason.details().stream().anyMatch(p -> p.startsWith("/services/web/image: ")));
		assertTrue(reason.details().toString(),
				reason.details().stream().anyMatch(p -> p.startsWith("/services/web/privileged: ")));
		steadily().until(() -> reporter.reports().equals(List.of("failed 1 SCHEMA_INVALID")));
		assertEquals(reason, reporter.failure(1));
		assertEquals(0, reactor.deployCalls());
		assertEquals(0, reactor.teardownCalls());
	}

	@Test
	public void descriptorThatIsNotJsonFailsAsSchemaInvalid() throws IOException {
		addReactor();
		start();
		reconciler.snapshot(List.of(assignment(1, "services: web")));
		awaitState(1, DeploymentState.FAILED);
		assertEquals(ReasonCode.SCHEMA_INVALID, reason(1).code());
		assertThat(reason(1).details().get(0), startsWith("/: not valid JSON"));
	}

	@Test
	public void policyViolationFailsWithTheViolations() throws IOException {
		addReactor();
		reactor.policy(r -> r.descriptor().contains(":latest") ? List.of("/services/web/image: tag 'latest' is not allowed")
				: List.of());
		start();
		reconciler.snapshot(List.of(assignment(1, "{\"services\":{\"web\":{\"image\":\"nginx:latest\"}}}"),
				assignment(2)));
		awaitState(1, DeploymentState.FAILED);
		awaitState(2, DeploymentState.RUNNING);

		assertEquals(new Reason(ReasonCode.POLICY_VIOLATION, reason(1).message(),
				List.of("/services/web/image: tag 'latest' is not allowed")), reason(1));
		steadily().until(() -> reporter.reports(1).equals(List.of("failed 1 POLICY_VIOLATION")));
		assertEquals(0, reactor.deployCalls(1));
		assertEquals(1, reactor.deployCalls(2));
	}

	@Test
	public void cidMismatchFailsAndDeploysNothing() throws IOException {
		addReactor();
		start();
		Assignment a = assignment(1);
		Files.writeString(store.directory().resolve(a.descriptor().toString()),
				"{\"services\":{\"web\":{\"image\":\"evil\"}}}");
		reconciler.snapshot(List.of(a));
		awaitState(1, DeploymentState.FAILED);
		assertEquals(ReasonCode.DESCRIPTOR_CID_MISMATCH, reason(1).code());
		steadily().until(() -> reporter.reports().equals(List.of("failed 1 DESCRIPTOR_CID_MISMATCH")));
		assertEquals(0, reactor.deployCalls());
	}

	@Test
	public void unsupportedCidFails() throws IOException {
		addReactor();
		start();
		reconciler.snapshot(List.of(new Assignment(1, TYPE,
				Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"), "")));
		awaitState(1, DeploymentState.FAILED);
		assertEquals(ReasonCode.UNSUPPORTED_CID, reason(1).code());
		assertThat(reason(1).message(), containsString("dag-pb"));
	}

	@Test
	public void unavailableDescriptorWaitsAndDeploysOnceItAppears() throws IOException {
		addReactor();
		start();
		byte[] bytes = VALID.replace("nginx", "httpd").getBytes(StandardCharsets.UTF_8);
		reconciler.snapshot(List.of(new Assignment(1, TYPE, Cid.of(bytes), "")));
		eventually().until(() -> deployments().get(1).map(Deployment::reason).map(Reason::code)
				.orElse(null) == ReasonCode.DESCRIPTOR_UNAVAILABLE);
		steadily().until(() -> state(1).orElseThrow() == DeploymentState.VALIDATING);
		assertEquals("nothing reported while waiting", List.of(), reporter.reports());

		store.put(bytes);
		awaitState(1, DeploymentState.RUNNING);
		eventually().until(() -> reporter.reports().equals(List.of("running 1")));
		assertNull(reason(1));
	}

	// ---- deploy failures --------------------------------------------------------------------

	@Test
	public void transientDeployFailureIsRetriedWithBackoffUntilRunning() throws IOException {
		addReactor();
		reactor.failDeploysTransiently(3);
		start();
		reconciler.snapshot(List.of(assignment(1)));
		awaitState(1, DeploymentState.RUNNING);

		assertEquals(4, reactor.deployCalls(1));
		assertEquals(1, reactor.created());
		assertNull("the retry note is cleared once running", reason(1));
		steadily().until(() -> reporter.reports().equals(List.of("running 1")));
		assertEquals("a transient failure never tears down", 0, reactor.teardownCalls());
	}

	@Test
	public void persistentTransientFailureKeepsDeployingWithTheReasonNoted() throws IOException {
		addReactor();
		reactor.failDeploysTransiently(Integer.MAX_VALUE);
		start();
		reconciler.snapshot(List.of(assignment(1)));
		eventually().until(() -> reactor.deployCalls(1) >= 5);
		assertEquals(DeploymentState.DEPLOYING, state(1).orElseThrow());
		assertEquals(ReasonCode.DEPLOY_FAILED, reason(1).code());
		assertThat(reason(1).message(), containsString("retrying"));
		assertEquals(List.of(), reporter.reports());
		assertEquals(0, reactor.teardownCalls());
	}

	@Test
	public void permanentDeployFailureFailsAndCleansUp() throws IOException {
		addReactor();
		reactor.failDeploysPermanently(ReasonCode.NO_CAPACITY, "no GPU left");
		start();
		reconciler.snapshot(List.of(assignment(1)));
		awaitState(1, DeploymentState.FAILED);

		assertEquals(Reason.of(ReasonCode.NO_CAPACITY, "no GPU left"), reason(1));
		eventually().until(() -> reactor.teardownCalls(1) == 1);
		steadily().until(() -> reporter.reports().equals(List.of("failed 1 NO_CAPACITY"))
				&& reactor.deployCalls(1) == 1 && reactor.teardownCalls(1) == 1);
	}

	@Test
	public void policyCheckThatThrowsWaitsAsAPolicyCheckFailureUntilItAnswers() throws IOException {
		addReactor();
		AtomicBoolean broken = new AtomicBoolean(true);
		reactor.policy(r -> {
			if (broken.get()) {
				throw new IllegalStateException("policy store unreachable");
			}
			return List.of();
		});
		start();
		reconciler.snapshot(List.of(assignment(1)));
		eventually().until(() -> deployments().get(1).map(Deployment::reason).map(Reason::code)
				.orElse(null) == ReasonCode.POLICY_CHECK_FAILED);
		assertEquals(DeploymentState.VALIDATING, state(1).orElseThrow());
		assertThat(reason(1).message(), containsString("retrying"));
		assertEquals("a check that did not answer neither allows nor refuses", 0, reactor.deployCalls());
		assertEquals(List.of(), reporter.reports());

		broken.set(false);
		awaitState(1, DeploymentState.RUNNING);
		assertNull(reason(1));
		eventually().until(() -> reporter.reports().equals(List.of("running 1")));
	}

	// ---- metrics ----------------------------------------------------------------------------

	@Test
	public void reactorCallsAndTheirErrorsAreTimedByTypeAndOperation() throws IOException {
		addReactor();
		reactor.failDeploysTransiently(2);
		start();
		reconciler.snapshot(List.of(assignment(1)));
		awaitState(1, DeploymentState.RUNNING);
		reconciler.ended(1, "cancelled");
		awaitState(1, DeploymentState.TERMINATED);

		AgentMetrics.Snapshot s = metrics.snapshot();
		assertEquals(3, s.reactorCalls().get(new Call(TYPE, AgentMetrics.DEPLOY)).count());
		assertEquals(1, s.reactorCalls().get(new Call(TYPE, AgentMetrics.TEARDOWN)).count());
		assertTrue(s.reactorCalls().get(new Call(TYPE, AgentMetrics.INVENTORY)).count() >= 1);
		assertEquals(Long.valueOf(2),
				s.reactorErrors().get(new CallError(TYPE, AgentMetrics.DEPLOY, ReasonCode.DEPLOY_FAILED)));
		assertEquals(1, s.reactorErrors().size());
	}

	@Test
	public void reconcileLatencyIsRecordedOncePerAssignmentByOutcome() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1, 2);
		reactor.failDeploysPermanently(ReasonCode.QUOTA, "no more");
		reconciler.assigned(assignment(3));
		awaitState(3, DeploymentState.FAILED);
		awaitResyncs(3);

		AgentMetrics.Snapshot s = metrics.snapshot();
		AgentMetrics.Histogram running = s.reconcileLatency().get(AgentMetrics.RUNNING);
		assertEquals(2, running.count());
		assertTrue("latency is positive and below the test's timeout: " + running.sum(),
				running.sum() > 0 && running.sum() < 20);
		assertEquals(1, s.reconcileLatency().get(AgentMetrics.FAILED).count());
		assertEquals(Long.valueOf(1), s.reactorErrors().get(new CallError(TYPE, AgentMetrics.DEPLOY, ReasonCode.QUOTA)));
	}

	@Test
	public void inventoryThatThrowsIsCountedAsAnInventoryFailure() {
		addReactor();
		reactor.breakInventories(1);
		start();
		eventually().until(() -> metrics.snapshot().reactorErrors()
				.get(new CallError(TYPE, AgentMetrics.INVENTORY, ReasonCode.INVENTORY_FAILED)), n -> n != null && n == 1);
		awaitResyncs(1);
		assertEquals(1, metrics.snapshot().reactorErrors().size());
	}

	// ---- removal ----------------------------------------------------------------------------

	@Test
	public void endedTearsDownAndTerminates() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1, 2);
		reconciler.ended(1, "cancelled");
		awaitState(1, DeploymentState.TERMINATED);

		assertFalse(reactor.has(1));
		assertTrue(reactor.has(2));
		eventually().until(() -> reporter.reports(1).equals(List.of("running 1", "terminated 1")));
		steadily().until(() -> reactor.teardownCalls() == 1 && reactor.teardownCalls(1) == 1
				&& reporter.reports().size() == 3);
		assertEquals(DeploymentState.RUNNING, state(2).orElseThrow());
	}

	@Test
	public void teardownOfUnknownDeploymentIsANoOp() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		reconciler.ended(42, "expired");
		steadily().until(() -> reactor.teardownCalls() == 0 && reporter.reports().size() == 1);
		assertEquals(Optional.empty(), deployments().get(42));
	}

	@Test
	public void transientTeardownFailureIsRetriedUntilTerminated() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		reactor.failTeardownsTransiently(2);
		reconciler.ended(1, "cancelled");
		awaitState(1, DeploymentState.TERMINATED);
		assertEquals(3, reactor.teardownCalls(1));
		eventually().until(() -> reporter.reports().equals(List.of("running 1", "terminated 1")));
	}

	@Test
	public void teardownThatThrowsIsRetriedAsATeardownFailure() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		reactor.breakTeardowns(Integer.MAX_VALUE);
		reconciler.ended(1, "cancelled");
		eventually().until(() -> reactor.teardownCalls(1) >= 2 && reason(1) != null);
		assertEquals(ReasonCode.TEARDOWN_FAILED, reason(1).code());
		assertEquals(DeploymentState.TEARING_DOWN, state(1).orElseThrow());
		assertTrue(metrics.snapshot().reactorErrors()
				.get(new CallError(TYPE, AgentMetrics.TEARDOWN, ReasonCode.TEARDOWN_FAILED)) >= 2);

		reactor.breakTeardowns(0);
		awaitState(1, DeploymentState.TERMINATED);
		eventually().until(() -> reporter.reports().equals(List.of("running 1", "terminated 1")));
	}

	@Test
	public void snapshotWithoutAnIdTearsItDown() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1, 2);
		reconciler.snapshot(List.of(assignment(2)));
		awaitState(1, DeploymentState.TERMINATED);
		steadily().until(() -> reactor.teardownCalls() == 1 && reactor.has(2));
	}

	@Test
	public void outOfSyncPreventsTeardownsUntilTheNextSnapshot() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1, 2);
		reconciler.outOfSync();
		assertFalse(reconciler.inSync());
		reconciler.ended(1, "seen while the source was unsure");
		awaitResyncs(3);
		steadily().until(() -> reactor.teardownCalls() == 0);
		assertEquals(DeploymentState.RUNNING, state(1).orElseThrow());

		reconciler.snapshot(List.of(assignment(2)));
		assertTrue(reconciler.inSync());
		awaitState(1, DeploymentState.TERMINATED);
		eventually().until(() -> reactor.teardownCalls(1) == 1);
		assertEquals(0, reactor.teardownCalls(2));
	}

	@Test
	public void withoutASnapshotNothingIsEverTornDown() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		reconciler.close();
		journal.close();

		reactor.adopt(77);
		journal = Journal.open(journalDir, false);
		start();
		awaitResyncs(5);
		steadily().until(() -> reactor.teardownCalls() == 0);
		assertTrue(reactor.has(1));
		assertTrue(reactor.has(77));
	}

	@Test
	public void orphanInTheInventoryIsTornDownAfterTheSnapshot() throws IOException {
		addReactor();
		reactor.adopt(99);
		start();
		awaitResyncs(2);
		assertEquals(0, reactor.teardownCalls());
		reconciler.snapshot(List.of(assignment(1)));
		awaitState(1, DeploymentState.RUNNING);
		eventually().until(() -> !reactor.has(99));
		steadily().until(() -> reactor.teardownCalls(99) == 1 && reactor.teardownCalls() == 1);
		assertEquals("an orphan was never the agent's: nothing to list or report", Optional.empty(),
				deployments().get(99));
		assertEquals(List.of("running 1"), reporter.reports());
	}

	@Test
	public void deploymentInTheInventoryButMissingFromTheJournalIsAdoptedNotDuplicated() throws IOException {
		addReactor();
		reactor.adopt(5);
		start();
		reconciler.snapshot(List.of(assignment(5)));
		awaitState(5, DeploymentState.RUNNING);
		steadily().until(() -> reactor.created() == 0 && reactor.teardownCalls() == 0);
		eventually().until(() -> reporter.reports().equals(List.of("running 5")));
	}

	@Test
	public void deploymentThatVanishedFromTheInventoryIsDeployedAgainWithoutASecondReport() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		reactor.lose(1);
		eventually().until(() -> reactor.has(1));
		assertEquals(2, reactor.created());
		steadily().until(() -> reporter.reports().equals(List.of("running 1")));
	}

	@Test
	public void deploymentItsInventoryReportsFailedIsDeployedAgainWithoutASecondReport() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		reactor.crash(1);
		eventually().until(() -> reactor.deployCalls(1) == 2);
		eventually().until(() -> reactor.status(1).orElseThrow().state() == DeploymentState.RUNNING);
		assertEquals(1, reactor.created());
		assertEquals(DeploymentState.RUNNING, deployments().get(1).orElseThrow().state());
		steadily().until(() -> reporter.reports().equals(List.of("running 1")));
	}

	@Test
	public void changedDescriptorTearsDownAndDeploysAfresh() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		Assignment changed = assignment(1, VALID.replace("nginx:1.27", "nginx:1.28"));
		reconciler.assigned(changed);
		eventually().until(() -> reactor.requests().size() == 2);
		awaitState(1, DeploymentState.RUNNING);
		assertEquals(changed.descriptor(), deployments().get(1).orElseThrow().descriptor());
		assertEquals(changed.descriptor(), reactor.requests().get(1).cid());
		assertEquals(1, reactor.teardownCalls(1));
		assertEquals(2, reactor.created());
	}

	// ---- reactors coming and going ----------------------------------------------------------

	@Test
	public void typeWithoutAReactorWaitsAndDeploysOnceOneIsAdded() throws IOException {
		start();
		reconciler.snapshot(List.of(assignment(1)));
		eventually().until(() -> deployments().get(1).map(Deployment::reason).map(Reason::code)
				.orElse(null) == ReasonCode.REACTOR_UNAVAILABLE);
		Deployment waiting = deployments().get(1).orElseThrow();
		assertEquals(DeploymentState.ASSIGNED, waiting.state());
		assertFalse(waiting.reactorAvailable());
		steadily().until(() -> state(1).orElseThrow() == DeploymentState.ASSIGNED);
		assertEquals("waiting is not failing", List.of(), reporter.reports());

		addReactor();
		awaitState(1, DeploymentState.RUNNING);
		assertTrue(deployments().get(1).orElseThrow().reactorAvailable());
		assertNull(reason(1));
		steadily().until(() -> reactor.deployCalls() == 1 && reporter.reports().equals(List.of("running 1")));
	}

	@Test
	public void reactorRemovedWhileRunningLeavesTheDeploymentRunningUntilItReturns() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		registry.remove(reactor);
		eventually().until(() -> reason(1) != null);
		Deployment d = deployments().get(1).orElseThrow();
		assertEquals(DeploymentState.RUNNING, d.state());
		assertFalse(d.reactorAvailable());
		assertEquals(ReasonCode.REACTOR_UNAVAILABLE, d.reason().code());
		steadily().until(() -> reactor.teardownCalls() == 0 && reactor.has(1));

		addReactor();
		eventually().until(() -> reason(1) == null);
		assertTrue(deployments().get(1).orElseThrow().reactorAvailable());
		awaitResyncs(3);
		steadily().until(() -> reactor.deployCalls() == 1 && reactor.created() == 1 && reactor.teardownCalls() == 0
				&& reporter.reports().equals(List.of("running 1")));
	}

	@Test
	public void endedWhileTheReactorIsAwayIsTornDownOnceItReturns() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		registry.remove(reactor);
		eventually().until(() -> reason(1) != null);
		reconciler.ended(1, "cancelled");
		steadily().until(() -> reactor.teardownCalls() == 0 && state(1).orElseThrow() == DeploymentState.RUNNING);

		addReactor();
		awaitState(1, DeploymentState.TERMINATED);
		assertEquals(1, reactor.teardownCalls(1));
		eventually().until(() -> reporter.reports().equals(List.of("running 1", "terminated 1")));
	}

	// ---- restart ----------------------------------------------------------------------------

	@Test
	public void restartNeitherDeploysNorReportsAgain() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1, 2);
		reconciler.ended(2, "cancelled");
		awaitState(2, DeploymentState.TERMINATED);
		eventually().until(() -> reporter.reports().size() == 3);
		reconciler.close();
		journal.close();

		journal = Journal.open(journalDir, false);
		start();
		assertEquals(DeploymentState.RUNNING, state(1).orElseThrow());
		assertEquals(DeploymentState.TERMINATED, state(2).orElseThrow());
		reconciler.snapshot(List.of(assignment(1)));
		awaitResyncs(3);
		// 1 and 2 were deployed in parallel: their reports may come in either order.
		steadily().until(() -> "deploys=" + reactor.deployCalls() + " created=" + reactor.created() + " teardowns="
				+ reactor.teardownCalls() + " reports=" + reporter.reports().stream().sorted().toList(),
				s -> s.equals("deploys=2 created=2 teardowns=1 reports=[running 1, running 2, terminated 2]"));
		assertTrue(reporter.reports().indexOf("running 2") < reporter.reports().indexOf("terminated 2"));
	}

	@Test
	public void closedReconcilerNoLongerHearsOfReactors() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		reconciler.close();
		int listed = reactor.inventoryCalls();
		registry.remove(reactor);
		addReactor();
		steadily().until(() -> reactor.inventoryCalls() == listed);
	}

	@Test
	public void settingsThatCannotWorkAreRefusedBeforeAnyThreadStarts() {
		Duration ms = Duration.ofMillis(10);
		Duration h = Duration.ofHours(1);
		assertThrows(IllegalArgumentException.class, () -> new Reconciler.Settings(0, ms, ms, ms, h));
		assertThrows(IllegalArgumentException.class, () -> new Reconciler.Settings(1, ms, ms, Duration.ZERO, h));
		assertThrows(IllegalArgumentException.class, () -> new Reconciler.Settings(1, Duration.ZERO, ms, ms, h));
		assertThrows(IllegalArgumentException.class,
				() -> new Reconciler.Settings(1, Duration.ofSeconds(2), Duration.ofSeconds(1), ms, h));
	}

	// ---- concurrency and reporting ----------------------------------------------------------

	@Test
	public void deployNeverRunsConcurrentlyForOneId() throws Exception {
		addReactor();
		CountDownLatch gate = reactor.holdDeploys();
		start();
		reconciler.snapshot(List.of(assignment(1), assignment(2), assignment(3)));
		eventually().until(() -> reactor.waitingDeploys() == 3);
		Assignment one = assignment(1);
		for (int i = 0; i < 50; i++) {
			reconciler.assigned(one);
		}
		steadily().until(() -> reactor.waitingDeploys() == 3 && reactor.deployCalls(1) == 1);
		reactor.releaseDeploys();
		assertEquals(0, gate.getCount());
		for (long id = 1; id <= 3; id++) {
			awaitState(id, DeploymentState.RUNNING);
		}
		assertEquals(1, reactor.maxConcurrentDeploysOfOneId());
		assertEquals("different ids are worked on at once", 3, reactor.maxConcurrentDeploys());
		assertEquals(3, reactor.created());
		eventually().until(() -> reporter.reports().size() == 3);
	}

	@Test
	public void reporterFailureIsRetriedUntilItSucceedsAndReportedOnce() throws IOException {
		addReactor();
		reporter.refuseNext(3);
		start();
		reconciler.snapshot(List.of(assignment(1)));
		eventually().until(() -> reporter.reports().equals(List.of("running 1")));
		assertEquals(4, reporter.attempts());
		steadily().until(() -> reporter.reports().size() == 1 && reporter.attempts() == 4);
		assertEquals(1, reactor.deployCalls());
	}

	@Test
	public void failedReportIsRetriedUntilAccepted() throws IOException {
		addReactor();
		reporter.refuseNext(2);
		start();
		reconciler.snapshot(List.of(assignment(1, "{}")));
		eventually().until(() -> reporter.reports().equals(List.of("failed 1 SCHEMA_INVALID")));
		steadily().until(() -> reporter.attempts() == 3);
	}

	@Test
	public void terminatedReportFailureIsRetriedUntilAccepted() throws IOException {
		addReactor();
		start();
		deployAndAwaitRunning(1);
		reporter.refuseNext(2);
		reconciler.ended(1, "cancelled");
		awaitState(1, DeploymentState.TERMINATED);
		eventually().until(() -> reporter.reports().equals(List.of("running 1", "terminated 1")));
		steadily().until(() -> reporter.reports().size() == 2 && reactor.teardownCalls() == 1);
	}

	// ---- report races (deterministic) -------------------------------------------------------

	/** Holds the first running report inside the StatusReporter until released. */
	private static final class HeldReporter extends RecordingReporter {
		final CountDownLatch entered = new CountDownLatch(1);
		final CountDownLatch release = new CountDownLatch(1);
		private final AtomicBoolean first = new AtomicBoolean(true);

		@Override
		public void running(long id, List<Endpoint> endpoints) throws Exception {
			if (first.getAndSet(false)) {
				entered.countDown();
				release.await();
			}
			super.running(id, endpoints);
		}
	}

	/** A clock that, once armed, stops the first worker thread that asks it the time until released. */
	private static final class HoldingClock extends Clock {
		final CountDownLatch held = new CountDownLatch(1);
		final CountDownLatch release = new CountDownLatch(1);
		volatile boolean armed;

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			if (armed && Thread.currentThread().getName().matches("dinfra-reconcile-\\d+")) {
				armed = false;
				held.countDown();
				try {
					release.await();
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			return Instant.now();
		}
	}

	/**
	 * A worker that read a record before its report was acknowledged must neither report it again
	 * nor, writing its copy back, erase the journal's note that it was reported.
	 */
	@Test
	public void reportAcknowledgedWhileAWorkerHoldsAnOlderCopyIsNotRepeated() throws Exception {
		addReactor();
		HeldReporter held = new HeldReporter();
		HoldingClock clock = new HoldingClock();
		reconciler = new Reconciler(journal, registry, fetcher, SETTINGS, clock, metrics);
		reconciler.setReporter(held);
		reconciler.snapshot(List.of(assignment(1)));
		assertTrue(held.entered.await(10, TimeUnit.SECONDS));
		// While "running 1" is on its way, the reactor goes (the worker notes it on the record) and
		// comes back: the worker reads the record, and is held at the clock before it clears the note.
		registry.remove(reactor);
		eventually().until(() -> reason(1) != null);
		clock.armed = true;
		addReactor();
		assertTrue(clock.held.await(10, TimeUnit.SECONDS));
		held.release.countDown();
		eventually().until(() -> journal.get(1).orElseThrow().reported() == DeploymentState.RUNNING);
		clock.release.countDown();
		eventually().until(() -> reason(1) == null);
		steadily().until(held::reports, r -> r.equals(List.of("running 1")));
	}

	/**
	 * The acknowledgement of the old descriptor's report must not mark the new descriptor's
	 * deployment, journaled meanwhile, as reported.
	 */
	@Test
	public void reportAcknowledgedAfterTheDescriptorChangedLeavesTheNewDeploymentToBeReported() throws Exception {
		addReactor();
		HeldReporter held = new HeldReporter();
		reconciler = new Reconciler(journal, registry, fetcher, SETTINGS, Clock.systemUTC(), metrics);
		reconciler.setReporter(held);
		reconciler.snapshot(List.of(assignment(1)));
		assertTrue(held.entered.await(10, TimeUnit.SECONDS));
		Assignment changed = assignment(1, VALID.replace("nginx:1.27", "nginx:1.28"));
		reconciler.assigned(changed);
		eventually().until(() -> reactor.requests().size() == 2 && state(1).orElseThrow() == DeploymentState.RUNNING
				&& deployments().get(1).orElseThrow().descriptor().equals(changed.descriptor()));
		held.release.countDown();
		eventually().until(held::reports, r -> r.equals(List.of("running 1", "running 1")));
		steadily().until(held::reports, r -> r.size() == 2);
	}
}
