package org.dinfra.core.internal.reconcile;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Deployment ids waiting to be reconciled. An id is handed to one worker at a time; an id added
 * while it is being worked on is handed out again once that worker is done, so no change is
 * lost and no two workers ever act on the same deployment.
 */
final class WorkQueue {
	private final ArrayDeque<Long> queue = new ArrayDeque<>();
	private final Set<Long> queued = new HashSet<>();
	private final Set<Long> active = new HashSet<>();
	private final Set<Long> dirty = new HashSet<>();
	private boolean closed;

	synchronized void add(long id) {
		if (closed) {
			return;
		}
		if (active.contains(id)) {
			dirty.add(id);
		} else if (queued.add(id)) {
			queue.addLast(id);
			notify();
		}
	}

	/** @return the next id, or null once closed */
	synchronized Long take() throws InterruptedException {
		while (queue.isEmpty() && !closed) {
			wait();
		}
		if (closed) {
			return null;
		}
		Long id = queue.removeFirst();
		queued.remove(id);
		active.add(id);
		return id;
	}

	synchronized void done(long id) {
		active.remove(id);
		if (dirty.remove(id)) {
			add(id);
		}
	}

	/** @return whether nothing is queued or being worked on */
	synchronized boolean idle() {
		return queue.isEmpty() && active.isEmpty();
	}

	synchronized void close() {
		closed = true;
		notifyAll();
	}
}
