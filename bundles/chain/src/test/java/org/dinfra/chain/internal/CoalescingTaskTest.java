package org.dinfra.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Test;

/** Requests coalesce into runs; no fixed delay anywhere. */
public class CoalescingTaskTest {
	private final AtomicInteger runs = new AtomicInteger();
	private final Semaphore started = new Semaphore(0);
	private volatile CountDownLatch release = new CountDownLatch(0);
	private final CoalescingTask task = new CoalescingTask("test-coalescing", () -> {
		runs.incrementAndGet();
		started.release();
		try {
			release.await();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	});

	@After
	public void close() {
		release.countDown();
		task.close();
	}

	@Test
	public void aBurstDuringARunIsOneMoreRun() throws Exception {
		release = new CountDownLatch(1);
		task.request();
		assertTrue(started.tryAcquire(10, TimeUnit.SECONDS));
		for (int i = 0; i < 20; i++) {
			task.request(); // while the first run runs: all join one queued run
		}
		release.countDown();
		assertTrue(started.tryAcquire(10, TimeUnit.SECONDS));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
		assertFalse("no third run", started.tryAcquire(500, TimeUnit.MILLISECONDS));
		assertEquals(2, runs.get());
	}

	@Test
	public void aRequestAfterARunIsANewRun() throws Exception {
		task.request();
		assertTrue(started.tryAcquire(10, TimeUnit.SECONDS));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
		task.request();
		assertTrue(started.tryAcquire(10, TimeUnit.SECONDS));
		assertEquals(2, runs.get());
	}

	@Test
	public void aRequestReplacesAPendingRetry() throws Exception {
		task.retryAfter(Duration.ofMillis(300));
		task.request();
		assertTrue(started.tryAcquire(10, TimeUnit.SECONDS));
		assertFalse("the retry was dropped", started.tryAcquire(1500, TimeUnit.MILLISECONDS));
		assertEquals(1, runs.get());
		task.retryAfter(Duration.ofMillis(100));
		assertTrue("a retry runs when nothing else was requested", started.tryAcquire(10, TimeUnit.SECONDS));
		assertEquals(2, runs.get());
	}

	@Test
	public void closeStopsARunUnderWayAndLaterRequestsDoNothing() throws Exception {
		release = new CountDownLatch(1);
		task.request();
		assertTrue(started.tryAcquire(10, TimeUnit.SECONDS));
		task.close(); // interrupts the run's wait
		task.request();
		task.retryAfter(Duration.ofMillis(10));
		assertFalse(started.tryAcquire(500, TimeUnit.MILLISECONDS));
		assertEquals(1, runs.get());
	}
}
