package org.dinfra.core.internal.reconcile;

import java.util.List;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.core.internal.metrics.Metrics;
import org.dinfra.core.internal.registry.ReactorRegistry.Served;

/**
 * Calls to reactors, a metrics hook: each call is timed by type and operation; one that throws
 * is counted as an error with its {@link ReactorException}'s reason code, or with the
 * operation's own code ({@link ReasonCode#DEPLOY_FAILED}, {@link ReasonCode#TEARDOWN_FAILED},
 * {@link ReasonCode#INVENTORY_FAILED}) for an unexpected exception.
 */
final class ReactorCalls {
	private final Metrics metrics;

	ReactorCalls(Metrics metrics) {
		this.metrics = metrics;
	}

	ReactorStatus deploy(Served served, DeploymentRequest request) throws ReactorException {
		return timed(served, AgentMetrics.DEPLOY, ReasonCode.DEPLOY_FAILED, () -> served.reactor().deploy(request));
	}

	void teardown(Served served, long id) throws ReactorException {
		timed(served, AgentMetrics.TEARDOWN, ReasonCode.TEARDOWN_FAILED, () -> {
			served.reactor().teardown(id);
			return null;
		});
	}

	List<ReactorStatus> inventory(Served served) throws ReactorException {
		return timed(served, AgentMetrics.INVENTORY, ReasonCode.INVENTORY_FAILED, served.reactor()::inventory);
	}

	/** A reactor call. */
	@FunctionalInterface
	private interface Call<T> {
		T call() throws ReactorException;
	}

	private <T> T timed(Served served, String operation, ReasonCode unexpected, Call<T> call) throws ReactorException {
		long start = System.nanoTime();
		ReasonCode error = unexpected;
		try {
			T result = call.call();
			error = null;
			return result;
		} catch (ReactorException e) {
			error = e.reason().code();
			throw e;
		} finally {
			metrics.reactorCall(served.type().id(), operation, System.nanoTime() - start, error);
		}
	}
}
