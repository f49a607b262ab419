package org.dinfra.itest;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for a condition inside the container, failing with what was awaited and the last value
 * seen. (Awaitility cannot be used in the Pax Exam probe: its uses-constraint on hamcrest 2
 * conflicts with the hamcrest 1.3 that the JUnit 4 bundle wires to the probe.)
 */
public final class Eventually {
	private static final long POLL_MS = 100;

	private Eventually() {
	}

	/**
	 * @param what      what is awaited, for the failure message
	 * @param timeout   how long to wait
	 * @param condition the condition
	 */
	public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
		until(what, timeout, condition, Boolean.TRUE::equals);
	}

	/**
	 * @param what      what is awaited, for the failure message
	 * @param timeout   how long to wait
	 * @param value     produces the value to test
	 * @param condition the condition on the value
	 * @return the value that met the condition
	 */
	public static <T> T until(String what, Duration timeout, Callable<T> value, Predicate<T> condition)
			throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		T last = null;
		while (true) {
			last = value.call();
			if (condition.test(last)) {
				return last;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
						+ "; last value: " + last);
			}
			Thread.sleep(POLL_MS);
		}
	}
}
