package org.dinfra.cli.provision;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KarafCfgTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path file(String text) throws IOException {
		Path f = tmp.newFile("x.cfg").toPath();
		Files.writeString(f, text);
		return f;
	}

	@Test
	public void entriesAreAppendedToAOneLineList() throws IOException {
		Path f = file("# boot\nfeaturesBoot = a, (b, c)\nother = 1\n");
		KarafCfg cfg = KarafCfg.read(f);
		assertEquals(List.of("a", "(b", "c)"), cfg.list("featuresBoot"));
		cfg.append("featuresBoot", List.of("d", "e"));
		assertTrue(cfg.save());

		assertEquals("# boot\nfeaturesBoot = a, (b, c), \\\n    d, \\\n    e\nother = 1\n", Files.readString(f));
		assertEquals(List.of("a", "(b", "c)", "d", "e"), KarafCfg.read(f).list("featuresBoot"));
	}

	@Test
	public void entriesAreAppendedToAnEmptyOrMissingList() throws IOException {
		Path f = file("featuresBoot =\n");
		KarafCfg cfg = KarafCfg.read(f);
		cfg.append("featuresBoot", List.of("d"));
		cfg.append("more", List.of("x", "y"));
		cfg.save();

		assertEquals(List.of("d"), KarafCfg.read(f).list("featuresBoot"));
		assertEquals(List.of("x", "y"), KarafCfg.read(f).list("more"));
	}

	@Test
	public void aValueSetAsItIsDoesNotWriteTheFile() throws IOException {
		Path f = file("key=value\n# comment\n");
		KarafCfg cfg = KarafCfg.read(f);
		cfg.set("key", "value");
		assertFalse(cfg.save());
		cfg.set("key", "other");
		assertTrue(cfg.save());
		assertEquals("key = other\n# comment\n", Files.readString(f));
	}

	@Test
	public void placeholdersAndBackslashesAreWrittenSoKarafReadsThemBack() throws IOException {
		Path f = file("dir = ${karaf.etc}/x\n");
		KarafCfg cfg = KarafCfg.read(f);
		assertEquals("${karaf.etc}/x", cfg.get("dir"));
		cfg.set("windows", "C:\\keys\\provider.suri");
		cfg.save();
		assertEquals("${karaf.etc}/x", KarafCfg.read(f).get("dir"));
		assertEquals("C:\\keys\\provider.suri", KarafCfg.read(f).get("windows"));
	}
}
