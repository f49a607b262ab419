package org.dinfra.core.internal.reconcile;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reports every state change to the {@link StatusReporter} once: the RUNNING, FAILED or
 * TERMINATED state the journal holds for a deployment, until the journal notes it reported.
 *
 * <p>Reports run on their own pool, not on the workers: a report may wait for a chain to include
 * it (seconds), and deploys must not queue behind that. One report per deployment is on its way
 * at a time. What is reported is read from the journal once the id's slot is taken, never from a
 * caller's copy, which may predate the last acknowledgement; whoever lets a slot go looks at the
 * journal again, so that a state journaled meanwhile is reported next. An acknowledged report is
 * marked on the record as the journal holds it then; a refused one is retried with backoff.
 */
final class Reports implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(Reports.class);
	/** How many reports can wait for their acknowledgement (a chain: inclusion in a block) at once. */
	private static final int THREADS = 32;
	private static final long STOP_SECONDS = 10;

	private final Journal journal;
	private final Backoff backoff;
	private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, DaemonThreads.numbered("dinfra-report-"));
	/** Deployment ids with a report on its way. */
	private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
	private volatile StatusReporter reporter;

	/**
	 * @param journal    where states are read and acknowledgements noted
	 * @param minBackoff the first retry delay of a refused report
	 * @param maxBackoff the longest
	 * @param timer      where retries wait
	 */
	Reports(Journal journal, Duration minBackoff, Duration maxBackoff, ScheduledExecutorService timer) {
		this.journal = journal;
		this.backoff = new Backoff(minBackoff, maxBackoff, timer, this::report);
	}

	/** @param reporter where state changes go from now on (what it missed included), or null for nowhere */
	void setReporter(StatusReporter reporter) {
		this.reporter = reporter;
		if (reporter != null) {
			journal.records().stream().filter(Reports::due).forEach(r -> report(r.id()));
		}
	}

	/**
	 * Reports the state the journal holds for a deployment, in the background, unless it was
	 * reported already or is not one that is reported.
	 *
	 * @param id the deployment id
	 */
	void report(long id) {
		while (reporter != null && inFlight.add(id)) {
			JournalRecord record = journal.get(id).orElse(null);
			if (due(record)) {
				dispatch(record);
				return;
			}
			inFlight.remove(id);
			if (!due(journal.get(id).orElse(null))) {
				return;
			}
		}
		// No reporter, or a report of this id on its way: it looks again when done.
	}

	private static boolean due(JournalRecord record) {
		if (record == null || record.reported() == record.state()) {
			return false;
		}
		DeploymentState state = record.state();
		return state == DeploymentState.RUNNING || state == DeploymentState.FAILED || state == DeploymentState.TERMINATED;
	}

	/** Sends a record whose id holds a slot; the slot is let go when done. */
	private void dispatch(JournalRecord record) {
		StatusReporter r = reporter;
		try {
			if (r == null) {
				throw new RejectedExecutionException("no reporter");
			}
			pool.execute(() -> send(r, record));
		} catch (RejectedExecutionException e) {
			inFlight.remove(record.id()); // closing, or the reporter just went
		}
	}

	private void send(StatusReporter r, JournalRecord record) {
		long id = record.id();
		DeploymentState state = record.state();
		boolean acknowledged = false;
		try (MDC.MDCCloseable mdc = MDC.putCloseable(Reconciler.MDC_DEPLOYMENT, Long.toUnsignedString(id))) {
			switch (state) {
				case RUNNING -> r.running(id, record.deployment().endpoints());
				case FAILED -> r.failed(id, Objects.requireNonNull(record.deployment().reason()));
				default -> r.terminated(id);
			}
			acknowledge(record);
			acknowledged = true;
		} catch (Exception e) {
			LOG.warn("Reporting {} of deployment {} failed: {}", state, Long.toUnsignedString(id), e.toString());
		} finally {
			inFlight.remove(id);
		}
		if (acknowledged) {
			backoff.reset(id);
			report(id); // it changed while this report was on its way
		} else {
			backoff.retry(id);
		}
	}

	/**
	 * Notes the report on the record as the journal holds it now (a worker may have moved it on);
	 * a record of another assignment (a new descriptor) starts a lifecycle not reported yet.
	 */
	private void acknowledge(JournalRecord sent) throws IOException {
		journal.update(sent.id(), now -> now != null && now.deployment().type().equals(sent.deployment().type())
				&& now.deployment().descriptor().equals(sent.deployment().descriptor()) ? now.reported(sent.state()) : now,
				false);
	}

	/** @return whether no report is on its way (retries waiting for their delay aside) */
	boolean idle() {
		return inFlight.isEmpty();
	}

	/** Stops the pool: returns once no report runs any more, or after a bounded wait. */
	@Override
	public void close() {
		pool.shutdownNow();
		try {
			if (!pool.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
				LOG.warn("Reports still running {} s after close", STOP_SECONDS);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
