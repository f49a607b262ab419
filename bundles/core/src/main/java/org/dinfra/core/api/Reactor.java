package org.dinfra.core.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The plugin SPI: deploys deployments of one descriptor type on the provider's infrastructure.
 *
 * <p>Register one service per descriptor type, with the service properties {@link #TYPE} and
 * {@link #TYPE_VERSION}. Core tracks reactors as a whiteboard: installing a reactor bundle at
 * run time makes its type served; removing it leaves its deployments running, untouched, until
 * it returns. A reactor never looks up another reactor.
 *
 * <p>Contract, checked by the conformance kit:
 * <ul>
 * <li>{@link #deploy} is idempotent by deployment id: a second call for an id that exists
 * returns its status and creates nothing; concurrent calls for one id give one deployment.</li>
 * <li>{@link #teardown} is idempotent and a no-op for an unknown id.</li>
 * <li>{@link #inventory} lists every deployment the reactor owns on the infrastructure,
 * including ones created before an agent restart, so that they are adopted, not duplicated.</li>
 * <li>Methods may block; core calls them from its worker threads, never two at a time for
 * the same id.</li>
 * </ul>
 */
@ConsumerType
public interface Reactor {
	/** Service property (String): the descriptor type id served, for example {@code docker-compose}. */
	String TYPE = "dinfra.type";
	/** Service property (Integer): the major version of the type's schema. */
	String TYPE_VERSION = "dinfra.type.version";
	/**
	 * Where a Java reactor bundle ships its schema, so that tools outside the agent
	 * ({@code ./dinfra descriptor validate}) find it: {@code String.format(SCHEMA_RESOURCE, type)}.
	 */
	String SCHEMA_RESOURCE = "schema/%s.schema.json";

	/** @return the JSON Schema (draft 2020-12) of the type's descriptors, as JSON text */
	String schema();

	/**
	 * The provider's policy, checked after the schema and before anything runs.
	 *
	 * @param request a schema-valid deployment
	 * @return every violation, each a line naming the field; empty when the deployment is allowed
	 */
	default List<String> check(DeploymentRequest request) {
		return List.of();
	}

	/**
	 * Creates the deployment, or finds it when it exists, and waits until it runs.
	 *
	 * @param request the deployment, its descriptor validated against {@link #schema()} and
	 *                {@link #check(DeploymentRequest)}
	 * @return its status, normally {@link DeploymentState#RUNNING} with its endpoints
	 * @throws ReactorException when it cannot be created; {@link ReactorException#isTransient()}
	 *                          tells whether trying again may succeed
	 */
	ReactorStatus deploy(DeploymentRequest request) throws ReactorException;

	/**
	 * Removes the deployment and everything it owns; returns normally for an unknown id.
	 *
	 * @param id the deployment id
	 * @throws ReactorException when it could not be removed (core retries)
	 */
	void teardown(long id) throws ReactorException;

	/**
	 * @param id the deployment id
	 * @return its status, or empty when the reactor owns no such deployment
	 * @throws ReactorException when the infrastructure cannot be asked
	 */
	Optional<ReactorStatus> status(long id) throws ReactorException;

	/**
	 * @return every deployment this reactor owns on the infrastructure
	 * @throws ReactorException when the infrastructure cannot be asked
	 */
	List<ReactorStatus> inventory() throws ReactorException;
}
