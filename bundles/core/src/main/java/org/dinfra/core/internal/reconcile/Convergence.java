package org.dinfra.core.internal.reconcile;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.journal.JournalRecord;
import org.dinfra.core.internal.reconcile.Inventories.Inventory;
import org.dinfra.core.internal.registry.ReactorRegistry;
import org.dinfra.core.internal.registry.ReactorRegistry.Served;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The convergence state machine: looks at everything known of one deployment (what is wanted,
 * what the journal holds, what its reactor lists) and takes the next step towards what is wanted.
 *
 * <pre>
 * wanted:      ASSIGNED → VALIDATING → DEPLOYING → RUNNING    (FAILED when refused)
 * not wanted:  … → TEARING_DOWN → TERMINATED                  (only while the source is in sync)
 * </pre>
 *
 * VALIDATING is {@link Admission}: fetch, schema, policy. Every state is journaled before the
 * step that follows it and reported once reached (RUNNING, FAILED, TERMINATED). Failures that
 * may pass are noted on the deployment and retried with {@link Backoff}; nothing is ever torn
 * down because something failed, only because it is no longer assigned. One worker at a time
 * calls {@link #reconcile} for an id.
 */
final class Convergence {
	private static final Logger LOG = LoggerFactory.getLogger(Convergence.class);

	private final Assignments assignments;
	private final Journal journal;
	private final ReactorRegistry registry;
	private final Admission admission;
	private final Inventories inventories;
	private final ReactorCalls calls;
	private final ReconcileLatency latency;
	private final Backoff backoff;
	private final Reports reports;
	private final Clock clock;

	Convergence(Assignments assignments, Journal journal, ReactorRegistry registry, Admission admission,
			Inventories inventories, ReactorCalls calls, ReconcileLatency latency, Backoff backoff, Reports reports,
			Clock clock) {
		this.assignments = assignments;
		this.journal = journal;
		this.registry = registry;
		this.admission = admission;
		this.inventories = inventories;
		this.calls = calls;
		this.latency = latency;
		this.backoff = backoff;
		this.reports = reports;
		this.clock = clock;
	}

	/** Looks at everything known of one deployment and takes the next step; a failure retries it. */
	void reconcile(long id) {
		Assignment want = assignments.get(id);
		JournalRecord record = journal.get(id).orElse(null);
		try {
			if (want != null) {
				converge(want, record);
			} else if (assignments.inSync()) {
				remove(id, record);
			}
		} catch (IOException e) {
			LOG.error("Journal write failed for deployment {}: {}; retrying", Long.toUnsignedString(id), e.getMessage());
			backoff.retry(id);
		} catch (RuntimeException e) {
			LOG.error("Unexpected error reconciling deployment {}", Long.toUnsignedString(id), e);
			backoff.retry(id);
		}
	}

	private void converge(Assignment want, JournalRecord record) throws IOException {
		long id = want.id();
		if (record == null) {
			record = assignments.remember(want);
		} else if (!record.deployment().descriptor().equals(want.descriptor())
				|| !record.deployment().type().equals(want.type())) {
			record = changedDescriptor(want, record);
			if (record == null) {
				return;
			}
		} else if (!record.deployment().consumer().equals(want.consumer())) {
			record = save(record.assignment(want.type(), want.descriptor(), want.consumer()));
		}
		switch (record.state()) {
			case FAILED -> reports.report(id);
			// Wanted again (a directory file put back): a new lifecycle.
			case TERMINATED, TEARING_DOWN -> deploy(want, transition(record, DeploymentState.ASSIGNED, null, List.of()));
			case RUNNING -> keepRunning(want, record);
			case ASSIGNED, VALIDATING, DEPLOYING -> deploy(want, record);
		}
	}

	/**
	 * The descriptor of a known deployment changed: removes what runs, then starts over.
	 *
	 * @return the new record, or null while what runs is not removed yet
	 */
	private JournalRecord changedDescriptor(Assignment want, JournalRecord record) throws IOException {
		DeploymentState state = record.state();
		boolean deployed = state == DeploymentState.DEPLOYING || state == DeploymentState.RUNNING
				|| state == DeploymentState.TEARING_DOWN;
		if (deployed && !tearDownDeployment(record)) {
			return null;
		}
		LOG.info("Deployment {}: descriptor changed to {} ({}), deploying it afresh", Long.toUnsignedString(want.id()),
				want.descriptor(), want.type());
		JournalRecord fresh = assignments.assignedRecord(want);
		journal.put(fresh, true);
		return fresh;
	}

	private void deploy(Assignment want, JournalRecord record) throws IOException {
		long id = want.id();
		Optional<Served> served = registry.served(want.type());
		if (served.isEmpty()) {
			waitForReactor(record, "waiting for a reactor serving type '" + want.type() + "'");
			return;
		}
		if (record.state() == DeploymentState.ASSIGNED) {
			record = transition(record, DeploymentState.VALIDATING, null, List.of());
		}
		Admission.Verdict verdict = admission.admit(want, served.get());
		if (verdict.request() == null) {
			if (verdict.retry()) {
				noteRetry(record, verdict.reason());
			} else {
				fail(record, verdict.reason(), null);
			}
			return;
		}
		if (record.state() != DeploymentState.DEPLOYING) {
			record = transition(record, DeploymentState.DEPLOYING, null, List.of());
		}
		ReactorStatus status;
		try {
			LOG.info("Deploying {} ({} {})", Long.toUnsignedString(id), want.type(), want.descriptor());
			status = calls.deploy(served.get(), verdict.request());
		} catch (ReactorException e) {
			if (e.isTransient()) {
				noteRetry(record, e.reason());
			} else {
				fail(record, e.reason(), served.get());
			}
			return;
		} catch (RuntimeException e) {
			LOG.warn("Reactor for '{}' threw on deploy of {}", want.type(), Long.toUnsignedString(id), e);
			noteRetry(record, Reason.of(ReasonCode.DEPLOY_FAILED, e.toString()));
			return;
		}
		if (status.state() == DeploymentState.FAILED) {
			fail(record, Reason.of(ReasonCode.DEPLOY_FAILED, status.message()), served.get());
			return;
		}
		if (status.state() != DeploymentState.RUNNING) {
			noteRetry(record, Reason.of(ReasonCode.DEPLOY_FAILED, "not running yet: " + status.state()));
			return;
		}
		backoff.reset(id);
		latency.finished(id, AgentMetrics.RUNNING);
		transition(record, DeploymentState.RUNNING, null, status.endpoints());
		LOG.info("Deployment {} running {}", Long.toUnsignedString(id), status.endpoints());
		reports.report(id);
	}

	private void keepRunning(Assignment want, JournalRecord record) throws IOException {
		Optional<Served> served = registry.served(want.type());
		if (served.isEmpty()) {
			waitForReactor(record, "reactor for type '" + want.type() + "' unavailable; left running untouched");
			reports.report(want.id());
			return;
		}
		if (record.deployment().reason() != null) {
			record = transition(record, DeploymentState.RUNNING, null, record.deployment().endpoints());
		}
		Inventory inventory = inventories.of(want.type());
		ReactorStatus item = inventory == null ? null : inventory.items().get(want.id());
		if (inventory != null && inventory.listed().isAfter(record.deployment().updated())
				&& (item == null || item.state() == DeploymentState.FAILED)) {
			// Level-triggered: what is assigned must run. Deploy is idempotent, so asking the
			// reactor again restarts what crashed and recreates what vanished.
			LOG.warn("Deployment {} {} in the inventory of '{}'; deploying it again", Long.toUnsignedString(want.id()),
					item == null ? "is missing" : "is reported failed (" + item.message() + ")", want.type());
			deploy(want, transition(record, DeploymentState.DEPLOYING, null, List.of()));
			return;
		}
		reports.report(want.id());
	}

	private void remove(long id, JournalRecord record) throws IOException {
		if (record == null || record.state() == DeploymentState.TERMINATED) {
			if (record != null) {
				reports.report(id); // the terminated report, should it still be due
			}
			// An inventory listed before the teardown may still show what was torn down.
			Instant terminated = record == null ? Instant.MIN : record.deployment().updated();
			Optional<String> orphanType = inventories.showing(id, terminated);
			if (orphanType.isPresent()) {
				tearDownOrphan(id, orphanType.get());
			}
			return;
		}
		boolean neverDeployed = record.state() == DeploymentState.ASSIGNED || record.state() == DeploymentState.VALIDATING
				|| record.state() == DeploymentState.FAILED;
		if (neverDeployed && registry.served(record.deployment().type()).isEmpty()) {
			// Nothing to remove that a reactor could be asked about now; should a crash have left
			// something behind, the reactor's inventory shows it as an orphan once it is back.
			transition(record, DeploymentState.TERMINATED, null, List.of());
			reports.report(id);
			return;
		}
		if (tearDownDeployment(record)) {
			transition(journal.get(id).orElse(record), DeploymentState.TERMINATED, null, List.of());
			reports.report(id);
		}
	}

	/**
	 * Tears a deployment down through its reactor, journaling TEARING_DOWN first.
	 *
	 * @return true when removed; false when it waits for its reactor or a retry
	 */
	private boolean tearDownDeployment(JournalRecord record) throws IOException {
		long id = record.id();
		String type = record.deployment().type();
		Optional<Served> served = registry.served(type);
		if (served.isEmpty()) {
			waitForReactor(record, "to be torn down once a reactor serving '" + type + "' is back");
			return false;
		}
		if (record.state() != DeploymentState.TEARING_DOWN && record.state() != DeploymentState.FAILED) {
			record = transition(record, DeploymentState.TEARING_DOWN, null, List.of());
		}
		try {
			LOG.info("Tearing down {}", Long.toUnsignedString(id));
			calls.teardown(served.get(), id);
		} catch (ReactorException e) {
			noteRetry(record, e.reason());
			return false;
		} catch (RuntimeException e) {
			noteRetry(record, Reason.of(ReasonCode.TEARDOWN_FAILED, e.toString()));
			return false;
		}
		backoff.reset(id);
		inventories.removed(type, id);
		return true;
	}

	/** Tears down what a reactor lists but nobody assigned here (not journaled: it was never the agent's). */
	private void tearDownOrphan(long id, String type) {
		Optional<Served> served = registry.served(type);
		if (served.isEmpty()) {
			return;
		}
		try {
			LOG.warn("Tearing down orphan {} of type '{}': the reactor owns it but it is not assigned here",
					Long.toUnsignedString(id), type);
			calls.teardown(served.get(), id);
			inventories.removed(type, id);
		} catch (ReactorException | RuntimeException e) {
			LOG.warn("Cannot tear down orphan {}: {}", Long.toUnsignedString(id), e.getMessage());
			backoff.retry(id);
		}
	}

	/** The deployment failed for good: cleans up what the reactor may have left, records and reports it. */
	private void fail(JournalRecord record, Reason reason, Served cleanup) throws IOException {
		long id = record.id();
		LOG.warn("Deployment {} failed: {}", Long.toUnsignedString(id), reason);
		backoff.reset(id);
		latency.finished(id, AgentMetrics.FAILED);
		if (cleanup != null) {
			try {
				calls.teardown(cleanup, id);
			} catch (ReactorException | RuntimeException e) {
				LOG.warn("Cleanup after the failed deployment of {} failed: {}", Long.toUnsignedString(id),
						e.getMessage());
			}
		}
		transition(record, DeploymentState.FAILED, reason, List.of());
		reports.report(id);
	}

	private void waitForReactor(JournalRecord record, String message) throws IOException {
		Reason reason = Reason.of(ReasonCode.REACTOR_UNAVAILABLE, message);
		if (!reason.equals(record.deployment().reason())) {
			LOG.info("Deployment {}: {}", Long.toUnsignedString(record.id()), message);
			transition(record, record.state(), reason, record.deployment().endpoints());
		}
	}

	/** Keeps the state, notes why, and tries again later. */
	private void noteRetry(JournalRecord record, Reason reason) throws IOException {
		Duration delay = backoff.retry(record.id());
		Reason noted = new Reason(reason.code(), reason.message() + " (retrying in " + delay.toMillis() + " ms)",
				reason.details());
		LOG.warn("Deployment {}: {}", Long.toUnsignedString(record.id()), noted);
		transition(record, record.state(), noted, record.deployment().endpoints());
	}

	private JournalRecord transition(JournalRecord record, DeploymentState state, Reason reason,
			List<Endpoint> endpoints) throws IOException {
		return save(record.with(state, reason, endpoints, clock.instant()));
	}

	/**
	 * Journals this worker's change of a deployment, keeping the report mark the journal holds
	 * now: a report may have been acknowledged since the worker read its copy.
	 */
	private JournalRecord save(JournalRecord next) throws IOException {
		return journal.update(next.id(), now -> now == null ? next : next.reported(now.reported()), false);
	}
}
