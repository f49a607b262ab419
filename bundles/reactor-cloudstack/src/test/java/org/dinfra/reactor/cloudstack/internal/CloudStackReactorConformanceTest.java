package org.dinfra.reactor.cloudstack.internal;

import java.time.Duration;

import org.dinfra.core.api.Reactor;
import org.dinfra.keys.api.Keys;
import org.dinfra.reactor.conformance.ReactorConformanceTest;
import org.dinfra.reactor.conformance.ReactorFixture;
import org.dinfra.reactor.cloudstack.testing.FakeCloudStack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CloudStack reactor keeps the reactor contract (conformance kit, conformance/), against
 * the FakeCloudStack of the other tests; a restart is a new reactor over the same fake cloud.
 */
public class CloudStackReactorConformanceTest extends ReactorConformanceTest {
	@Override
	protected ReactorFixture createFixture() throws Exception {
		FakeCloudStack fake = FakeCloudStack.start(CloudStackReactorTest.API_KEY, CloudStackReactorTest.SECRET);
		return new ReactorFixture() {
			private CloudStackReactor reactor = newReactor();

			private CloudStackReactor newReactor() {
				return new CloudStackReactor(Keys.standalone(), TestConfig.of(
						TestConfig.forFake(fake, CloudStackReactorTest.API_KEY, CloudStackReactorTest.SECRET)));
			}

			@Override
			public Reactor reactor() {
				return reactor;
			}

			@Override
			public String type() {
				return CloudStackReactor.TYPE;
			}

			@Override
			public String validDescriptor(int n) {
				return "{\"zone\":\"zone1\",\"serviceOffering\":\"Small Instance\",\"template\":\"Debian 12\",\"rootDiskSizeGb\":" + (10 + n) + "}";
			}

			@Override
			public String schemaInvalidDescriptor() {
				return "{\"zone\":5,\"colour\":\"red\"}";
			}

			@Override
			public String consumer() {
				return CloudStackReactorTest.ALICE;
			}

			@Override
			public Reactor restart() {
				reactor.deactivate();
				reactor = newReactor();
				return reactor;
			}

			/** VMs named dinfra-<id> in the fake cloud that are not destroyed. */
			@Override
			public int countOnInfrastructure(long id) {
				int n = 0;
				for (JsonNode vm : fake.vms()) {
					String state = vm.path("state").asText();
					if (vm.path("name").asText().equals("dinfra-" + Long.toUnsignedString(id))
							&& !state.equals("Destroyed") && !state.equals("Expunging")) {
						n++;
					}
				}
				return n;
			}

			@Override
			public Duration timeout() {
				return Duration.ofSeconds(30);
			}

			@Override
			public void close() {
				reactor.deactivate();
				fake.close();
			}
		};
	}
}
