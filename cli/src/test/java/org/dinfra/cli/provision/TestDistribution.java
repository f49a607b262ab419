package org.dinfra.cli.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A minimal unpacked Karaf distribution laid out as karaf-distro builds it: etc/ with the features
 * configuration the assembly writes, and in system/ the DINFRA features repository, Karaf's
 * standard one (which names pax-web's), the reactor bundles (with their schemas) and the features'
 * configuration files. Karaf's framework repository, also named, is missing, as a repository
 * outside system/ would be.
 */
final class TestDistribution {
	static final String V = "0.1.0-SNAPSHOT";

	private TestDistribution() {
	}

	static Path create(Path home) throws IOException {
		Path etc = Files.createDirectories(home.resolve("etc"));
		copy("org.apache.karaf.features.cfg", etc.resolve("org.apache.karaf.features.cfg"));
		copy("org.ops4j.pax.web.cfg", etc.resolve("org.ops4j.pax.web.cfg"));
		copy("org.dinfra.core.cfg", etc.resolve("org.dinfra.core.cfg"));
		Path system = home.resolve("system");
		copy("dinfra-features.xml", artifact(system, "org/dinfra", "dinfra-features", V, "features", "xml"));
		copy("standard-features.xml", artifact(system, "org/apache/karaf/features", "standard", "4.4.10", "features", "xml"));
		copy("pax-web-features.xml", artifact(system, "org/ops4j/pax/web", "pax-web-features", "8.0.34", "features", "xml"));
		copy("org.dinfra.chain.cfg", artifact(system, "org/dinfra", "dinfra-chain", V, "chain", "cfg"));
		copy("org.dinfra.core.cfg", artifact(system, "org/dinfra", "dinfra-core", V, "core", "cfg"));
		copy("org.dinfra.reactor.dockercompose.cfg", artifact(system, "org/dinfra", "dinfra-reactor-dockercompose", V, "reactor-dockercompose", "cfg"));
		copy("org.dinfra.reactor.cloudstack.cfg", artifact(system, "org/dinfra", "dinfra-reactor-cloudstack", V, "reactor-cloudstack", "cfg"));
		bundle(system, "dinfra-core");
		bundle(system, "dinfra-chain");
		bundle(system, "dinfra-reactor-dockercompose", "schema/docker-compose.schema.json");
		bundle(system, "dinfra-reactor-cloudstack", "schema/cloudstack-vm.schema.json");
		bundle(system, "dinfra-reactor-http");
		return home;
	}

	/** Writes a DINFRA bundle jar holding the given (empty) entries. */
	static void bundle(Path system, String artifactId, String... entries) throws IOException {
		Path jar = artifact(system, "org/dinfra", artifactId, V, null, "jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			out.putNextEntry(new JarEntry("org/dinfra/Placeholder.class"));
			out.closeEntry();
			for (String e : entries) {
				out.putNextEntry(new JarEntry(e));
				out.write("{}".getBytes());
				out.closeEntry();
			}
		}
	}

	static Path artifact(Path system, String group, String artifactId, String version, String classifier, String type)
			throws IOException {
		Path dir = Files.createDirectories(system.resolve(group).resolve(artifactId).resolve(version));
		return dir.resolve(artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type);
	}

	private static void copy(String resource, Path to) throws IOException {
		try (InputStream in = TestDistribution.class.getResourceAsStream("/provision/" + resource)) {
			if (in == null) {
				throw new IOException("no test resource " + resource);
			}
			Files.createDirectories(to.getParent());
			Files.copy(in, to);
		}
	}
}
