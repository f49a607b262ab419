package org.dinfra.reactor.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.junit.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;

/** The kit passes a reactor that keeps the contract and catches the ones that break it. */
public class ReactorConformanceTestSelfTest {
	private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"n\"],\"additionalProperties\":false,"
			+ "\"properties\":{\"n\":{\"type\":\"integer\"}}}";

	/** Deployments as a list of records on the "infrastructure", shared across restarts. */
	static class ListReactor implements Reactor {
		final List<Long> infrastructure;
		final boolean duplicates;
		final boolean forgetsOnRestart;

		ListReactor(List<Long> infrastructure, boolean duplicates, boolean forgetsOnRestart) {
			this.infrastructure = infrastructure;
			this.duplicates = duplicates;
			this.forgetsOnRestart = forgetsOnRestart;
		}

		@Override
		public String schema() {
			return SCHEMA;
		}

		@Override
		public ReactorStatus deploy(DeploymentRequest request) {
			synchronized (infrastructure) {
				if (duplicates || !infrastructure.contains(request.id())) {
					infrastructure.add(request.id());
				}
			}
			return ReactorStatus.running(request.id(), List.of());
		}

		@Override
		public void teardown(long id) {
			synchronized (infrastructure) {
				infrastructure.removeIf(i -> i == id);
			}
		}

		@Override
		public Optional<ReactorStatus> status(long id) {
			synchronized (infrastructure) {
				return infrastructure.contains(id) ? Optional.of(ReactorStatus.running(id, List.of())) : Optional.empty();
			}
		}

		@Override
		public List<ReactorStatus> inventory() throws ReactorException {
			List<ReactorStatus> all = new ArrayList<>();
			synchronized (infrastructure) {
				infrastructure.forEach(id -> all.add(ReactorStatus.running(id, List.of())));
			}
			return all;
		}
	}

	/** Runs the kit against a ListReactor in the mode named by the subclass. */
	public abstract static class Kit extends ReactorConformanceTest {
		abstract boolean duplicates();

		abstract boolean forgetsOnRestart();

		@Override
		protected ReactorFixture createFixture() {
			List<Long> infrastructure = new ArrayList<>();
			return new ReactorFixture() {
				Reactor reactor = new ListReactor(infrastructure, duplicates(), forgetsOnRestart());

				@Override
				public Reactor reactor() {
					return reactor;
				}

				@Override
				public String type() {
					return "list";
				}

				@Override
				public String validDescriptor(int n) {
					return "{\"n\":" + n + "}";
				}

				@Override
				public String schemaInvalidDescriptor() {
					return "{\"n\":\"one\"}";
				}

				@Override
				public Reactor restart() {
					if (forgetsOnRestart()) {
						synchronized (infrastructure) {
							infrastructure.clear();
						}
					}
					reactor = new ListReactor(infrastructure, duplicates(), forgetsOnRestart());
					return reactor;
				}

				@Override
				public void close() {
				}
			};
		}
	}

	public static class Correct extends Kit {
		@Override
		boolean duplicates() {
			return false;
		}

		@Override
		boolean forgetsOnRestart() {
			return false;
		}
	}

	public static class Duplicating extends Kit {
		@Override
		boolean duplicates() {
			return true;
		}

		@Override
		boolean forgetsOnRestart() {
			return false;
		}
	}

	public static class Forgetful extends Kit {
		@Override
		boolean duplicates() {
			return false;
		}

		@Override
		boolean forgetsOnRestart() {
			return true;
		}
	}

	private static Set<String> failed(Class<?> kit) {
		Result result = JUnitCore.runClasses(kit);
		assertTrue(kit + " ran the kit", result.getRunCount() >= 7);
		Set<String> names = new TreeSet<>();
		for (Failure f : result.getFailures()) {
			names.add(f.getDescription().getMethodName());
		}
		return names;
	}

	@Test
	public void aReactorThatKeepsTheContractPasses() {
		assertEquals(Set.of(), failed(Correct.class));
	}

	@Test
	public void aReactorThatDeploysAnIdTwiceFailsIdempotenceAndConcurrency() {
		Set<String> failed = failed(Duplicating.class);
		assertTrue(failed.toString(), failed.contains("deployIsIdempotentById"));
		assertTrue(failed.toString(), failed.contains("concurrentDeploysOfOneIdGiveOneDeployment"));
	}

	@Test
	public void aReactorThatLosesItsDeploymentsOnRestartFailsTheInventoryCheck() {
		assertEquals(Set.of("inventoryMatchesRealityAfterDeployTeardownAndRestart"), failed(Forgetful.class));
	}
}
