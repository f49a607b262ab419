package org.dinfra.core.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key (a deployment id, a key pair's name), kept only while it is used: a key's
 * lock enters the map with the first caller that asks for it and leaves with the last one that
 * releases it, so the map holds the keys in use and not every deployment ever served.
 *
 * <p>Each entry counts its users, the thread that holds its lock and those waiting for it; the
 * count changes only inside the map's atomic {@code compute} for that key. An entry leaves the
 * map only when its count drops to zero, when no thread holds or waits for its lock. A caller
 * that comes later makes a new entry, and as no thread is left on the old one, two threads never
 * hold one key at once. Locks are reentrant.
 *
 * <p>For reactors whose infrastructure has no atomic create-if-absent: concurrent calls for one
 * deployment id (which a reactor must survive; the conformance kit checks it), and resources
 * that deployments share (a key pair), are serialised by their key.
 *
 * @param <K> the key
 */
public final class KeyedLocks<K> {
		/**
	 * What runs under a key's lock.
	 *
	 * @param <T> what it returns
	 * @param <E> what it throws
	 */
	@FunctionalInterface
	public interface Body<T, E extends Exception> {
		/**
		 * @return its result
		 * @throws E its failure
		 */
		T run() throws E;
	}

	private static final class Entry {
		final ReentrantLock lock = new ReentrantLock();
		/** Holders and waiters; read and written only in compute of this entry's key. */
		int users;
	}

	private final ConcurrentHashMap<K, Entry> entries = new ConcurrentHashMap<>();

	/**
	 * Runs {@code body} holding the lock of {@code key}, waiting for it first.
	 *
	 * @param <T>  what {@code body} returns
	 * @param <E>  what {@code body} throws
	 * @param key  the key
	 * @param body what runs under its lock
	 * @return what {@code body} returns
	 * @throws E what {@code body} throws
	 */
	public <T, E extends Exception> T withLock(K key, Body<T, E> body) throws E {
		Entry entry = entries.compute(key, (k, e) -> {
			Entry used = e == null ? new Entry() : e;
			used.users++;
			return used;
		});
		entry.lock.lock();
		try {
			return body.run();
		} finally {
			entry.lock.unlock();
			entries.computeIfPresent(key, (k, e) -> --e.users == 0 ? null : e);
		}
	}

	/** @return how many keys have a lock that is held or waited for */
	public int size() {
		return entries.size();
	}
}
