package org.dinfra.reactor.conformance;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import org.dinfra.core.api.Reactor;

/**
 * What the conformance kit needs of one reactor: an instance over some infrastructure, the
 * descriptors to deploy, and a way to restart the reactor over the same infrastructure state.
 *
 * <p>One fixture is created per test and {@linkplain #close() closed} after it.
 */
public interface ReactorFixture extends AutoCloseable {
	/**
	 * The fixture of a reactor that keeps all its state on its infrastructure, so that a restart
	 * is a new instance made by {@code start} (an {@link AutoCloseable} reactor is closed first).
	 * Closing the fixture stops the reactor; removing the infrastructure's state is the test's.
	 *
	 * @param type                    the descriptor type the reactor serves
	 * @param start                   makes a reactor instance over the infrastructure
	 * @param validDescriptors        {@link #validDescriptor(int)}
	 * @param schemaInvalidDescriptor {@link #schemaInvalidDescriptor()}
	 * @return the fixture, its first reactor started
	 * @throws Exception when {@code start} fails
	 */
	static ReactorFixture restartable(String type, Callable<? extends Reactor> start, IntFunction<String> validDescriptors,
			String schemaInvalidDescriptor) throws Exception {
		return new RestartableFixture(type, start, validDescriptors, schemaInvalidDescriptor);
	}

	/** @return the reactor under test, the current instance (a new one after {@link #restart()}) */
	Reactor reactor();

	/** @return the descriptor type the reactor serves */
	String type();

	/**
	 * @param n a small number, 0, 1, 2, ...
	 * @return a descriptor valid against the reactor's schema and allowed by its policy; different
	 *         {@code n} give different descriptors
	 */
	String validDescriptor(int n);

	/** @return a descriptor that is JSON but does not match the reactor's schema */
	String schemaInvalidDescriptor();

	/**
	 * Replaces the reactor with a new instance over the same infrastructure state, as after an
	 * agent restart; the old instance is stopped first.
	 *
	 * @return the new instance, from now on returned by {@link #reactor()}
	 * @throws Exception when it cannot be restarted
	 */
	Reactor restart() throws Exception;

	/**
	 * Whether {@link Reactor#deploy} itself refuses a schema-invalid descriptor (as the HTTP bridge
	 * does, through the external reactor). Core validates before it calls a reactor, so Java
	 * reactors need not: for them the kit checks the schema only.
	 *
	 * @return true when the reactor refuses schema-invalid descriptors itself
	 */
	default boolean refusesSchemaInvalidDescriptors() {
		return false;
	}

	/**
	 * How many deployments with this id exist on the infrastructure, counted without the
	 * reactor (for example containers labelled with the id), or -1 when the fixture cannot tell;
	 * then the kit counts the inventory only.
	 *
	 * @param id a deployment id
	 * @return the count, or -1
	 * @throws Exception when the infrastructure cannot be asked
	 */
	default int countOnInfrastructure(long id) throws Exception {
		return -1;
	}

	/** @return how long one deploy or teardown may take */
	default Duration timeout() {
		return Duration.ofSeconds(60);
	}

	/** @return the consumer account sent with deployments (SS58), or empty */
	default String consumer() {
		return "";
	}

	/** Tears down what the test left, stops the reactor and removes the fixture's state. */
	@Override
	void close() throws Exception;
}
