package org.dinfra.core.internal.reconcile;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.core.ConditionFactory;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.journal.JournalRecord;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReportsTest {
	private static final Duration SETTLED = Duration.ofMillis(300);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Journal journal;
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
	private Reports reports;

	/** Holds every running report inside the StatusReporter until released. */
	private static final class GatedReporter extends RecordingReporter {
		final CountDownLatch entered = new CountDownLatch(1);
		final CountDownLatch release = new CountDownLatch(1);
		final AtomicBoolean returned = new AtomicBoolean();
		volatile boolean ignoreInterrupts;

		@Override
		public void running(long id, List<Endpoint> endpoints) throws Exception {
			entered.countDown();
			while (true) {
				try {
					release.await();
					break;
				} catch (InterruptedException e) {
					if (!ignoreInterrupts) {
						throw e;
					}
				}
			}
			super.running(id, endpoints);
			returned.set(true);
		}
	}

	@Before
	public void setUp() throws IOException {
		journal = Journal.open(tmp.getRoot().toPath(), false);
		reports = new Reports(journal, Duration.ofMillis(10), Duration.ofMillis(50), timer);
	}

	@After
	public void tearDown() throws IOException {
		reports.close();
		timer.shutdownNow();
		journal.close();
	}

	private static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
	}

	private static ConditionFactory steadily() {
		return await().during(SETTLED).atMost(SETTLED.plusSeconds(5)).pollInterval(Duration.ofMillis(20));
	}

	private static JournalRecord record(long id, DeploymentState state, String descriptor) {
		return new JournalRecord(new Deployment(id, "compose", Cid.of(descriptor.getBytes(StandardCharsets.UTF_8)),
				"", state, null, List.of(), true, Instant.now()), null);
	}

	/** Moves the journaled state on as a worker does: the report mark the journal holds is kept. */
	private void move(long id, DeploymentState state) throws IOException {
		journal.update(id, now -> now.with(state, null, List.of(), Instant.now()), false);
	}

	@Test
	public void askingAgainWhileOnItsWayOrAfterItsAcknowledgementReportsOnce() throws Exception {
		GatedReporter reporter = new GatedReporter();
		reports.setReporter(reporter);
		journal.put(record(1, DeploymentState.RUNNING, "a"), false);
		reports.report(1);
		assertTrue(reporter.entered.await(10, TimeUnit.SECONDS));
		reports.report(1);
		assertFalse("a report on its way", reports.idle());
		reporter.release.countDown();
		eventually().until(reports::idle);
		assertEquals("marked before the slot is let go", DeploymentState.RUNNING, journal.get(1).orElseThrow().reported());
		reports.report(1);
		steadily().until(reporter::reports, r -> r.equals(List.of("running 1")));
		assertEquals(1, reporter.attempts());
	}

	@Test
	public void stateJournaledWhileAReportIsOnItsWayIsReportedNext() throws Exception {
		GatedReporter reporter = new GatedReporter();
		reports.setReporter(reporter);
		journal.put(record(1, DeploymentState.RUNNING, "a"), false);
		reports.report(1);
		assertTrue(reporter.entered.await(10, TimeUnit.SECONDS));
		move(1, DeploymentState.TEARING_DOWN);
		move(1, DeploymentState.TERMINATED);
		reports.report(1); // refused: the running report holds the slot
		reporter.release.countDown();
		eventually().until(reporter::reports, r -> r.equals(List.of("running 1", "terminated 1")));
		assertEquals("the acknowledgement kept the worker's state", DeploymentState.TERMINATED,
				journal.get(1).orElseThrow().state());
		eventually().until(() -> journal.get(1).orElseThrow().reported() == DeploymentState.TERMINATED);
	}

	@Test
	public void acknowledgementOfAnotherDescriptorLeavesTheNewOneUnreported() throws Exception {
		GatedReporter reporter = new GatedReporter();
		reports.setReporter(reporter);
		journal.put(record(1, DeploymentState.RUNNING, "a"), false);
		reports.report(1);
		assertTrue(reporter.entered.await(10, TimeUnit.SECONDS));
		journal.put(record(1, DeploymentState.RUNNING, "b"), false);
		reporter.release.countDown();
		eventually().until(reporter::reports, r -> r.equals(List.of("running 1", "running 1")));
		assertEquals(DeploymentState.RUNNING, journal.get(1).orElseThrow().reported());
	}

	@Test
	public void onlyRunningFailedAndTerminatedAreReported() throws Exception {
		RecordingReporter reporter = new RecordingReporter();
		reports.setReporter(reporter);
		for (DeploymentState s : List.of(DeploymentState.ASSIGNED, DeploymentState.VALIDATING, DeploymentState.DEPLOYING,
				DeploymentState.TEARING_DOWN)) {
			journal.put(record(1, s, "a"), false);
			reports.report(1);
		}
		journal.put(record(2, DeploymentState.TERMINATED, "a"), false);
		reports.report(2);
		eventually().until(reporter::reports, r -> r.equals(List.of("terminated 2")));
		steadily().until(() -> reporter.attempts() == 1);
	}

	@Test
	public void aReporterSetLaterGetsWhatWasMissed() throws Exception {
		journal.put(record(1, DeploymentState.RUNNING, "a"), false);
		journal.put(record(2, DeploymentState.TERMINATED, "a").reported(DeploymentState.TERMINATED), false);
		reports.report(1); // no reporter yet
		RecordingReporter reporter = new RecordingReporter();
		reports.setReporter(reporter);
		eventually().until(reporter::reports, r -> r.equals(List.of("running 1")));
		steadily().until(() -> reporter.attempts() == 1);
	}

	@Test
	public void closeReturnsOnlyOnceTheReportOnItsWayIsDone() throws Exception {
		GatedReporter reporter = new GatedReporter();
		reporter.ignoreInterrupts = true;
		reports.setReporter(reporter);
		journal.put(record(1, DeploymentState.RUNNING, "a"), false);
		reports.report(1);
		assertTrue(reporter.entered.await(10, TimeUnit.SECONDS));
		timer.schedule(reporter.release::countDown, 300, TimeUnit.MILLISECONDS);
		reports.close();
		assertTrue("no report runs after close", reporter.returned.get());
		journal.put(record(2, DeploymentState.RUNNING, "a"), false);
		reports.report(2);
		steadily().until(() -> reporter.attempts() == 1);
	}
}
