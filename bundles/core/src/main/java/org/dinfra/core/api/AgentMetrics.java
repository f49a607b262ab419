package org.dinfra.core.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the agent measured since it started, for metrics exporters (the status bundle's
 * Prometheus endpoint). Core registers this service; values only grow until the agent restarts.
 */
@ProviderType
public interface AgentMetrics {
	/** {@link Call#operation()} of {@link Reactor#deploy}. */
	String DEPLOY = "deploy";
	/** {@link Call#operation()} of {@link Reactor#teardown}. */
	String TEARDOWN = "teardown";
	/** {@link Call#operation()} of {@link Reactor#inventory}. */
	String INVENTORY = "inventory";

	/** {@link Snapshot#reconcileLatency()} key: the deployment reached {@link DeploymentState#RUNNING}. */
	String RUNNING = "running";
	/** {@link Snapshot#reconcileLatency()} key: the deployment ended {@link DeploymentState#FAILED}. */
	String FAILED = "failed";

	/** @return a consistent-enough copy of every measurement (each histogram is copied atomically) */
	Snapshot snapshot();

	/**
	 * Everything measured.
	 *
	 * @param reconcileLatency seconds from an assignment being received to its deploy finishing, by
	 *                         outcome ({@link #RUNNING} or {@link #FAILED})
	 * @param reactorCalls     seconds each reactor call took, by descriptor type and operation
	 * @param reactorErrors    how many reactor calls failed, by type, operation and reason code
	 */
	record Snapshot(Map<String, Histogram> reconcileLatency, Map<Call, Histogram> reactorCalls,
			Map<CallError, Long> reactorErrors) {
		public Snapshot {
			reconcileLatency = Map.copyOf(reconcileLatency);
			reactorCalls = Map.copyOf(reactorCalls);
			reactorErrors = Map.copyOf(reactorErrors);
		}
	}

	/**
	 * A reactor call.
	 *
	 * @param type      the descriptor type its reactor serves
	 * @param operation {@link #DEPLOY}, {@link #TEARDOWN} or {@link #INVENTORY}
	 */
	record Call(String type, String operation) {
		public Call {
			Objects.requireNonNull(type, "type");
			Objects.requireNonNull(operation, "operation");
		}
	}

	/**
	 * A failed reactor call.
	 *
	 * @param type      the descriptor type its reactor serves
	 * @param operation {@link #DEPLOY}, {@link #TEARDOWN} or {@link #INVENTORY}
	 * @param code      why it failed: the {@link ReactorException}'s code, or for an unexpected exception
	 *                  {@link ReasonCode#DEPLOY_FAILED}, {@link ReasonCode#TEARDOWN_FAILED} or
	 *                  {@link ReasonCode#INVENTORY_FAILED} by operation
	 */
	record CallError(String type, String operation, ReasonCode code) {
		public CallError {
			Objects.requireNonNull(type, "type");
			Objects.requireNonNull(operation, "operation");
			Objects.requireNonNull(code, "code");
		}
	}

	/**
	 * A histogram of durations in seconds, with cumulative buckets as Prometheus has them.
	 *
	 * @param bounds the buckets' upper bounds in seconds, ascending (the implicit last bucket is +Inf)
	 * @param counts for each bound, how many observations were less than or equal to it
	 * @param count  how many observations in all (the +Inf bucket)
	 * @param sum    the sum of all observations in seconds
	 */
	record Histogram(List<Double> bounds, List<Long> counts, long count, double sum) {
		public Histogram {
			bounds = List.copyOf(bounds);
			counts = List.copyOf(counts);
			if (bounds.size() != counts.size()) {
				throw new IllegalArgumentException("one count per bound: " + bounds.size() + " bounds, "
						+ counts.size() + " counts");
			}
		}
	}
}
