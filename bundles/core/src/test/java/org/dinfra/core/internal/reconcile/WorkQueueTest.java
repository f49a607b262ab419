package org.dinfra.core.internal.reconcile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.Test;

public class WorkQueueTest {
	private final WorkQueue queue = new WorkQueue();

	@Test
	public void idsAreHandedOutInOrderAndDuplicatesCollapse() throws InterruptedException {
		queue.add(1);
		queue.add(2);
		queue.add(1);
		assertEquals(Long.valueOf(1), queue.take());
		assertEquals(Long.valueOf(2), queue.take());
		queue.done(1);
		queue.done(2);
		assertTrue(queue.idle());
	}

	@Test
	public void idAddedWhileBeingWorkedOnIsHandedOutAgainOnlyWhenDone() throws Exception {
		queue.add(7);
		assertEquals(Long.valueOf(7), queue.take());
		queue.add(7);
		queue.add(7);
		assertFalse(queue.idle());
		CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
			try {
				return queue.take();
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
		Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
		queue.done(7);
		assertEquals(Long.valueOf(7), second.get(5, TimeUnit.SECONDS));
		queue.done(7);
		assertTrue("the two adds while active gave one more turn, not two", queue.idle());
	}

	@Test
	public void closeReleasesWaitingWorkersAndDropsLaterAdds() throws Exception {
		CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return queue.take();
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
		queue.close();
		assertNull(waiting.get(5, TimeUnit.SECONDS));
		queue.add(3);
		assertNull(queue.take());
	}
}
