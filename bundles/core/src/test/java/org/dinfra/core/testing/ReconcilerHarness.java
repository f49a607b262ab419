package org.dinfra.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.DescriptorStore;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.reconcile.Reconciler;
import org.dinfra.core.internal.registry.ReactorRegistry;
import org.dinfra.core.internal.store.DescriptorFetcher;

/**
 * The agent's reconciler outside OSGi, wired as {@code Agent} wires it (journal, reactor
 * registry, descriptor stores), for code outside the core module that measures it: the
 * benchmarks. Core's internals stay internal; this class is their one door, in core's test-jar.
 */
public final class ReconcilerHarness implements AutoCloseable {
	private final Journal journal;
	private final Reconciler reconciler;

	private ReconcilerHarness(Journal journal, Reconciler reconciler) {
		this.journal = journal;
		this.reconciler = reconciler;
	}

	/**
	 * Opens the journal in {@code journalDir} and starts a reconciler with the agent's defaults
	 * ({@code org.dinfra.core.cfg}: 1 s .. 300 s backoff, 60 s resync, 24 h retention).
	 *
	 * @param journalDir       the journal's directory
	 * @param fsync            whether the journal syncs to disk, as in production
	 * @param workers          deployments worked on at once
	 * @param reactor          the one reactor served
	 * @param reactorProperties its service properties (type and version)
	 * @param store            the one descriptor store
	 * @param reporter         receives the reports
	 * @return the running harness
	 * @throws IOException when the journal cannot be opened
	 */
	public static ReconcilerHarness start(Path journalDir, boolean fsync, int workers, Reactor reactor,
			Map<String, ?> reactorProperties, DescriptorStore store, StatusReporter reporter) throws IOException {
		Journal journal = Journal.open(journalDir, fsync);
		ReactorRegistry registry = new ReactorRegistry();
		registry.add(reactor, reactorProperties, "harness");
		DescriptorFetcher fetcher = new DescriptorFetcher();
		fetcher.add(store, 100);
		Reconciler reconciler = new Reconciler(journal, registry, fetcher, new Reconciler.Settings(workers,
				Duration.ofMillis(1000), Duration.ofMillis(300_000), Duration.ofSeconds(60), Duration.ofHours(24)),
				Clock.systemUTC());
		reconciler.setReporter(reporter);
		return new ReconcilerHarness(journal, reconciler);
	}

	/** @param assignments the whole desired state, as an assignment source's snapshot */
	public void snapshot(Collection<Assignment> assignments) {
		reconciler.snapshot(assignments);
	}

	/** @return whether nothing is being worked on, listed or reported */
	public boolean idle() {
		return reconciler.idle();
	}

	/** @return how many deployments the journal holds */
	public int journaled() {
		return journal.records().size();
	}

	/** @return how many journaled deployments are not both RUNNING and reported RUNNING */
	public long notRunningAndReported() {
		return journal.records().stream()
				.filter(r -> r.state() != DeploymentState.RUNNING || r.reported() != DeploymentState.RUNNING).count();
	}

	@Override
	public void close() throws IOException {
		try {
			reconciler.close();
		} finally {
			journal.close();
		}
	}
}
