package org.dinfra.status.internal;

import java.nio.file.Path;

/**
 * Where the per-deployment logs are: the distribution's {@code etc/org.ops4j.pax.logging.cfg}
 * routes every log line written while core works on a deployment (MDC key
 * {@code dinfra.deployment}) to {@code ${karaf.data}/log/deployments/<id>.log}.
 */
public final class DeploymentLogs {
	private DeploymentLogs() {
	}

	/** @return the directory of the per-deployment logs */
	public static Path directory() {
		return Path.of(System.getProperty("karaf.data", "data"), "log", "deployments");
	}

	/**
	 * @param id the deployment id, as an unsigned decimal number
	 * @return its log file
	 * @throws IllegalArgumentException when the id is not an unsigned 64-bit number
	 */
	public static Path of(String id) {
		try {
			return directory().resolve(Long.toUnsignedString(Long.parseUnsignedLong(id)) + ".log");
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("error: not a deployment id (an unsigned 64-bit number): " + id);
		}
	}
}
