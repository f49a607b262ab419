package org.dinfra.core.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

public class KeyedLocksTest {
	private final KeyedLocks<Long> locks = new KeyedLocks<>();
	private final ExecutorService pool = Executors.newCachedThreadPool();

	@After
	public void stop() {
		pool.shutdownNow();
	}

	@Test
	public void aKeysLockLeavesTheMapWithItsLastUser() throws Exception {
		assertEquals("inside", locks.withLock(1L, () -> {
			assertEquals(1, locks.size());
			return locks.withLock(1L, () -> "inside"); // reentrant
		}));
		assertEquals(0, locks.size());
		try {
			locks.withLock(2L, () -> {
				throw new IllegalStateException("failed");
			});
		} catch (IllegalStateException expected) {
			// the body's failure passes through
		}
		assertEquals("a failing body releases its lock too", 0, locks.size());
	}

	/**
	 * A holds the lock, B waits for it; A releases (the map must keep the lock: B is on it), B
	 * enters; C, arriving now, must wait for B, not get a new lock of its own.
	 */
	@Test
	public void aCallerArrivingWhileAnotherWaitsOnAReleasedLockStillWaits() throws Exception {
		CountDownLatch aHolds = new CountDownLatch(1);
		CountDownLatch aRelease = new CountDownLatch(1);
		CountDownLatch bInside = new CountDownLatch(1);
		CountDownLatch bRelease = new CountDownLatch(1);
		CountDownLatch cInside = new CountDownLatch(1);
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger mostInside = new AtomicInteger();
		Future<?> a = pool.submit(() -> locks.withLock(7L, () -> {
			enter(inside, mostInside);
			aHolds.countDown();
			aRelease.await();
			inside.decrementAndGet();
			return null;
		}));
		assertTrue(aHolds.await(5, TimeUnit.SECONDS));
		Future<?> b = pool.submit(() -> locks.withLock(7L, () -> {
			enter(inside, mostInside);
			bInside.countDown();
			bRelease.await();
			inside.decrementAndGet();
			return null;
		}));
		assertFalse("B waits while A holds the lock", bInside.await(200, TimeUnit.MILLISECONDS));
		aRelease.countDown();
		a.get(5, TimeUnit.SECONDS);
		assertTrue(bInside.await(5, TimeUnit.SECONDS));
		assertEquals("B is on the lock: it stays in the map", 1, locks.size());
		Future<?> c = pool.submit(() -> locks.withLock(7L, () -> {
			enter(inside, mostInside);
			cInside.countDown();
			inside.decrementAndGet();
			return null;
		}));
		assertFalse("C waits while B holds the lock", cInside.await(200, TimeUnit.MILLISECONDS));
		bRelease.countDown();
		b.get(5, TimeUnit.SECONDS);
		c.get(5, TimeUnit.SECONDS);
		assertEquals(1, mostInside.get());
		assertEquals(0, locks.size());
	}

	@Test
	public void manyThreadsOnFewKeysNeverShareAKeyAndLeaveNoLock() throws Exception {
		int keys = 3;
		AtomicInteger[] inside = new AtomicInteger[keys];
		AtomicInteger most = new AtomicInteger();
		for (int k = 0; k < keys; k++) {
			inside[k] = new AtomicInteger();
		}
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int seed = t;
			workers.add(pool.submit(() -> {
				for (int i = 0; i < 2000; i++) {
					int k = (seed + i) % keys;
					locks.withLock((long) k, () -> {
						enter(inside[k], most);
						Thread.yield();
						inside[k].decrementAndGet();
						return null;
					});
				}
				return null;
			}));
		}
		for (Future<?> w : workers) {
			w.get(60, TimeUnit.SECONDS);
		}
		assertEquals("never two threads inside one key", 1, most.get());
		assertEquals(0, locks.size());
	}

	private static void enter(AtomicInteger inside, AtomicInteger most) {
		int now = inside.incrementAndGet();
		most.accumulateAndGet(now, Math::max);
	}
}
