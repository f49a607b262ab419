package org.dinfra.cli;

import static org.junit.Assert.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class FieldsOptionTest {
	private static final ObjectMapper JSON = new ObjectMapper();

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static JsonNode json(String text) throws Exception {
		return JSON.readTree(text);
	}

	@Test
	public void membersWildcardsAndMissingValues() throws Exception {
		JsonNode subscription = json("""
				{"id":3,"status":"Deployed","endpoint":"{\\"web:8080/tcp\\":\\"tcp://127.0.0.1:20080\\",\\"ssh\\":\\"ssh://10.0.0.5:22\\"}",
				 "end":2027,"failureReason":null,"tags":["a","b"]}""");
		assertEquals("3", FieldsOption.values(subscription, "id"));
		assertEquals("Deployed", FieldsOption.values(subscription, "status"));
		assertEquals("a string holding JSON is read when the path goes into it",
				"tcp://127.0.0.1:20080 ssh://10.0.0.5:22", FieldsOption.values(subscription, "endpoint.*"));
		assertEquals("tcp://127.0.0.1:20080", FieldsOption.values(subscription, "endpoint.web:8080/tcp"));
		assertEquals("a b", FieldsOption.values(subscription, "tags.*"));
		assertEquals("", FieldsOption.values(subscription, "failureReason"));
		assertEquals("", FieldsOption.values(subscription, "provider"));
		assertEquals("", FieldsOption.values(subscription, "status.*"));
		assertEquals("[\"a\",\"b\"]", FieldsOption.values(subscription, "tags"));
	}

	@Test
	public void descriptorGetPrintsTheFieldsOnOneLineTabSeparated() throws Exception {
		Path web = tmp.newFile("web.json").toPath();
		Files.writeString(web, """
				{"services":{"web":{"image":"busybox:1.36"},"db":{"image":"postgres:16","ports":["5432:5432"]}}}""");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = Main.run(new PrintWriter(out), new PrintWriter(err), "descriptor", "get", web.toString(), "--field", "services.*.image",
				"--field", "services.db.ports.*");
		assertEquals(err.toString(), 0, code);
		assertEquals("busybox:1.36 postgres:16\t5432:5432\n", out.toString());
	}

	@Test
	public void descriptorGetRefusesWhatIsNotJson() throws Exception {
		Path bad = tmp.newFile("bad.json").toPath();
		Files.writeString(bad, "services: {}");
		StringWriter err = new StringWriter();
		assertEquals(1, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "descriptor", "get", bad.toString(), "--field", "a"));
		assertEquals(true, err.toString().startsWith("error: " + bad + " is not JSON: "));
		assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "descriptor", "get", bad.toString()));
	}
}
