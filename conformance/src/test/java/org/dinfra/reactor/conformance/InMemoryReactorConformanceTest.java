package org.dinfra.reactor.conformance;

import java.time.Duration;

import org.dinfra.core.api.Reactor;
import org.dinfra.core.testing.InMemoryReactor;

/**
 * The kit against the reactor core's tests and the benchmarks use: what they learn of the agent
 * holds only if that reactor keeps the same contract as the real ones.
 */
public class InMemoryReactorConformanceTest extends ReactorConformanceTest {
	@Override
	protected ReactorFixture createFixture() {
		return new Fixture();
	}

	private static final class Fixture implements ReactorFixture {
		private InMemoryReactor reactor = new InMemoryReactor();

		@Override
		public Reactor reactor() {
			return reactor;
		}

		@Override
		public String type() {
			return InMemoryReactor.TYPE;
		}

		@Override
		public String validDescriptor(int n) {
			return "{\"services\":{\"web\":{\"image\":\"nginx:1.27\",\"replicas\":" + (n + 1) + "}}}";
		}

		@Override
		public String schemaInvalidDescriptor() {
			return "{\"services\":{\"web\":{\"image\":5,\"privileged\":true}}}";
		}

		@Override
		public Reactor restart() {
			reactor = reactor.restarted();
			return reactor;
		}

		// countOnInfrastructure stays -1: the infrastructure is a map by id, which cannot hold
		// two deployments of one id; the kit's inventory counts say all there is.

		@Override
		public Duration timeout() {
			return Duration.ofSeconds(5);
		}

		@Override
		public void close() {
			// nothing runs: the map goes with the fixture
		}
	}
}
