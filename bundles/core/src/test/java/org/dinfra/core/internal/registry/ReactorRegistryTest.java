package org.dinfra.core.internal.registry;

import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dinfra.core.api.DescriptorType;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.testing.InMemoryReactor;
import org.junit.Before;
import org.junit.Test;

public class ReactorRegistryTest {
	private static final String TYPE = InMemoryReactor.TYPE;
	private static final byte[] IMAGE_ONLY = "{\"services\":{\"web\":{\"image\":\"nginx\"}}}".getBytes(StandardCharsets.UTF_8);

	private final ReactorRegistry registry = new ReactorRegistry();
	private final List<String> changes = new CopyOnWriteArrayList<>();

	@Before
	public void listen() {
		registry.onChange(changes::add);
	}

	private static Map<String, Object> props(Object type, Object version, Object ranking) {
		Map<String, Object> p = new HashMap<>();
		if (type != null) {
			p.put(Reactor.TYPE, type);
		}
		if (version != null) {
			p.put(Reactor.TYPE_VERSION, version);
		}
		if (ranking != null) {
			p.put("service.ranking", ranking);
		}
		return p;
	}

	private Reactor served(String type) {
		return registry.served(type).orElseThrow().reactor();
	}

	@Test
	public void addedReactorServesItsTypeWithItsSchema() {
		InMemoryReactor reactor = new InMemoryReactor();
		assertEquals(Optional.of(TYPE), registry.add(reactor, props(TYPE, 3, null), "org.dinfra.reactor.compose"));
		DescriptorType type = registry.type(TYPE).orElseThrow();
		assertEquals(new DescriptorType(TYPE, 3, "https://schemas.dinfra.test/compose.schema.json",
				InMemoryReactor.SCHEMA, "org.dinfra.reactor.compose"), type);
		assertSame(reactor, served(TYPE));
		assertEquals(List.of(type), registry.types());
		assertEquals(List.of(TYPE), changes);
	}

	@Test
	public void versionDefaultsToOneAndMayBeGivenAsText() {
		registry.add(new InMemoryReactor(), props("a", null, null), "x");
		registry.add(new InMemoryReactor(), props("b", "2", null), "x");
		registry.add(new InMemoryReactor(), props("c", "two", null), "x");
		assertEquals(1, registry.type("a").orElseThrow().version());
		assertEquals(2, registry.type("b").orElseThrow().version());
		assertEquals(1, registry.type("c").orElseThrow().version());
	}

	@Test
	public void reactorWithoutATypePropertyIsIgnored() {
		assertEquals(Optional.empty(), registry.add(new InMemoryReactor(), props(null, 1, null), "x"));
		assertEquals(Optional.empty(), registry.add(new InMemoryReactor(), props(" ", 1, null), "x"));
		assertEquals(Optional.empty(), registry.add(new InMemoryReactor(), props(new String[] {TYPE}, 1, null), "x"));
		assertEquals(List.of(), registry.types());
		assertEquals(List.of(), changes);
	}

	@Test
	public void reactorWhoseSchemaDoesNotCompileIsIgnored() {
		assertEquals(Optional.empty(), registry.add(new InMemoryReactor("{not json"), props(TYPE, 1, null), "x"));
		assertEquals(Optional.empty(), registry.add(new InMemoryReactor("{\"$ref\": \"#/$defs/none\"}"),
				props(TYPE, 1, null), "x"));
		assertEquals(Optional.empty(), registry.add(new InMemoryReactor() {
			@Override
			public String schema() {
				throw new IllegalStateException("schema resource missing");
			}
		}, props(TYPE, 1, null), "x"));
		assertEquals(Optional.empty(), registry.type(TYPE));
		assertEquals(List.of(), changes);
	}

	@Test
	public void ignoredReactorDoesNotDisplaceTheServingOne() {
		InMemoryReactor good = new InMemoryReactor();
		registry.add(good, props(TYPE, 1, 0), "good");
		registry.add(new InMemoryReactor("[]"), props(TYPE, 1, 1000), "bad");
		assertSame(good, served(TYPE));
	}

	@Test
	public void highestRankingServesAndOthersStandBy() {
		InMemoryReactor low = new InMemoryReactor();
		InMemoryReactor high = new InMemoryReactor();
		InMemoryReactor middle = new InMemoryReactor();
		registry.add(low, props(TYPE, 1, -5), "low");
		registry.add(high, props(TYPE, 1, 10), "high");
		registry.add(middle, props(TYPE, 1, "5"), "middle");
		assertSame(high, served(TYPE));
		assertEquals("one type however many reactors", 1, registry.types().size());
		assertEquals("high", registry.type(TYPE).orElseThrow().reactor());
	}

