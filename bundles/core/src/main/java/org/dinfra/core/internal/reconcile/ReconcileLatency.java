package org.dinfra.core.internal.reconcile;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dinfra.core.internal.metrics.Metrics;

/**
 * The reconcile latency, a metrics hook: from the moment core receives an assignment it did not
 * know (or whose descriptor changed) to the end of its deploy, recorded once per assignment by
 * outcome. Deployments adopted after a restart are not counted.
 */
final class ReconcileLatency {
	private final Metrics metrics;
	/** {@link System#nanoTime()} when an assignment was received, until its deploy finishes. */
	private final Map<Long, Long> received = new ConcurrentHashMap<>();

	ReconcileLatency(Metrics metrics) {
		this.metrics = metrics;
	}

	/** @param id an assignment just received; the first time counts */
	void received(long id) {
		received.putIfAbsent(id, System.nanoTime());
	}

	/** @param ids the assignments still wanted: the others are no longer waited for */
	void retainOnly(Set<Long> ids) {
		received.keySet().retainAll(ids);
	}

	/** @param id an assignment no longer wanted */
	void forget(long id) {
		received.remove(id);
	}

	/**
	 * @param id      a deployment whose deploy finished
	 * @param outcome {@link org.dinfra.core.api.AgentMetrics#RUNNING} or {@link org.dinfra.core.api.AgentMetrics#FAILED}
	 */
	void finished(long id, String outcome) {
		Long since = received.remove(id);
		if (since != null) {
			metrics.reconciled(outcome, System.nanoTime() - since);
		}
	}
}
