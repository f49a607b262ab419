package org.dinfra.core.internal.reconcile;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the reconciler's threads (as thread dumps and log lines show them) and makes them daemons. */
final class DaemonThreads implements ThreadFactory {
	private final String name;
	private final AtomicInteger count;

	private DaemonThreads(String name, boolean numbered) {
		this.name = name;
		this.count = numbered ? new AtomicInteger() : null;
	}

	/** @return threads named {@code prefix1}, {@code prefix2}, ... */
	static ThreadFactory numbered(String prefix) {
		return new DaemonThreads(prefix, true);
	}

	/** @return threads all named {@code name} (for an executor of one thread) */
	static ThreadFactory named(String name) {
		return new DaemonThreads(name, false);
	}

	@Override
	public Thread newThread(Runnable r) {
		Thread t = new Thread(r, count == null ? name : name + count.incrementAndGet());
		t.setDaemon(true);
		return t;
	}
}
