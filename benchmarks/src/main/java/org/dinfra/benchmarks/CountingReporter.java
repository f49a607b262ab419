package org.dinfra.benchmarks;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.StatusReporter;

/** Counts the deployments reported running; a failure report fails the benchmark. */
final class CountingReporter implements StatusReporter {
	private final Set<Long> running = ConcurrentHashMap.newKeySet();
	private final CountDownLatch all;
	private volatile String failure;

	/** @param expected how many distinct deployments must be reported running */
	CountingReporter(int expected) {
		this.all = new CountDownLatch(expected);
	}

	@Override
	public void running(long id, List<Endpoint> endpoints) {
		if (running.add(id)) {
			all.countDown();
		}
	}

	@Override
	public void failed(long id, Reason reason) {
		failure = "deployment " + Long.toUnsignedString(id) + " failed: " + reason;
		while (all.getCount() > 0) {
			all.countDown();
		}
	}

	/**
	 * @param timeout how long to wait
	 * @param unit    its unit
	 * @return true when every deployment was reported running in time
	 * @throws InterruptedException when interrupted
	 * @throws IllegalStateException when a deployment was reported failed
	 */
	boolean await(long timeout, TimeUnit unit) throws InterruptedException {
		boolean done = all.await(timeout, unit);
		if (failure != null) {
			throw new IllegalStateException(failure);
		}
		return done;
	}

	/** @return how many distinct deployments were reported running */
	int running() {
		return running.size();
	}
}
