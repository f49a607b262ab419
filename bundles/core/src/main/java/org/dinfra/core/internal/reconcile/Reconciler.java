package org.dinfra.core.internal.reconcile;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.journal.JournalRecord;
import org.dinfra.core.internal.metrics.Metrics;
import org.dinfra.core.internal.registry.ReactorRegistry;
import org.dinfra.core.internal.store.DescriptorFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level-triggered reconciler: drives the actual state (reactor inventories and the journal)
 * towards the desired state (the assignments).
 *
 * <p>Every change (an assignment, a reactor coming or going, a retry timer, the periodic
 * resync) only marks deployment ids dirty in the {@link WorkQueue}; {@link Workers} then take
 * one {@link Convergence} step for an id, looking at its whole state. One worker acts on an id
 * at a time; at most {@link Settings#workers()} act at once. Failures that may pass are retried
 * with {@link Backoff}; nothing is ever torn down because something failed, only because it is
 * no longer assigned, and only while the assignment source has an authoritative view
 * ({@link Assignments}). State changes are reported by {@link Reports}; {@link Inventories}
 * keeps what the reactors list. This class wires them and owns their threads.
 */
public final class Reconciler implements AssignmentListener, AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
	/** MDC key carrying the deployment id in every log line written while working on it. */
	public static final String MDC_DEPLOYMENT = "dinfra.deployment";

	/**
	 * @param workers             how many deployments are worked on at once
	 * @param minBackoff          the first retry delay
	 * @param maxBackoff          the longest retry delay
	 * @param resyncInterval      how often every inventory is listed and every deployment looked at
	 * @param terminatedRetention how long terminated deployments stay listed
	 */
	public record Settings(int workers, Duration minBackoff, Duration maxBackoff, Duration resyncInterval,
			Duration terminatedRetention) {
		public Settings {
			if (workers < 1) {
				throw new IllegalArgumentException("workers must be at least 1");
			}
			// Checked here, before any thread starts: a zero resync interval would otherwise fail
			// in the constructor after the workers are running, and leave them running.
			requirePositive(minBackoff, "minBackoff");
			requirePositive(maxBackoff, "maxBackoff");
			requirePositive(resyncInterval, "resyncInterval");
			Objects.requireNonNull(terminatedRetention, "terminatedRetention");
			if (maxBackoff.compareTo(minBackoff) < 0) {
				throw new IllegalArgumentException("maxBackoff must not be shorter than minBackoff");
			}
		}

		private static void requirePositive(Duration d, String name) {
			if (d == null || d.toMillis() < 1) {
				throw new IllegalArgumentException(name + " must be at least 1 ms, not " + d);
			}
		}
	}

	private final Journal journal;
	private final Settings settings;
	private final Clock clock;
	private final Assignments assignments;
	private final WorkQueue queue = new WorkQueue();
	/** Retry timers and the resync. */
	private final ScheduledExecutorService timers = Executors
			.newSingleThreadScheduledExecutor(DaemonThreads.named("dinfra-reconcile-timer"));
	private final Inventories inventories;
	private final Reports reports;
	private final Workers workers;
	private final Runnable unsubscribe;

	/**
	 * Starts the workers and the resync timer.
	 *
	 * @param journal  the journal (already replayed)
	 * @param registry the reactors
	 * @param fetcher  the descriptor stores
	 * @param settings tuning
	 * @param clock    time source
	 */
	public Reconciler(Journal journal, ReactorRegistry registry, DescriptorFetcher fetcher, Settings settings,
			Clock clock) {
		this(journal, registry, fetcher, settings, clock, new Metrics());
	}

	/**
	 * Starts the workers and the resync timer.
	 *
	 * @param journal  the journal (already replayed)
	 * @param registry the reactors
	 * @param fetcher  the descriptor stores
	 * @param settings tuning
	 * @param clock    time source
	 * @param metrics  where reconcile latencies and reactor calls are recorded
	 */
	public Reconciler(Journal journal, ReactorRegistry registry, DescriptorFetcher fetcher, Settings settings,
			Clock clock, Metrics metrics) {
		this.journal = journal;
		this.settings = settings;
		this.clock = clock;
		ReconcileLatency latency = new ReconcileLatency(metrics);
		ReactorCalls calls = new ReactorCalls(metrics);
		assignments = new Assignments(journal, latency, clock);
		inventories = new Inventories(registry, calls, clock, queue::add);
		reports = new Reports(journal, settings.minBackoff(), settings.maxBackoff(), timers);
		Backoff backoff = new Backoff(settings.minBackoff(), settings.maxBackoff(), timers, queue::add);
		Convergence convergence = new Convergence(assignments, journal, registry, new Admission(fetcher), inventories,
				calls, latency, backoff, reports, clock);
		workers = new Workers(settings.workers(), queue, convergence::reconcile);
		unsubscribe = registry.onChange(this::reactorChanged);
		long resync = settings.resyncInterval().toMillis();
		timers.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
		// Deployments from before a restart are looked at again; nothing is torn down until the
		// source has delivered its snapshot.
		journal.records().forEach(r -> queue.add(r.id()));
		inventories.refreshAll();
	}

	/** @param reporter where state changes are reported, or null for nowhere (yet) */
	public void setReporter(StatusReporter reporter) {
		reports.setReporter(reporter);
	}

	// ---- AssignmentListener: the desired state changes, the ids concerned are looked at ---------

	@Override
	public void snapshot(Collection<Assignment> snapshot) {
		assignments.snapshot(snapshot).forEach(queue::add);
		journal.records().forEach(r -> queue.add(r.id()));
		inventories.forEachId(queue::add);
	}

	@Override
	public void assigned(Assignment assignment) {
		assignments.assigned(assignment);
		queue.add(assignment.id());
	}

	@Override
	public void ended(long id, String cause) {
		assignments.ended(id, cause);
		queue.add(id);
	}

	@Override
	public void outOfSync() {
		assignments.outOfSync();
	}

	/**
	 * @return true when no deployment is queued, worked on or being reported, so that every
	 *         acknowledged report is marked in the journal (for tests and benchmarks)
	 */
	public boolean idle() {
		return queue.idle() && reports.idle();
	}

	/** @return whether the source's view is authoritative */
	public boolean inSync() {
		return assignments.inSync();
	}

	// ---- reactors coming and going, the periodic resync ------------------------------------------

	private void reactorChanged(String type) {
		inventories.reactorChanged(type);
		assignments.ofType(type).forEach(a -> queue.add(a.id()));
		journal.records().stream().filter(r -> r.deployment().type().equals(type)).forEach(r -> queue.add(r.id()));
	}

	/** Lists every inventory again, forgets terminated deployments past their retention, looks at every id. */
	private void resync() {
		try {
			inventories.refreshAll();
			Instant cutoff = clock.instant().minus(settings.terminatedRetention());
			for (JournalRecord r : List.copyOf(journal.records())) {
				if (r.state() == DeploymentState.TERMINATED && r.deployment().updated().isBefore(cutoff)
						&& assignments.get(r.id()) == null) {
					journal.remove(r.id());
				} else {
					queue.add(r.id());
				}
			}
			assignments.ids().forEach(queue::add);
		} catch (IOException | RuntimeException e) {
			LOG.warn("Resync failed: {}", e.getMessage());
		}
	}

	/**
	 * Stops everything this reconciler started; once it returns, no worker, inventory listing or
	 * report runs any more (each waits a bounded time for what is under way).
	 */
	@Override
	public void close() {
		unsubscribe.run();
		timers.shutdownNow();
		workers.close();
		inventories.close();
		reports.close();
	}
}
