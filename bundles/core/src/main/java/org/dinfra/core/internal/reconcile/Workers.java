package org.dinfra.core.internal.reconcile;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The worker loop: a fixed number of threads take deployment ids from the {@link WorkQueue}
 * and take one step for each, with the id in the logging MDC. One worker acts on an id at a time.
 */
final class Workers implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
	private static final long STOP_SECONDS = 10;

	private final WorkQueue queue;
	private final LongConsumer step;
	private final ExecutorService threads;

	/**
	 * Starts the workers.
	 *
	 * @param count how many
	 * @param queue where they take ids from
	 * @param step  what they do with one
	 */
	Workers(int count, WorkQueue queue, LongConsumer step) {
		this.queue = queue;
		this.step = step;
		this.threads = Executors.newFixedThreadPool(count, DaemonThreads.numbered("dinfra-reconcile-"));
		for (int i = 0; i < count; i++) {
			threads.execute(this::work);
		}
	}

	private void work() {
		while (!Thread.currentThread().isInterrupted()) {
			Long id;
			try {
				id = queue.take();
			} catch (InterruptedException e) {
				return;
			}
			if (id == null) {
				return;
			}
			MDC.put(Reconciler.MDC_DEPLOYMENT, Long.toUnsignedString(id));
			try {
				step.accept(id);
			} catch (RuntimeException e) {
				LOG.error("Unexpected error working on deployment {}", Long.toUnsignedString(id), e);
			} finally {
				MDC.remove(Reconciler.MDC_DEPLOYMENT);
				queue.done(id);
			}
		}
	}

	/** Closes the queue and stops the workers: returns once none runs any more, or after a bounded wait. */
	@Override
	public void close() {
		queue.close();
		threads.shutdownNow();
		try {
			if (!threads.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
				LOG.warn("Reconciler workers did not stop within {} s", STOP_SECONDS);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
