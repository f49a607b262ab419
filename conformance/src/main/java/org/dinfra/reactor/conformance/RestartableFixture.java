package org.dinfra.reactor.conformance;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import org.dinfra.core.api.Reactor;

/**
 * The fixture of a reactor whose whole state lives on its infrastructure: a restart is a new
 * instance made the same way, over the same infrastructure. Built by
 * {@link ReactorFixture#restartable}; what the kit cannot count on the infrastructure itself is
 * counted through the inventory.
 */
final class RestartableFixture implements ReactorFixture {
	private final String type;
	private final Callable<? extends Reactor> start;
	private final IntFunction<String> validDescriptors;
	private final String schemaInvalidDescriptor;
	private Reactor reactor;

	RestartableFixture(String type, Callable<? extends Reactor> start, IntFunction<String> validDescriptors,
			String schemaInvalidDescriptor) throws Exception {
		this.type = Objects.requireNonNull(type, "type");
		this.start = Objects.requireNonNull(start, "start");
		this.validDescriptors = Objects.requireNonNull(validDescriptors, "validDescriptors");
		this.schemaInvalidDescriptor = Objects.requireNonNull(schemaInvalidDescriptor, "schemaInvalidDescriptor");
		this.reactor = start.call();
	}

	@Override
	public Reactor reactor() {
		return reactor;
	}

	@Override
	public String type() {
		return type;
	}

	@Override
	public String validDescriptor(int n) {
		return validDescriptors.apply(n);
	}

	@Override
	public String schemaInvalidDescriptor() {
		return schemaInvalidDescriptor;
	}

	@Override
	public Reactor restart() throws Exception {
		stop(reactor);
		reactor = start.call();
		return reactor;
	}

	@Override
	public void close() throws Exception {
		stop(reactor);
	}

	private static void stop(Reactor r) throws Exception {
		if (r instanceof AutoCloseable c) {
			c.close();
		}
	}
}
