package org.dinfra.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the repository checkout the launcher runs from ({@code dinfra.root}) and
 * the state directory of the local agent ({@code DINFRA_HOME}, default {@code ~/.dinfra}).
 */
public final class Environment {
	private Environment() {
	}

	/** @return the repository root (the launcher sets {@code -Ddinfra.root}) */
	public static Path root() {
		String root = System.getProperty("dinfra.root");
		return Path.of(root != null ? root : ".").toAbsolutePath().normalize();
	}

	/** @return the state directory of the local agent and dev tools */
	public static Path home() {
		String home = System.getenv("DINFRA_HOME");
		return home != null && !home.isBlank() ? Path.of(home)
				: Path.of(System.getProperty("user.home"), ".dinfra");
	}

	/** @return the Karaf data directory of the local agent started by {@code ./dinfra agent} */
	public static Path agentData() {
		return home().resolve("agent").resolve("data");
	}

	/** @return the unpacked distribution built by Maven */
	public static Path distribution() {
		return root().resolve("karaf-distro").resolve("target").resolve("assembly");
	}

	/** @return whether a readable file exists, else a CliException naming it */
	public static Path readableFile(String name) {
		Path p = Path.of(name);
		if (!Files.isRegularFile(p)) {
			throw new CliException("no such file: " + name);
		}
		if (!Files.isReadable(p)) {
			throw new CliException("cannot read " + name + ": permission denied");
		}
		return p;
	}
}