	@Test
	public void amongEqualRankingsTheFirstAddedServes() {
		InMemoryReactor first = new InMemoryReactor();
		registry.add(first, props(TYPE, 1, 0), "first");
		registry.add(new InMemoryReactor(), props(TYPE, 1, 0), "second");
		assertSame(first, served(TYPE));
	}

	@Test
	public void standbyTakesOverWhenTheServingReactorIsRemoved() {
		InMemoryReactor low = new InMemoryReactor();
		InMemoryReactor middle = new InMemoryReactor();
		InMemoryReactor high = new InMemoryReactor();
		registry.add(low, props(TYPE, 1, 1), "low");
		registry.add(high, props(TYPE, 1, 3), "high");
		registry.add(middle, props(TYPE, 1, 2), "middle");
		changes.clear();

		assertEquals(Optional.of(TYPE), registry.remove(high));
		assertSame(middle, served(TYPE));
		assertEquals(List.of(TYPE), changes);
		assertEquals(Optional.of(TYPE), registry.remove(middle));
		assertSame(low, served(TYPE));
	}

	@Test
	public void removingTheLastReactorLeavesTheTypeUnserved() {
		InMemoryReactor reactor = new InMemoryReactor();
		registry.add(reactor, props(TYPE, 1, null), "x");
		registry.remove(reactor);
		assertEquals(Optional.empty(), registry.type(TYPE));
		assertEquals(Optional.empty(), registry.served(TYPE));
		assertEquals(List.of(), registry.types());
		assertEquals(List.of(), registry.all());
		assertEquals(List.of(TYPE, TYPE), changes);
		assertThrows(IllegalArgumentException.class, () -> registry.validate(TYPE, IMAGE_ONLY));
	}

	@Test
	public void removingAnUnknownReactorChangesNothing() {
		registry.add(new InMemoryReactor(), props(TYPE, 1, null), "x");
		changes.clear();
		assertEquals(Optional.empty(), registry.remove(new InMemoryReactor()));
		assertTrue(registry.type(TYPE).isPresent());
		assertEquals(List.of(), changes);
	}

	@Test
	public void typesAreSortedById() {
		for (String t : List.of("vm", "compose", "k8s")) {
			registry.add(new InMemoryReactor(), props(t, 1, null), "x");
		}
		assertEquals(List.of("compose", "k8s", "vm"), registry.types().stream().map(DescriptorType::id).toList());
		assertEquals(List.of("compose", "k8s", "vm"), registry.all().stream().map(s -> s.type().id()).toList());
	}

	@Test
	public void validateUsesTheSchemaOfTheServingReactor() {
		registry.add(new InMemoryReactor(), props(TYPE, 1, 1), "loose");
		assertEquals(List.of(), registry.validate(TYPE, IMAGE_ONLY));
		InMemoryReactor strict = new InMemoryReactor("{\"type\": \"object\", \"required\": [\"version\"]}");
		registry.add(strict, props(TYPE, 2, 2), "strict");
		List<String> problems = registry.validate(TYPE, IMAGE_ONLY);
		assertEquals(1, problems.size());
		assertThat(problems.get(0), startsWith("/: "));
		registry.remove(strict);
		assertEquals(List.of(), registry.validate(TYPE, IMAGE_ONLY));
	}

	@Test
	public void listenerThatThrowsNeitherStopsTheOthersNorTheChange() {
		ReactorRegistry fresh = new ReactorRegistry();
		List<String> heard = new CopyOnWriteArrayList<>();
		fresh.onChange(t -> {
			throw new IllegalStateException("listener bug");
		});
		fresh.onChange(heard::add);
		InMemoryReactor reactor = new InMemoryReactor();
		assertEquals(Optional.of(TYPE), fresh.add(reactor, props(TYPE, 1, null), "x"));
		assertEquals(Optional.of(TYPE), fresh.remove(reactor));
		assertEquals(List.of(TYPE, TYPE), heard);
	}

	@Test
	public void removedListenerIsNoLongerCalled() {
		List<String> heard = new CopyOnWriteArrayList<>();
		Runnable unsubscribe = registry.onChange(heard::add);
		registry.add(new InMemoryReactor(), props("a", 1, null), "x");
		unsubscribe.run();
		registry.add(new InMemoryReactor(), props("b", 1, null), "x");
		assertEquals(List.of("a"), heard);
		assertEquals("other listeners stay", List.of("a", "b"), changes);
	}
}
