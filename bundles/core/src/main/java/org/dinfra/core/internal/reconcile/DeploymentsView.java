package org.dinfra.core.internal.reconcile;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.journal.JournalRecord;
import org.dinfra.core.internal.registry.ReactorRegistry;

/**
 * The read-only view of the deployments: what the journal holds, each with whether a reactor
 * serves its type right now, listed by unsigned id.
 */
public final class DeploymentsView implements Deployments {
	private final Journal journal;
	private final ReactorRegistry registry;

	/**
	 * @param journal  the journal the reconciler writes
	 * @param registry the reactors
	 */
	public DeploymentsView(Journal journal, ReactorRegistry registry) {
		this.journal = journal;
		this.registry = registry;
	}

	@Override
	public List<Deployment> list() {
		return journal.records().stream().map(JournalRecord::deployment).map(this::view)
				.sorted(Comparator.comparing(Deployment::id, Long::compareUnsigned)).toList();
	}

	@Override
	public Optional<Deployment> get(long id) {
		return journal.get(id).map(JournalRecord::deployment).map(this::view);
	}

	private Deployment view(Deployment d) {
		boolean available = registry.served(d.type()).isPresent();
		return available == d.reactorAvailable() ? d
				: new Deployment(d.id(), d.type(), d.descriptor(), d.consumer(), d.state(), d.reason(), d.endpoints(),
						available, d.updated());
	}
}
