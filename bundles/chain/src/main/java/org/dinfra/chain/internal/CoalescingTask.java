package org.dinfra.chain.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on a thread of its own, on request, coalescing requests instead of waiting for
 * them to settle: requests made while a run waits to start join that run; a request made while
 * the task runs leads to exactly one more run after it (which sees whatever changed). So a burst
 * of requests costs at most two runs, and the last run always starts after the last request.
 */
final class CoalescingTask implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(CoalescingTask.class);

	private final String name;
	private final Runnable task;
	private final ScheduledExecutorService thread;
	// guarded by this
	private boolean queued;
	private ScheduledFuture<?> retry;

	/**
	 * @param threadName the name of the thread
	 * @param task       what to run; it should not throw (a throw is logged)
	 */
	CoalescingTask(String threadName, Runnable task) {
		this.name = threadName;
		this.task = task;
		this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, threadName);
			t.setDaemon(true);
			return t;
		});
	}

	/** Asks for a run as soon as the thread is free (dropping a pending {@link #retryAfter}); joins a run that waits to start. */
	void request() {
		synchronized (this) {
			if (retry != null) {
				retry.cancel(false);
				retry = null;
			}
			if (queued) {
				return;
			}
			queued = true;
		}
		try {
			thread.execute(this::run);
		} catch (RejectedExecutionException e) {
			// closed
		}
	}

	/** @param delay asks for a run after this delay, unless one is requested before */
	synchronized void retryAfter(Duration delay) {
		if (retry != null) {
			retry.cancel(false);
		}
		try {
			retry = thread.schedule(this::request, delay.toMillis(), TimeUnit.MILLISECONDS);
		} catch (RejectedExecutionException e) {
			retry = null; // closed
		}
	}

	private void run() {
		synchronized (this) {
			queued = false; // a request from now on is served by another run
		}
		try {
			task.run();
		} catch (RuntimeException e) {
			LOG.error("{} failed", name, e);
		}
	}

	/** Stops the thread, interrupting a run under way, and waits for it (10 s at most). */
	@Override
	public void close() {
		thread.shutdownNow();
		try {
			if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
				LOG.warn("Thread {} did not stop within 10 s", name);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
