package org.dinfra.core.internal.reconcile;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The desired state, as the assignment source tells it: the assignments wanted now, and whether
 * the source's view is authoritative (only then is anything torn down). A newly seen assignment
 * is journaled before anything is done for it, so that a crash cannot make the agent forget it.
 */
final class Assignments {
	private static final Logger LOG = LoggerFactory.getLogger(Assignments.class);

	private final Journal journal;
	private final ReconcileLatency latency;
	private final Clock clock;
	private final Map<Long, Assignment> desired = new ConcurrentHashMap<>();
	private volatile boolean inSync;

	Assignments(Journal journal, ReconcileLatency latency, Clock clock) {
		this.journal = journal;
		this.latency = latency;
		this.clock = clock;
	}

	/**
	 * Replaces what is wanted with a complete snapshot; the view is authoritative from now on.
	 *
	 * @param assignments everything assigned
	 * @return the ids wanted before or now
	 */
	Set<Long> snapshot(Collection<Assignment> assignments) {
		Set<Long> touched = new HashSet<>(desired.keySet());
		Map<Long, Assignment> next = new HashMap<>();
		for (Assignment a : assignments) {
			next.put(a.id(), a);
		}
		desired.keySet().retainAll(next.keySet());
		desired.putAll(next);
		latency.retainOnly(next.keySet());
		try {
			// One write for the new ones, one fsync for the snapshot.
			List<JournalRecord> fresh = new ArrayList<>();
			for (Assignment a : next.values()) {
				if (journal.get(a.id()).isEmpty()) {
					fresh.add(assignedRecord(a));
					latency.received(a.id());
				}
			}
			journal.putAllNew(fresh, false);
			journal.sync();
		} catch (IOException e) {
			LOG.error("Cannot journal the assignment snapshot; deployments wait until it can: {}", e.getMessage());
		}
		inSync = true;
		LOG.info("Assignment snapshot: {} deployments wanted", next.size());
		touched.addAll(next.keySet());
		return touched;
	}

	/** @param assignment one assignment, new or changed */
	void assigned(Assignment assignment) {
		JournalRecord known = journal.get(assignment.id()).orElse(null);
		if (known == null || known.state() == DeploymentState.TERMINATED
				|| !known.deployment().descriptor().equals(assignment.descriptor())) {
			latency.received(assignment.id());
		}
		desired.put(assignment.id(), assignment);
		try {
			remember(assignment);
		} catch (IOException e) {
			LOG.error("Cannot journal assignment {}: {}", assignment.id(), e.getMessage());
		}
	}

	/**
	 * @param id    a deployment no longer assigned
	 * @param cause why, for the log
	 */
	void ended(long id, String cause) {
		latency.forget(id);
		if (desired.remove(id) != null) {
			try (MDC.MDCCloseable mdc = MDC.putCloseable(Reconciler.MDC_DEPLOYMENT, Long.toUnsignedString(id))) {
				LOG.info("Deployment {} no longer assigned: {}", Long.toUnsignedString(id), cause);
			}
		}
	}

	/** The source lost its authoritative view: nothing is torn down until its next snapshot. */
	void outOfSync() {
		if (inSync) {
			LOG.warn("Assignment source lost its authoritative view; no teardowns until it is back");
		}
		inSync = false;
	}

	/** @return whether the source's view is authoritative */
	boolean inSync() {
		return inSync;
	}

	/** @return the assignment of an id, or null when it is not wanted */
	Assignment get(long id) {
		return desired.get(id);
	}

	/** @return the ids wanted */
	Set<Long> ids() {
		return desired.keySet();
	}

	/** @return the assignments of one type */
	Stream<Assignment> ofType(String type) {
		return desired.values().stream().filter(a -> a.type().equals(type));
	}

	/**
	 * Journals a newly seen assignment, durably, unless the journal knows it.
	 *
	 * @return the journal's record of it
	 */
	JournalRecord remember(Assignment a) throws IOException {
		return journal.update(a.id(), known -> known != null ? known : assignedRecord(a), true);
	}

	/** @return the record of an assignment not yet worked on */
	JournalRecord assignedRecord(Assignment a) {
		return new JournalRecord(new Deployment(a.id(), a.type(), a.descriptor(), a.consumer(),
				DeploymentState.ASSIGNED, null, List.of(), true, clock.instant()), null);
	}
}
