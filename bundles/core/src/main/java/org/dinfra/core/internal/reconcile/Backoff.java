package org.dinfra.core.internal.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Retries per deployment id with exponential backoff and jitter: after the n-th failure in a row
 * the id is handed to {@code again} after a random delay between half and all of
 * {@code min * 2^(n-1)}, never more than {@code max}. One retry per id is pending at a time;
 * {@link #reset} starts the count over.
 */
final class Backoff {
	private final long min;
	private final long max;
	private final ScheduledExecutorService timer;
	private final LongConsumer again;
	private final Map<Long, Integer> attempts = new ConcurrentHashMap<>();
	private final Set<Long> pending = ConcurrentHashMap.newKeySet();

	/**
	 * @param min   the first delay
	 * @param max   the longest delay
	 * @param timer where retries wait (once it is shut down, nothing is retried)
	 * @param again what a retry does with the id
	 */
	Backoff(Duration min, Duration max, ScheduledExecutorService timer, LongConsumer again) {
		this.min = min.toMillis();
		this.max = max.toMillis();
		this.timer = timer;
		this.again = again;
	}

	/**
	 * Notes a failure and schedules the next attempt, unless one is pending already.
	 *
	 * @param id the deployment id
	 * @return the delay this failure earned
	 */
	Duration retry(long id) {
		int attempt = attempts.merge(id, 1, Integer::sum);
		long base = Math.min(max, min << Math.min(attempt - 1, 30));
		long delay = Math.min(max, base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
		if (pending.add(id)) {
			try {
				timer.schedule(() -> {
					pending.remove(id);
					again.accept(id);
				}, delay, TimeUnit.MILLISECONDS);
			} catch (RejectedExecutionException e) {
				pending.remove(id); // closing
			}
		}
		return Duration.ofMillis(delay);
	}

	/** @param id a deployment id that succeeded: its next failure waits the first delay again */
	void reset(long id) {
		attempts.remove(id);
	}
}
