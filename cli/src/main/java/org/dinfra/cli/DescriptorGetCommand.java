package org.dinfra.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./dinfra descriptor get}: values of a descriptor, for scripts ({@link FieldsOption}). */
@Command(name = "get", mixinStandardHelpOptions = true,
		description = {"Prints values of a descriptor file for scripts, tab separated on one line, for example "
				+ "the images of a docker-compose descriptor: descriptor get web.json --field 'services.*.image'."})
public final class DescriptorGetCommand implements Callable<Integer> {
	private static final ObjectMapper JSON = new ObjectMapper();

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "FILE", description = "The descriptor file (JSON).")
	String file;

	@Mixin
	FieldsOption fields;

	@Override
	public Integer call() throws IOException {
		if (!fields.given()) {
			throw new CliException("which values? give --field PATH", 2);
		}
		JsonNode descriptor;
		try {
			descriptor = JSON.readTree(Files.readAllBytes(Environment.readableFile(file)));
		} catch (JsonProcessingException e) {
			throw new CliException(file + " is not JSON: " + e.getOriginalMessage());
		}
		spec.commandLine().getOut().println(fields.line(descriptor));
		return 0;
	}
}
