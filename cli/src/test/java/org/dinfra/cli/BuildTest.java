package org.dinfra.cli;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The one staleness rule, scripts/lib.sh's dinfra_sources_newer_than, as Build asks it. */
public class BuildTest {
	private static final FileTime SOURCES = FileTime.fromMillis(1_700_000_000_000L);
	private static final FileTime BUILT = FileTime.fromMillis(1_700_000_100_000L);
	private static final FileTime LATER = FileTime.fromMillis(1_700_000_200_000L);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path root;
	private Path output;

	private Path file(String path, FileTime time) throws Exception {
		Path f = root.resolve(path);
		Files.createDirectories(f.getParent());
		Files.writeString(f, path);
		Files.setLastModifiedTime(f, time);
		return f;
	}

	/** A checkout: the real scripts/lib.sh, sources of every built module, and a build output. */
	@Before
	public void checkout() throws Exception {
		root = tmp.getRoot().toPath();
		Files.createDirectories(root.resolve("scripts"));
		Files.copy(Path.of("..", "scripts", "lib.sh"), root.resolve("scripts/lib.sh"));
		file("pom.xml", SOURCES);
		file("bundles/core/src/main/java/Core.java", SOURCES);
		file("cli/src/main/java/Main.java", SOURCES);
		file("features/src/main/feature/feature.xml", SOURCES);
		file("karaf-distro/src/main/assembly/bin/setenv", SOURCES);
		output = file("karaf-distro/target/assembly/bin/karaf", BUILT);
	}

	@Test
	public void anOutputNewerThanEverySourceIsFresh() throws Exception {
		assertFalse(Build.stale(root, output));
	}

	@Test
	public void aMissingOutputIsStale() throws Exception {
		assertTrue(Build.stale(root, root.resolve("cli/target/dinfra-cli.jar")));
	}

	@Test
	public void anyNewerFileOfAModuleMakesItStaleWhateverItsName() throws Exception {
		for (String source : new String[] {"pom.xml", "bundles/core/src/main/java/Core.java", "bundles/core/bnd.bnd",
				"cli/src/test/resources/x.json", "features/src/main/feature/feature.xml", "karaf-distro/src/main/assembly/bin/setenv",
				"karaf-distro/pom.xml"}) {
			Path f = file(source, LATER);
			assertTrue(source, Build.stale(root, output));
			Files.setLastModifiedTime(f, SOURCES);
			assertFalse(source, Build.stale(root, output));
		}
	}

	@Test
	public void buildOutputsAndFilesOutsideTheModulesDoNotCount() throws Exception {
		file("bundles/core/target/classes/Core.class", LATER);
		file("cli/target/dinfra-cli.jar", LATER);
		file("docs/tutorial.md", LATER);
		file("scripts/up.sh", LATER);
		assertFalse(Build.stale(root, output));
	}
}
