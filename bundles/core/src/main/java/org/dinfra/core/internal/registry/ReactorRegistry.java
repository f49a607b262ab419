package org.dinfra.core.internal.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.dinfra.core.api.DescriptorType;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.internal.schema.CompiledSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactors currently installed, by descriptor type, each with its schema compiled once.
 * When several reactors serve one type, the one with the highest service ranking is used and
 * the others stand by.
 */
public final class ReactorRegistry implements DescriptorTypes {
	private static final Logger LOG = LoggerFactory.getLogger(ReactorRegistry.class);

	/** A reactor in service: the reactor, its type and its compiled schema. */
	public record Served(Reactor reactor, DescriptorType type, CompiledSchema schema, int ranking, long order) {
	}

	private final Map<String, List<Served>> byType = new ConcurrentHashMap<>();
	private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
	private long added;

	/**
	 * @param listener called with a type id whenever the reactor serving it changes
	 * @return removes the listener (for a reconciler that closes before the registry goes)
	 */
	public Runnable onChange(Consumer<String> listener) {
		listeners.add(listener);
		return () -> listeners.remove(listener);
	}

	/** Tells every listener; one that throws neither keeps the others from hearing nor undoes the change. */
	private void changed(String type) {
		for (Consumer<String> l : listeners) {
			try {
				l.accept(type);
			} catch (RuntimeException e) {
				LOG.error("Listener of reactor changes failed on type '{}'", type, e);
			}
		}
	}

	/**
	 * Adds a reactor service.
	 *
	 * @param reactor    the service
	 * @param properties its service properties
	 * @param owner      for display: the registering bundle's symbolic name
	 * @return the type it serves, or empty when the reactor is refused (the log says why)
	 */
	public Optional<String> add(Reactor reactor, Map<String, ?> properties, String owner) {
		Object typeProp = properties.get(Reactor.TYPE);
		if (!(typeProp instanceof String type) || type.isBlank()) {
			LOG.error("Ignoring reactor {} from {}: service property {} (String) is missing", reactor, owner,
					Reactor.TYPE);
			return Optional.empty();
		}
		int version = intProperty(properties.get(Reactor.TYPE_VERSION), 1);
		int ranking = intProperty(properties.get("service.ranking"), 0);
		CompiledSchema schema;
		String schemaText;
		try {
			schemaText = reactor.schema();
			schema = CompiledSchema.compile(schemaText);
		} catch (RuntimeException e) {
			LOG.error("Ignoring reactor for type '{}' from {}: its schema does not compile: {}", type, owner,
					e.getMessage());
			return Optional.empty();
		}
		Served served;
		synchronized (this) {
			served = new Served(reactor, new DescriptorType(type, version, schema.id(), schemaText, owner), schema,
					ranking, added++);
			List<Served> list = new ArrayList<>(byType.getOrDefault(type, List.of()));
			list.add(served);
			list.sort(Comparator.comparingInt(Served::ranking).reversed().thenComparingLong(Served::order));
			if (list.get(0) != served) {
				LOG.warn("Reactor for type '{}' from {} stands by: {} serves it with a higher ranking", type, owner,
						list.get(0).type().reactor());
			}
			byType.put(type, List.copyOf(list));
		}
		LOG.info("Descriptor type '{}' v{} served by {}", type, version, owner);
		changed(type);
		return Optional.of(type);
	}

	/**
	 * Removes a reactor service.
	 *
	 * @param reactor the service
	 * @return the type it served, when it was registered
	 */
	public Optional<String> remove(Reactor reactor) {
		String removed = null;
		synchronized (this) {
			for (Map.Entry<String, List<Served>> e : byType.entrySet()) {
				List<Served> list = new ArrayList<>(e.getValue());
				if (list.removeIf(s -> s.reactor() == reactor)) {
					removed = e.getKey();
					if (list.isEmpty()) {
						byType.remove(removed);
					} else {
						byType.put(removed, List.copyOf(list));
					}
					break;
				}
			}
		}
		if (removed != null) {
			LOG.info("Descriptor type '{}': reactor removed{}", removed,
					byType.containsKey(removed) ? ", a standby takes over" : "; no reactor serves it now");
			changed(removed);
		}
		return Optional.ofNullable(removed);
	}

	/**
	 * @param type a type id
	 * @return the reactor in service for it
	 */
	public Optional<Served> served(String type) {
		List<Served> list = byType.get(type);
		return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
	}

	/** @return every reactor in service, one per type */
	public List<Served> all() {
		return byType.values().stream().filter(l -> !l.isEmpty()).map(l -> l.get(0))
				.sorted(Comparator.comparing(s -> s.type().id())).toList();
	}

	@Override
	public List<DescriptorType> types() {
		return all().stream().map(Served::type).toList();
	}

	@Override
	public Optional<DescriptorType> type(String id) {
		return served(id).map(Served::type);
	}

	@Override
	public AutoCloseable addChangeListener(ChangeListener listener) {
		Runnable remove = onChange(listener::changed);
		return remove::run;
	}

	@Override
	public List<String> validate(String type, byte[] descriptor) {
		return served(type).orElseThrow(() -> new IllegalArgumentException("no reactor serves type '" + type + "'"))
				.schema().validate(descriptor);
	}

	private static int intProperty(Object value, int fallback) {
		if (value instanceof Number n) {
			return n.intValue();
		}
		if (value instanceof String s) {
			try {
				return Integer.parseInt(s.trim());
			} catch (NumberFormatException e) {
				return fallback;
			}
		}
		return fallback;
	}
}
