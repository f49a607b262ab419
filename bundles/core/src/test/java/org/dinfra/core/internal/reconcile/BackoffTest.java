package org.dinfra.core.internal.reconcile;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.After;
import org.junit.Test;

public class BackoffTest {
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
	private final List<Long> again = new CopyOnWriteArrayList<>();
	private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350), timer, again::add);

	@After
	public void tearDown() {
		timer.shutdownNow();
	}

	private static void assertBetween(long low, long high, Duration d) {
		assertTrue(low + " <= " + d.toMillis() + " <= " + high, d.toMillis() >= low && d.toMillis() <= high);
	}

	@Test
	public void delaysDoubleWithJitterUpToTheLongest() {
		for (int run = 0; run < 50; run++) {
			long id = run;
			assertBetween(50, 100, backoff.retry(id));
			assertBetween(100, 200, backoff.retry(id));
			assertBetween(175, 350, backoff.retry(id));
			assertBetween(175, 350, backoff.retry(id));
		}
	}

	@Test
	public void oneRetryIsPendingPerIdAndResetStartsOver() {
		backoff.retry(7);
		backoff.retry(7);
		backoff.retry(8);
		await().atMost(Duration.ofSeconds(5)).until(() -> again.size() == 2);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> again.size() == 2);
		assertEquals(List.of(7L, 8L), again.stream().sorted().toList());
		backoff.reset(7);
		assertBetween(50, 100, backoff.retry(7));
	}

	@Test
	public void nothingIsRetriedOnceTheTimerIsShutDown() {
		timer.shutdownNow();
		backoff.retry(1);
		assertEquals(List.of(), again);
	}
}
