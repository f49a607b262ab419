package org.dinfra.reactor.dockercompose.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Docker Compose reactor ({@code etc/org.dinfra.reactor.dockercompose.cfg}). */
@ObjectClassDefinition(name = "DINFRA Docker Compose reactor",
		description = "Serves descriptor type docker-compose on the provider's Docker engine, within the provider's policy.")
public @interface DockerComposeReactorConfig {
	@AttributeDefinition(name = "Provider id",
			description = "Set as label org.dinfra.provider on every container and volume; the inventory lists only "
					+ "containers with this label. Letters, digits, '.', '_' and '-'. Empty: the host name.")
	String providerId() default "";

	@AttributeDefinition(name = "Data directory",
			description = "Where each deployment's Compose file and log are kept (<dir>/<id>/). "
					+ "Empty: ${karaf.data}/dinfra/reactor-dockercompose.")
	String dataDir() default "";

	@AttributeDefinition(name = "docker command", description = "The docker program: a name on PATH or a path.")
	String dockerCommand() default "docker";

	@AttributeDefinition(name = "Compose command",
			description = "The Compose command line, e.g. 'docker compose' or '/usr/bin/docker-compose'. Empty: "
					+ "'docker compose' when the plugin answers, else 'docker-compose'.")
	String composeCommand() default "";

	@AttributeDefinition(name = "DOCKER_HOST",
			description = "The engine, e.g. unix:///run/docker.sock or tcp://127.0.0.1:2375. Empty: the agent's "
					+ "DOCKER_HOST, else the engine's default socket.")
	String dockerHost() default "";

	@AttributeDefinition(name = "Command timeout (s)",
			description = "Longest a Compose call (up, down; including image pulls) may take before it is killed.")
	int commandTimeoutSeconds() default 600;

	@AttributeDefinition(name = "Ready timeout (s)",
			description = "Longest a deploy waits after 'up' for every service to run (and be healthy when it has a "
					+ "health check); then it fails and core retries.")
	int readyTimeoutSeconds() default 180;

	@AttributeDefinition(name = "Settle time (ms)",
			description = "How long a container without a health check must keep running before a deploy reports "
					+ "it running, so that a command that exits at once fails the deployment. 0: report it at once.")
	int settleMillis() default 1000;

	@AttributeDefinition(name = "Stop timeout (s)",
			description = "Seconds containers get to stop on teardown before they are killed.")
	int stopTimeoutSeconds() default 10;

	@AttributeDefinition(name = "Publish address",
			description = "The only address ports are published on; a port without an address gets this one. A "
					+ "provider sets its public address.")
	String publishAddress() default ComposePolicy.Settings.DEFAULT_ADDRESS;

	@AttributeDefinition(name = "Lowest published port", description = "Published ports must be in this range.")
	int portRangeMin() default ComposePolicy.Settings.DEFAULT_PORT_MIN;

	@AttributeDefinition(name = "Highest published port", description = "Published ports must be in this range.")
	int portRangeMax() default ComposePolicy.Settings.DEFAULT_PORT_MAX;

	@AttributeDefinition(name = "CPUs per deployment",
			description = "The CPU limits of a deployment's services may add up to this much.")
	double maxCpus() default ComposePolicy.Settings.DEFAULT_MAX_CPUS;

	@AttributeDefinition(name = "Memory per deployment",
			description = "The memory limits of a deployment's services may add up to this much (e.g. 2g, 512m).")
	String maxMemory() default ComposePolicy.Settings.DEFAULT_MAX_MEMORY;

	@AttributeDefinition(name = "Default CPUs per service",
			description = "The CPU limit given to a service that names none (counted in the sum).")
	double defaultServiceCpus() default ComposePolicy.Settings.DEFAULT_SERVICE_CPUS;

	@AttributeDefinition(name = "Default memory per service",
			description = "The memory limit given to a service that names none (counted in the sum).")
	String defaultServiceMemory() default ComposePolicy.Settings.DEFAULT_SERVICE_MEMORY;

	@AttributeDefinition(name = "Process limit per container", description = "pids_limit of every container.")
	int pidsLimit() default ComposePolicy.Settings.DEFAULT_PIDS_LIMIT;

	@AttributeDefinition(name = "Allowed image prefixes",
			description = "Comma-separated. An entry ending in '/' allows every image under it (docker.io/library/ "
					+ "is Docker Hub's official images, which also covers unqualified names like nginx); other "
					+ "entries name one repository. Names without a registry mean Docker Hub: parity/ is "
					+ "docker.io/parity/.")
	String allowedImagePrefixes() default ComposePolicy.Settings.DEFAULT_IMAGE_PREFIXES;
}
