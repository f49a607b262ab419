package org.dinfra.core.internal.journal;

import java.time.Instant;
import java.util.List;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;

/**
 * What the journal keeps of one deployment: the last state the agent reached for it, and the
 * last state it reported, so that it neither forgets a deployment it started nor reports a
 * state change twice.
 *
 * @param deployment the deployment as last recorded
 * @param reported   the last state reported to the {@link org.dinfra.core.api.StatusReporter}, or null
 */
public record JournalRecord(Deployment deployment, DeploymentState reported) {

	/** @return the deployment id */
	public long id() {
		return deployment.id();
	}

	/** @return the recorded state */
	public DeploymentState state() {
		return deployment.state();
	}

	/**
	 * @param state     the new state
	 * @param reason    the reason, may be null
	 * @param endpoints the endpoints
	 * @param now       the time of the change
	 * @return this record in a new state
	 */
	public JournalRecord with(DeploymentState state, Reason reason, List<Endpoint> endpoints, Instant now) {
		Deployment d = deployment;
		return new JournalRecord(new Deployment(d.id(), d.type(), d.descriptor(), d.consumer(), state, reason,
				endpoints, d.reactorAvailable(), now), reported);
	}

	/**
	 * @param reported the state just reported
	 * @return this record marked as reported
	 */
	public JournalRecord reported(DeploymentState reported) {
		return new JournalRecord(deployment, reported);
	}

	/**
	 * @param type       the descriptor type
	 * @param descriptor the descriptor CID
	 * @param consumer   the consumer
	 * @return this record for a changed assignment, with its state kept
	 */
	public JournalRecord assignment(String type, Cid descriptor, String consumer) {
		Deployment d = deployment;
		return new JournalRecord(new Deployment(d.id(), type, descriptor, consumer, d.state(), d.reason(),
				d.endpoints(), d.reactorAvailable(), d.updated()), reported);
	}
}
