package org.dinfra.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dinfra.core.api.Cid;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DescriptorCommandTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path schemaDir;
	private final StringWriter out = new StringWriter();
	private final StringWriter err = new StringWriter();

	@Before
	public void schemas() throws Exception {
		schemaDir = tmp.newFolder("reactor").toPath();
		Files.createDirectories(schemaDir.resolve("schema"));
		Files.writeString(schemaDir.resolve("schema/greeting.schema.json"), """
				{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
				 "required":["message"],"additionalProperties":false,
				 "properties":{"message":{"type":"string"}}}""");
	}

	private int run(String... args) {
		return Main.run(new PrintWriter(out), new PrintWriter(err), args);
	}

	private String file(String name, String content) throws Exception {
		Path f = tmp.getRoot().toPath().resolve(name);
		Files.writeString(f, content);
		return f.toString();
	}

	@Test
	public void validDescriptorExitsZero() throws Exception {
		int code = run("descriptor", "validate", "--schema-path", schemaDir.toString(), "--type", "greeting",
				file("ok.json", "{\"message\":\"hi\"}"));
		assertEquals(err.toString(), 0, code);
		assertTrue(out.toString().contains("valid greeting"));
	}

	@Test
	public void invalidDescriptorExitsOneWithEveryProblemAndItsPointer() throws Exception {
		int code = run("descriptor", "validate", "--schema-path", schemaDir.toString(), "--type", "greeting",
				file("bad.json", "{\"message\":5,\"colour\":\"red\"}"));
		assertEquals(1, code);
		assertTrue(err.toString(), err.toString().contains("2 problems"));
		assertTrue(err.toString(), err.toString().contains("/message:"));
		assertTrue(err.toString(), err.toString().contains("/colour:"));
	}

	@Test
	public void unknownTypeIsOneErrorLineNamingTheKnownTypes() throws Exception {
		int code = run("descriptor", "validate", "--schema-path", schemaDir.toString(), "--type", "nope",
				file("ok.json", "{\"message\":\"hi\"}"));
		assertEquals(1, code);
		assertEquals(1, err.toString().strip().lines().count());
		assertTrue(err.toString(), err.toString().startsWith("error: unknown descriptor type 'nope'"));
		assertTrue(err.toString(), err.toString().contains("greeting"));
	}

	@Test
	public void missingFileIsOneErrorLine() {
		int code = run("descriptor", "validate", "--schema-path", schemaDir.toString(), "--type", "greeting",
				tmp.getRoot() + "/absent.json");
		assertEquals(1, code);
		assertTrue(err.toString(), err.toString().startsWith("error: no such file"));
	}

	@Test
	public void missingTypeOptionIsAUsageError() throws Exception {
		assertEquals(2, run("descriptor", "validate", file("ok.json", "{}")));
	}

	@Test
	public void typesListsTheSchemasOnTheSchemaPath() {
		assertEquals(0, run("descriptor", "types", "--schema-path", schemaDir.toString()));
		assertTrue(out.toString(), out.toString().lines().anyMatch("greeting"::equals));
	}

	@Test
	public void cidIsTheRawSha256CidOfTheFileBytes() throws Exception {
		String f = file("d.json", "{\"message\":\"hi\"}");
		assertEquals(0, run("descriptor", "cid", f));
		assertEquals(Cid.of("{\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8)).toString(), out.toString().strip());
	}

	@Test
	public void putStoresTheBytesUnderTheirCid() throws Exception {
		Path store = tmp.newFolder("store").toPath();
		String f = file("d.json", "{\"message\":\"stored\"}");
		assertEquals(err.toString(), 0, run("descriptor", "put", "--store", store.toString(), f));
		String cid = out.toString().strip();
		assertEquals("{\"message\":\"stored\"}", Files.readString(store.resolve(cid)));
		assertTrue(Cid.parse(cid).matches(Files.readAllBytes(store.resolve(cid))));
	}

	@Test
	public void checkAcceptsASchemaValidDescriptorWithoutPolicyForItsType() throws Exception {
		int code = run("descriptor", "check", "--schema-path", schemaDir.toString(), "--type", "greeting",
				file("ok.json", "{\"message\":\"hi\"}"));
		assertEquals(err.toString(), 0, code);
		assertTrue(out.toString().contains("accepted greeting"));
	}

	@Test
	public void checkRefusesWhatTheSchemaRefuses() throws Exception {
		int code = run("descriptor", "check", "--schema-path", schemaDir.toString(), "--type", "greeting",
				file("bad.json", "{}"));
		assertEquals(1, code);
		assertTrue(err.toString(), err.toString().contains("refused by the schema"));
	}
}
