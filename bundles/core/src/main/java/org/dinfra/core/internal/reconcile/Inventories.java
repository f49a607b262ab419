package org.dinfra.core.internal.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.internal.registry.ReactorRegistry;
import org.dinfra.core.internal.registry.ReactorRegistry.Served;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each reactor last listed as the deployments it owns, by type, and when that listing
 * began: a listing that began before a deployment's last change says nothing about it.
 * Listings run on their own thread, so that a slow reactor never holds up a worker; every id a
 * listing shows is handed to {@code seen} to be looked at.
 */
final class Inventories implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(Inventories.class);

	/**
	 * @param items  the deployments listed, by id
	 * @param listed when the listing began
	 */
	record Inventory(Map<Long, ReactorStatus> items, Instant listed) {
	}

	private final ReactorRegistry registry;
	private final ReactorCalls calls;
	private final Clock clock;
	private final LongConsumer seen;
	private final Map<String, Inventory> byType = new ConcurrentHashMap<>();
	private final ExecutorService lister = Executors.newSingleThreadExecutor(DaemonThreads.named("dinfra-inventory"));

	Inventories(ReactorRegistry registry, ReactorCalls calls, Clock clock, LongConsumer seen) {
		this.registry = registry;
		this.calls = calls;
		this.clock = clock;
		this.seen = seen;
	}

	/** Lists the inventory of every served type again, in the background. */
	void refreshAll() {
		registry.all().forEach(s -> refresh(s.type().id()));
	}

	/** @param type a type whose reactor changed: its listing is void, and it is listed again */
	void reactorChanged(String type) {
		byType.remove(type);
		refresh(type);
	}

	private void refresh(String type) {
		try {
			lister.execute(() -> list(type));
		} catch (RejectedExecutionException e) {
			LOG.debug("Not listing the inventory of '{}': the reconciler is closed", type);
		}
	}

	private void list(String type) {
		Optional<Served> served = registry.served(type);
		if (served.isEmpty()) {
			byType.remove(type);
			return;
		}
		Instant listed = clock.instant();
		try {
			Map<Long, ReactorStatus> items = new ConcurrentHashMap<>();
			for (ReactorStatus s : calls.inventory(served.get())) {
				items.put(s.id(), s);
			}
			byType.put(type, new Inventory(items, listed));
			items.keySet().forEach(seen::accept);
		} catch (ReactorException | RuntimeException e) {
			LOG.warn("Cannot list the inventory of type '{}': {}", type, e.getMessage());
		}
	}

	/** @return the last listing of a type, or null when there is none */
	Inventory of(String type) {
		return byType.get(type);
	}

	/**
	 * @param id    a deployment id
	 * @param after a time
	 * @return a type whose listing, begun after that time, shows the id
	 */
	Optional<String> showing(long id, Instant after) {
		return byType.entrySet().stream()
				.filter(e -> e.getValue().items().containsKey(id) && e.getValue().listed().isAfter(after))
				.map(Map.Entry::getKey).findFirst();
	}

	/** The deployment was torn down: the type's listing no longer shows it. */
	void removed(String type, long id) {
		Inventory inventory = byType.get(type);
		if (inventory != null) {
			inventory.items().remove(id);
		}
	}

	/** @param action called with every id a listing shows */
	void forEachId(LongConsumer action) {
		byType.values().forEach(inv -> inv.items().keySet().forEach(action::accept));
	}

	@Override
	public void close() {
		lister.shutdownNow();
		try {
			lister.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
